/**
 * Terms of the DCAT/DSP JSON-LD a catalog is written in. The DSP 2025-1 context is protected and declares the `dct`
 * and `dcat` prefixes, so DCAT properties are written as CURIEs. Foedera's own properties use full IRIs (the DSP
 * schemas allow only string contexts, so no prefix can be added), with JSON literals (`"@type": "@json"`) so that
 * the label and its binding survive JSON-LD processing byte for byte.
 */
export const FOEDERA_NS = 'https://w3id.org/foedera/ns#';
export const LABEL_TERM = `${FOEDERA_NS}confidentialityLabel`;
export const BINDING_TERM = `${FOEDERA_NS}labelBinding`;
/** The dataset's Croissant card, as a JSON literal: it keeps its own `@context` and survives processing unchanged. */
export const CARD_TERM = `${FOEDERA_NS}croissant`;
/** Hex SHA-256 of the dataset's bytes. */
export const DATA_DIGEST_TERM = `${FOEDERA_NS}dataDigest`;
export const PROV_DERIVED_FROM = 'http://www.w3.org/ns/prov#wasDerivedFrom';

export const DCT = {
  title: 'dct:title',
  description: 'dct:description',
  publisher: 'dct:publisher',
  issued: 'dct:issued',
  modified: 'dct:modified',
} as const;

export const DCAT = {
  keyword: 'dcat:keyword',
  mediaType: 'dcat:mediaType',
  byteSize: 'dcat:byteSize',
  version: 'dcat:version',
} as const;

export type JsonLiteral<T> = { '@type': '@json'; '@value': T };
export const jsonLiteral = <T>(value: T): JsonLiteral<T> => ({ '@type': '@json', '@value': value });
