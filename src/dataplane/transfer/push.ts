/**
 * Pushes an owned encrypted object to a consumer: the manifest first (the receiver verifies and records it and
 * answers which segments it lacks), then those segments, several in flight, then the manifest again, until the
 * receiver answers that it lacks none. Calling it again after a cut or a restart of either side sends only what the
 * receiver still lacks, since the receiver answers from its blob store.
 */
import type { Agent } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { err, ok, type Result } from '../../shared/result.ts';
import type { BlobStore } from '../../store/blob/port.ts';
import type { Manifest } from '../format/manifest.ts';
import { collectSegmentGarbage } from '../_internal/segment-garbage.ts';
import { call, callJson, expectOk, inParallel, readAll, sleep, TransferHttpError } from './http.ts';

export type PushOptions = {
  /** The receiver's data plane base URL. */
  readonly baseUrl: string;
  readonly agent: Agent;
  readonly manifest: Manifest;
  readonly agreementId: string;
  readonly blobs: BlobStore;
  readonly concurrency?: number;
  readonly attempts?: number;
  readonly retryDelayMs?: number;
  readonly signal?: AbortSignal;
  /** Checks the receiver before its answers are read (over TLS: that it is the transfer's consumer). */
  readonly checkServer?: (socket: TLSSocket) => void;
  /** Told the receiver's answer to the manifest: the segments it still lacks. */
  readonly onMissing?: (missing: readonly number[]) => void;
  /** Told each segment the receiver acknowledged (kept: its hash matched). */
  readonly onSent?: (index: number) => void;
};

const missingOf = (value: unknown): number[] => {
  const missing = (value as { missing?: unknown }).missing;
  if (!Array.isArray(missing) || !missing.every((i) => Number.isInteger(i)))
    throw new TypeError('Cannot read the receiver answer: no list of missing segments');
  return missing as number[];
};

export async function pushObject(
  options: PushOptions,
): Promise<Result<{ sent: number; alreadyHeld: number }, string>> {
  const body = options.manifest.body;
  const base = `${options.baseUrl.replace(/\/$/, '')}/objects/${encodeURIComponent(body.objectId)}`;
  const what = `Cannot push object "${body.objectId}"`;
  const signal = {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.checkServer === undefined ? {} : { checkServer: options.checkServer }),
  };
  const attempts = options.attempts ?? 5;
  const sendManifest = async () =>
    missingOf(
      await callJson({
        url: base,
        agent: options.agent,
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ agreementId: options.agreementId, manifest: options.manifest })),
        what,
        ...signal,
      }),
    );
  const sendSegment = async (index: number) => {
    const segment = body.integrity.segments[index];
    if (segment === undefined)
      throw new TypeError(`${what}: the receiver asked for segment ${index}, which does not exist`);
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await expectOk(
          await call({
            url: `${base}/segments/${segment.hash}`,
            agent: options.agent,
            method: 'PUT',
            headers: { 'content-type': 'application/octet-stream', 'content-length': String(segment.size) },
            body: await options.blobs.get(segment.hash),
            ...signal,
          }),
          `${what}: segment ${index}`,
        );
        await readAll(response);
        // The segment's read pieces went to the socket and died there.
        collectSegmentGarbage();
        options.onSent?.(index);
        return;
      } catch (error) {
        if (error instanceof TransferHttpError && !error.retryable) throw error;
        if (attempt >= attempts || options.signal?.aborted === true) throw error;
      }
      await sleep((options.retryDelayMs ?? 200) * attempt);
    }
  };
  try {
    let missing = await sendManifest();
    options.onMissing?.(missing);
    const alreadyHeld = body.integrity.segments.length - missing.length;
    let sent = 0;
    // The manifest again closes each round: the receiver answers from its store, so an empty answer is its word
    // that it holds every segment (and it then marks the object received), checked end to end.
    for (let round = 1; missing.length > 0; round++) {
      if (round > attempts)
        throw new TypeError(
          `${what}: the receiver still lacks ${missing.length} segments after ${attempts} rounds`,
        );
      await inParallel(missing, options.concurrency ?? 4, sendSegment);
      sent += missing.length;
      missing = await sendManifest();
      if (missing.length > 0) options.onMissing?.(missing);
    }
    return ok({ sent, alreadyHeld });
  } catch (error) {
    if (error instanceof TransferHttpError) return err(error.reason, error.message);
    return err('transfer-failed', `${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
