/**
 * The shapes the console's catalog, negotiation, transfer, received-data and audit screens read, for management
 * operations the node does not list in its OpenAPI document yet. Each reader checks an unknown body and refuses
 * what does not fit, so a drift between node and console shows as a clear message, never as a broken screen.
 * When the node serves these operations, regenerate schema.d.ts and move the screens to the typed client.
 */
import type { ConfidentialityLabel } from '../../../src/labels/label.ts';
import { readLabelShape } from '../../../src/labels/codec/label-shape.ts';
import type { NegotiationState, TransferState } from '../../../src/protocol/messages/types.ts';
import { summariseOffer } from '../catalog/offer-summary.ts';

export const OPERATIONS = {
  catalog: 'GET /v1/catalog',
  negotiations: 'GET /v1/negotiations',
  startNegotiation: 'POST /v1/negotiations',
  transfers: 'GET /v1/transfers',
  startTransfer: 'POST /v1/transfers',
  received: 'GET /v1/dataplane/received',
  open: 'GET /v1/dataplane/objects/{objectId}/plaintext',
  progress: 'GET /v1/dataplane/transfers/{pid}/progress',
  audit: 'GET /v1/audit/entries',
  proof: 'GET /v1/audit/entries/{index}/proof',
} as const;

/** A dataset as the catalog module models it (src/catalog/dataset.ts `CatalogDataset`), as far as the console shows it. */
export type CatalogItem = {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly keywords: readonly string[];
  readonly publisher: string;
  /** The peer whose catalog listed it; absent for this node's own datasets. */
  readonly peer?: string;
  readonly formats: readonly string[];
  /** The size of its content, when the publisher stated it. */
  readonly byteSize?: number;
  /** The file name of its first distribution, when the publisher gave one (its `title`). */
  readonly fileName?: string;
  readonly label: ConfidentialityLabel;
  readonly offers: readonly { readonly id: string; readonly summary: string; readonly policy: unknown }[];
};

export type NegotiationRow = {
  readonly id: string;
  /** Whether this node asked (consumer) or was asked (provider). */
  readonly role?: 'consumer' | 'provider';
  readonly state: NegotiationState;
  readonly counterparty: string;
  readonly dataset: string;
  readonly reached?: NegotiationState;
  readonly reason?: string;
  readonly agreementId?: string;
};

export type TransferRow = {
  readonly id: string;
  readonly role?: 'consumer' | 'provider';
  readonly counterparty?: string;
  readonly state: TransferState;
  readonly agreementId: string;
  readonly dataset: string;
  readonly bytesDone?: number;
  readonly bytesTotal?: number;
  readonly reason?: string;
};

/** An object this node received under an agreement (the data plane's `GET /v1/dataplane/received`). */
export type ReceivedRow = {
  readonly objectId: string;
  readonly owner: string;
  readonly agreementId: string;
  readonly state: string;
  readonly transfer?: string;
  readonly plaintextSize: number;
  /** Whether an offline key lease is kept, so it opens while the owner is unreachable. */
  readonly lease: boolean;
};

/** How much of a consumer transfer's object has arrived (`GET /v1/dataplane/transfers/{pid}/progress`). */
export type TransferProgressRow = {
  readonly state: 'waiting' | 'pulling' | 'receiving' | 'received' | 'failed';
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly segmentsDone: number;
  readonly segmentsTotal: number;
  readonly objectId?: string;
  readonly error?: string;
};

export type AuditRow = {
  readonly index: number;
  readonly time: string;
  readonly kind: string;
  readonly actor: string;
  readonly subject: string;
  /** The entry exactly as the log holds it: what the browser hashes as the leaf. */
  readonly entry: Readonly<Record<string, unknown>>;
};

export type AuditPage = {
  readonly size: number;
  readonly root: string;
  readonly entries: readonly AuditRow[];
};
export type AuditProof = {
  readonly index: number;
  readonly size: number;
  readonly root: string;
  readonly proof: readonly string[];
};

type Obj = Record<string, unknown>;
const obj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string';
const int = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const items = (v: unknown): unknown[] | undefined =>
  Array.isArray(v) ? v : obj(v) && Array.isArray(v.items) ? v.items : undefined;
const opt = <T>(v: T | undefined, key: string): Record<string, T> => (v === undefined ? {} : { [key]: v });

const NEGOTIATION_STATES = new Set<string>([
  'REQUESTED',
  'OFFERED',
  'ACCEPTED',
  'AGREED',
  'VERIFIED',
  'FINALIZED',
  'TERMINATED',
]);
const TRANSFER_STATES = new Set<string>(['REQUESTED', 'STARTED', 'SUSPENDED', 'COMPLETED', 'TERMINATED']);

function list<T>(value: unknown, read: (v: unknown) => T | undefined): T[] | undefined {
  const all = items(value);
  if (all === undefined) return undefined;
  const out = all.map(read);
  return out.every((x) => x !== undefined) ? (out as T[]) : undefined;
}

function label(v: unknown): ConfidentialityLabel | undefined {
  const read = readLabelShape(v);
  return read.ok ? read.value : undefined;
}

export const readCatalog = (value: unknown): CatalogItem[] | undefined =>
  list(value, (entry) => {
    // A federated entry wraps the dataset with the peer that listed it; the node's own are plain datasets.
    const v = obj(entry) && obj(entry.dataset) ? entry.dataset : entry;
    const peer = obj(entry) && str(entry.peer) ? entry.peer : undefined;
    if (!obj(v) || !str(v.id) || !str(v.title) || !str(v.publisher)) return undefined;
    const l = label(v.label);
    const offers = list(v.offers ?? [], (o) => {
      const id = obj(o) ? (o['@id'] ?? o.id) : undefined;
      return str(id) ? { id, summary: summariseOffer(o), policy: o } : undefined;
    });
    if (l === undefined || offers === undefined) return undefined;
    const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter(str) : []);
    const formats = Array.isArray(v.distributions)
      ? v.distributions.flatMap((d) =>
          obj(d) && str(d.mediaType) ? [d.mediaType] : obj(d) && str(d.format) ? [d.format] : [],
        )
      : [];
    const sizes = Array.isArray(v.distributions)
      ? v.distributions.flatMap((d) => (obj(d) && int(d.byteSize) ? [d.byteSize] : []))
      : [];
    const first: unknown = Array.isArray(v.distributions) ? v.distributions[0] : undefined;
    return {
      id: v.id,
      title: v.title,
      ...opt(obj(first) && str(first.title) ? first.title : undefined, 'fileName'),
      description: str(v.description) ? v.description : '',
      keywords: strings(v.keywords),
      publisher: v.publisher,
      ...opt(peer, 'peer'),
      formats,
      ...opt(sizes.length === 0 ? undefined : sizes.reduce((a, b) => a + b, 0), 'byteSize'),
      label: l,
      offers,
    };
  });

export const readNegotiations = (value: unknown): NegotiationRow[] | undefined =>
  list(value, (v) => {
    if (!obj(v) || !str(v.id) || !str(v.state) || !NEGOTIATION_STATES.has(v.state) || !str(v.counterparty))
      return undefined;
    const reached =
      str(v.reached) && NEGOTIATION_STATES.has(v.reached) ? (v.reached as NegotiationState) : undefined;
    const role = v.role === 'consumer' || v.role === 'provider' ? v.role : undefined;
    return {
      id: v.id,
      ...opt(role, 'role'),
      state: v.state as NegotiationState,
      counterparty: v.counterparty,
      dataset: str(v.dataset) ? v.dataset : '',
      ...opt(reached, 'reached'),
      ...opt(str(v.reason) ? v.reason : undefined, 'reason'),
      ...opt(str(v.agreementId) ? v.agreementId : undefined, 'agreementId'),
    };
  });

export const readTransfers = (value: unknown): TransferRow[] | undefined =>
  list(value, (v) => {
    if (!obj(v) || !str(v.id) || !str(v.state) || !TRANSFER_STATES.has(v.state) || !str(v.agreementId))
      return undefined;
    const role = v.role === 'consumer' || v.role === 'provider' ? v.role : undefined;
    return {
      id: v.id,
      ...opt(role, 'role'),
      ...opt(str(v.counterparty) ? v.counterparty : undefined, 'counterparty'),
      state: v.state as TransferState,
      agreementId: v.agreementId,
      dataset: str(v.dataset) ? v.dataset : '',
      ...opt(int(v.bytesDone) ? v.bytesDone : undefined, 'bytesDone'),
      ...opt(int(v.bytesTotal) ? v.bytesTotal : undefined, 'bytesTotal'),
      ...opt(str(v.reason) ? v.reason : undefined, 'reason'),
    };
  });

export const readReceived = (value: unknown): ReceivedRow[] | undefined =>
  list(value, (v) => {
    if (!obj(v) || !str(v.objectId) || !str(v.owner) || !str(v.agreementId) || !str(v.state))
      return undefined;
    if (!int(v.plaintextSize) || typeof v.lease !== 'boolean') return undefined;
    return {
      objectId: v.objectId,
      owner: v.owner,
      agreementId: v.agreementId,
      state: v.state,
      ...opt(str(v.transfer) ? v.transfer : undefined, 'transfer'),
      plaintextSize: v.plaintextSize,
      lease: v.lease,
    };
  });

const PROGRESS_STATES = new Set(['waiting', 'pulling', 'receiving', 'received', 'failed']);
const count = (v: unknown): { total: number; received: number } | undefined =>
  obj(v) && int(v.total) && int(v.received) ? { total: v.total, received: v.received } : undefined;

export function readProgress(value: unknown): TransferProgressRow | undefined {
  if (!obj(value) || !str(value.state) || !PROGRESS_STATES.has(value.state)) return undefined;
  const bytes = count(value.bytes);
  const segments = count(value.segments);
  if (bytes === undefined || segments === undefined) return undefined;
  return {
    state: value.state as TransferProgressRow['state'],
    bytesDone: bytes.received,
    bytesTotal: bytes.total,
    segmentsDone: segments.received,
    segmentsTotal: segments.total,
    ...opt(str(value.objectId) ? value.objectId : undefined, 'objectId'),
    ...opt(str(value.error) ? value.error : undefined, 'error'),
  };
}

export function readAuditPage(value: unknown): AuditPage | undefined {
  if (!obj(value) || !obj(value.treeHead) || !int(value.treeHead.size) || !str(value.treeHead.root))
    return undefined;
  const entries = list(value.entries, (e) => {
    if (!obj(e) || !int(e.index) || !str(e.time) || !str(e.kind) || !str(e.actor) || !str(e.subject))
      return undefined;
    return { index: e.index, time: e.time, kind: e.kind, actor: e.actor, subject: e.subject, entry: e };
  });
  return entries === undefined
    ? undefined
    : { size: value.treeHead.size, root: value.treeHead.root, entries };
}

export function readAuditProof(value: unknown): AuditProof | undefined {
  if (!obj(value) || !int(value.index) || !int(value.size) || !str(value.root) || !Array.isArray(value.proof))
    return undefined;
  const proof = value.proof;
  if (!proof.every(str)) return undefined;
  return { index: value.index, size: value.size, root: value.root, proof };
}
