/**
 * A dataset of a node's catalog: DCAT metadata, its distributions, the ODRL offers under which it can be negotiated,
 * and the confidentiality label that governs who may even learn that it exists.
 */
import type { ConfidentialityLabel, LabelBinding } from '../labels/index.ts';
import type { CatalogOffer } from '../protocol/messages/odrl.ts';
import type { CroissantCard } from '../cards/index.ts';

export type CatalogDistribution = {
  /** `dcat:Distribution` format as DSP uses it (a transfer type such as "HttpData-PULL"). */
  readonly format: string;
  /** IANA media type of the bytes (`dcat:mediaType`), e.g. "application/parquet". */
  readonly mediaType?: string;
  /** `dcat:byteSize`. */
  readonly byteSize?: number;
  readonly title?: string;
};

export type CatalogDataset = {
  /** The dataset IRI (`@id`), e.g. "urn:uuid:…". */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly keywords: readonly string[];
  /** Participant identifier of the publishing node (`dct:publisher`). */
  readonly publisher: string;
  /** RFC 3339 instants (`dct:issued`, `dct:modified`). */
  readonly issued: string;
  readonly modified: string;
  readonly distributions: readonly CatalogDistribution[];
  /** ODRL offers as the Dataspace Protocol carries them in a catalog (compacted JSON-LD, no `target`). */
  readonly offers: readonly CatalogOffer[];
  readonly label: ConfidentialityLabel;
  /** The STANAG 4778-style binding of the label to the data, when the publisher made one. */
  readonly labelBinding?: LabelBinding;
  /** The Croissant card of a dataset meant for machine learning (JSON-LD, validated when published). */
  readonly card?: CroissantCard;
  /** Hex SHA-256 of the dataset's bytes, when the publisher gave it: part of what the version id commits to. */
  readonly dataDigest?: string;
  /** The current version id (`sha256:…` of the content description, set by the node; see src/lineage). */
  readonly version?: string;
  /** Version ids of the inputs of a derived dataset (`prov:wasDerivedFrom`). */
  readonly derivedFrom?: readonly string[];
  /**
   * In a peer's catalog: the encrypted object its content moves as (bytes of ciphertext, transfer types), read from
   * the distributions the peer's data plane serves; kept apart from the publisher's own `distributions`.
   */
  readonly object?: { readonly byteSize: number; readonly formats: readonly string[] };
};

/** The DSP data service through which a catalog's distributions are reached. */
export type CatalogService = { readonly id: string; readonly endpointURL: string };

/**
 * The encrypted object a dataset's content is stored and shipped as (src/dataplane/format), shown as a distribution
 * of its own: the bytes a transfer moves, reached through the node's data plane.
 */
export type CatalogObject = {
  /** Bytes of ciphertext: the sum of the object's segments. */
  readonly byteSize: number;
  /** The data plane that serves its manifest and segments to a consumer with an agreement. */
  readonly accessService: CatalogService;
};

/** The media type of an encrypted object: a signed manifest (type `foedera-encrypted-object`) and its segments. */
export const ENCRYPTED_OBJECT_MEDIA_TYPE = 'application/vnd.foedera.encrypted-object';

/** The DSP transfer types the data plane moves an object by. */
export const OBJECT_TRANSFER_FORMATS = ['HttpData-PULL', 'HttpData-PUSH'] as const;
