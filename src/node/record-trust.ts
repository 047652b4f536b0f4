/**
 * Keeps the node's trust record: every revocation list it applies is kept in the blob store (by digest) and noted
 * in the security event log, as is every refused TLS client, so that an operator can show what was in force when.
 */
import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Clock } from '../shared/clock.ts';
import type { BlobStore } from '../store/blob/port.ts';
import type { TrustEventLog } from '../trust/events/trust-event-log.ts';
import type { RevocationState } from '../trust/revocation-state.ts';

export async function keepRevocationList(options: {
  revocation: RevocationState;
  blobs: BlobStore;
  events: TrustEventLog;
  clock: Clock;
}): Promise<string> {
  const list = options.revocation.current;
  const { sha256 } = await options.blobs.put(Readable.from([Buffer.from(list.pem)]));
  options.events.record({
    kind: 'crl-applied',
    at: options.clock(),
    detail: { sha256, thisUpdate: list.thisUpdate.toISOString(), revoked: [...list.revoked] },
  });
  return sha256;
}

/** Records each list applied from now on; returns the unsubscribe function. */
export function recordRevocationLists(options: {
  revocation: RevocationState;
  blobs: BlobStore;
  events: TrustEventLog;
  clock: Clock;
  logger: Logger;
}): () => void {
  return options.revocation.onChange((list) => {
    options.logger.info(
      { thisUpdate: list.thisUpdate.toISOString(), revoked: list.revoked.size },
      'Revocation list in force',
    );
    keepRevocationList(options).catch((error: unknown) =>
      options.logger.error({ err: error }, 'Cannot keep the applied revocation list in the blob store'),
    );
  });
}
