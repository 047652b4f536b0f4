/**
 * Pulls an encrypted object from its owner: the manifest (verified, then recorded), then every segment the local
 * blob store does not hold yet, several in flight, each streamed into the store which keeps it only if its SHA-256
 * matches the signed manifest. A cut connection is retried segment by segment; a later call after a crash or
 * restart fetches only what is still missing. Memory stays at a few stream buffers per segment in flight.
 */
import type { Agent } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Clock } from '../../shared/clock.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { BlobStore } from '../../store/blob/port.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { LabelBinder } from '../format/label-binding.ts';
import type { Manifest } from '../format/manifest.ts';
import { verifyManifest, type ManifestRefusal } from '../format/verify-manifest.ts';
import type { VerificationKeyLookup } from '../keys/node-signing-key.ts';
import { call, callJson, expectOk, inParallel, sleep, TransferHttpError } from './http.ts';
import {
  completeIfWhole,
  findReceived,
  missingSegments,
  receiveSegment,
  recordReceiving,
} from './receive.ts';

export type PullOptions = {
  /** The owner's data plane base URL, e.g. `https://fra.example:8443/dataplane`. */
  readonly baseUrl: string;
  readonly agent: Agent;
  readonly objectId: string;
  readonly agreementId: string;
  readonly store: MetadataStore;
  readonly blobs: BlobStore;
  readonly manifestCheck: { readonly lookup: VerificationKeyLookup; readonly labelBinder: LabelBinder };
  readonly clock: Clock;
  readonly concurrency?: number;
  /** Tries per segment before the pull gives up (it can be called again later and resumes). */
  readonly attempts?: number;
  readonly retryDelayMs?: number;
  readonly onSegment?: (progress: { index: number; size: number }) => void;
  readonly signal?: AbortSignal;
  /** Checks the owner's TLS identity on every answer (see `Call.checkServer`). */
  readonly checkServer?: (socket: TLSSocket) => void;
};

export type PullRefusal =
  | ManifestRefusal
  | 'manifest-conflict'
  | 'segment-hash-mismatch'
  | 'segment-size-mismatch'
  | 'transfer-failed'
  | string;

export type PullOutcome = {
  readonly manifest: Manifest;
  readonly fetched: number;
  readonly alreadyHeld: number;
};

export async function pullObject(options: PullOptions): Promise<Result<PullOutcome, PullRefusal>> {
  const base = options.baseUrl.replace(/\/$/, '');
  const id = encodeURIComponent(options.objectId);
  const query = `agreement=${encodeURIComponent(options.agreementId)}`;
  const what = `Cannot pull object "${options.objectId}"`;

  let manifest: Manifest;
  const known = await findReceived(options.store.db, options.objectId);
  if (known !== undefined) manifest = known.manifest;
  else {
    let fetched: unknown;
    try {
      fetched = await callJson({
        url: `${base}/objects/${id}/manifest?${query}`,
        agent: options.agent,
        what,
        ...signalOf(options),
      });
    } catch (error) {
      return failure(error, what);
    }
    const verified = await verifyManifest(fetched, {
      ...options.manifestCheck,
      expectedObjectId: options.objectId,
    });
    if (!verified.ok) return verified;
    const recorded = await recordReceiving(options.store.db, {
      manifest: verified.value,
      agreementId: options.agreementId,
    });
    if (!recorded.ok) return recorded;
    manifest = verified.value;
  }

  const segments = manifest.body.integrity.segments;
  const missing = await missingSegments(options.blobs, manifest);
  const attempts = options.attempts ?? 5;
  let refusal: Result<never, PullRefusal> | undefined;
  try {
    await inParallel(missing, options.concurrency ?? 4, async (index) => {
      const segment = segments[index]!;
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await expectOk(
            await call({
              url: `${base}/objects/${id}/segments/${segment.hash}?${query}`,
              agent: options.agent,
              ...signalOf(options),
            }),
            `${what}: segment ${index}`,
          );
          const stored = await receiveSegment(options.blobs, { segment, source: response });
          if (stored.ok) {
            options.onSegment?.({ index, size: segment.size });
            return;
          }
          // A wrong segment may be a proxy's corruption: retried like a cut, refused if it persists.
          if (attempt >= attempts) {
            refusal = stored;
            throw new Error(stored.detail);
          }
        } catch (error) {
          if (refusal !== undefined || options.signal?.aborted === true) throw error;
          if (error instanceof TransferHttpError && !error.retryable) throw error;
          if (attempt >= attempts) throw error;
        }
        await sleep((options.retryDelayMs ?? 200) * attempt);
      }
    });
  } catch (error) {
    return refusal ?? failure(error, what);
  }
  const left = await completeIfWhole(options.store.db, {
    blobs: options.blobs,
    manifest,
    now: options.clock(),
  });
  if (left > 0) return err('transfer-failed', `${what}: ${left} segments still missing`);
  return ok({ manifest, fetched: missing.length, alreadyHeld: segments.length - missing.length });
}

const signalOf = (options: { signal?: AbortSignal; checkServer?: (socket: TLSSocket) => void }) => ({
  ...(options.signal === undefined ? {} : { signal: options.signal }),
  ...(options.checkServer === undefined ? {} : { checkServer: options.checkServer }),
});

function failure(error: unknown, what: string): Result<never, PullRefusal> {
  if (error instanceof TransferHttpError) return err(error.reason, error.message);
  return err('transfer-failed', `${what}: ${error instanceof Error ? error.message : String(error)}`);
}
