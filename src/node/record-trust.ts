/**
 * Keeps the node's trust record: every revocation list it applies is kept in the blob store (by digest) and noted
 * in the security event log, as is every refused TLS client, so that an operator can show what was in force when.
 *
 * Participant administration reaches the audit log here: a list that revokes certificates the previously applied
 * list did not is recorded as `participant.revoked` in the same transaction as its `crl-applied` event, so neither
 * exists without the other. That event is therefore written directly, not through the event log's queue (which
 * exists so that the TLS edge never waits on the database; applying a list is not on that path).
 */
import { Readable } from 'node:stream';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { sql } from 'kysely';
import { appendAudit } from '../audit/store/append.ts';
import type { Clock } from '../shared/clock.ts';
import type { BlobStore } from '../store/blob/port.ts';
import { jsonb } from '../store/metadata/jsonb.ts';
import type { MetadataStore } from '../store/metadata/port.ts';
import type { TrustEventLog } from '../trust/events/trust-event-log.ts';
import { federationFiles } from '../trust/federation/layout.ts';
import { readRegister } from '../trust/federation/register.ts';
import { normaliseSerial } from '../trust/participant-identity.ts';
import type { RevocationState } from '../trust/revocation-state.ts';

export type TrustRecordOptions = {
  revocation: RevocationState;
  blobs: BlobStore;
  events: TrustEventLog;
  clock: Clock;
  /** With the store and the node's participant id, a list is recorded transactionally and audited. */
  audit?: {
    store: MetadataStore;
    node: string;
    /** The revocation list file the node watches: the federation register beside it names revoked participants. */
    crlFile?: string;
  };
};

export async function keepRevocationList(options: TrustRecordOptions): Promise<string> {
  const list = options.revocation.current;
  const { sha256 } = await options.blobs.put(Readable.from([Buffer.from(list.pem)]));
  const revoked = [...list.revoked];
  const event = {
    kind: 'crl-applied' as const,
    at: options.clock(),
    detail: { sha256, thisUpdate: list.thisUpdate.toISOString(), revoked },
  };
  if (options.audit === undefined) {
    options.events.record(event);
    return sha256;
  }
  const { store, node, crlFile } = options.audit;
  const participants = crlFile === undefined ? new Map<string, string>() : await registeredSerials(crlFile);
  await store.transaction(async (trx) => {
    const previous = await trx
      .selectFrom('trust_event')
      .select(sql<unknown>`detail->'revoked'`.as('revoked'))
      .where('kind', '=', 'crl-applied')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const before = new Set(Array.isArray(previous?.revoked) ? (previous.revoked as string[]) : []);
    const fresh = revoked.filter((serial) => !before.has(serial)).sort();
    await trx
      .insertInto('trust_event')
      .values({
        at: event.at,
        kind: event.kind,
        participant: null,
        reason: null,
        detail: jsonb(event.detail),
      })
      .execute();
    if (fresh.length === 0) return;
    const named = [...new Set(fresh.flatMap((s) => participants.get(s) ?? []))].sort();
    await appendAudit(trx, {
      time: event.at.toISOString(),
      node,
      kind: 'participant.revoked',
      // The list's authority is the federation CA's signature: it is who revoked.
      actor: 'federation-ca',
      subject: `revocation-list:${sha256}`,
      details: {
        serials: fresh,
        participants: named,
        // Serials the register beside the list does not name (the CA's register is not always at hand).
        unnamed: fresh.filter((s) => !participants.has(s)),
        thisUpdate: event.detail.thisUpdate,
        sha256,
      },
    });
  });
  return sha256;
}

/** Records each list applied from now on, one at a time; returns the unsubscribe function. */
export function recordRevocationLists(options: TrustRecordOptions & { logger: Logger }): () => void {
  let tail: Promise<unknown> = Promise.resolve();
  return options.revocation.onChange((list) => {
    options.logger.info(
      { thisUpdate: list.thisUpdate.toISOString(), revoked: list.revoked.size },
      'Revocation list in force',
    );
    // One at a time: each list is compared with the one recorded before it.
    tail = tail.then(() =>
      keepRevocationList(options).catch((error: unknown) =>
        options.logger.error({ err: error }, 'Cannot record the applied revocation list'),
      ),
    );
  });
}

/** Serial → participant from the federation register beside the list, when this node can read it. */
async function registeredSerials(crlFile: string): Promise<Map<string, string>> {
  try {
    const register = await readRegister(federationFiles(dirname(crlFile)).register);
    return new Map(register.certificates.map((e) => [normaliseSerial(e.serialNumber), e.participantId]));
  } catch {
    return new Map();
  }
}
