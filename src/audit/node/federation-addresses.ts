/**
 * Where this node's audit peers listen, as the federation already tells it, so that operators do not pin every peer
 * by hand (`audit/peers.json` still overrides):
 * - the federation directory of a local federation (`foedera federation create` / `npm start`): the CA register's
 *   participants not revoked, each at the protocol address its running node wrote to `<dir>/<ID>/run.json`;
 * - the counterparties of the Dataspace Protocol: the address each negotiation or transfer last used for a participant.
 * Audit routes sit at `/audit` on the protocol surface, beside `/dsp`, so a peer's audit base is its origin + `/audit`.
 */
import { readdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { sql } from 'kysely';
import { readLiveRunFile } from '../../node/run-file.ts';
import { federationFiles } from '../../trust/federation/layout.ts';
import { readRegister } from '../../trust/federation/register.ts';
import type { Db } from '../store/tables.ts';

export type PeerAddress = {
  readonly participant: string;
  /** Base URL of the peer's audit protocol routes. */
  readonly url: string;
  readonly source: 'federation-directory' | 'dsp-counterparty';
};

const AUDIT_PATH = '/audit';
const PARTICIPANT_ID = /^[A-Z][A-Z0-9-]{1,31}$/;

export function auditBaseOf(protocolAddress: string): string | undefined {
  try {
    const url = new URL(protocolAddress);
    return url.protocol === 'https:' ? `${url.origin}${AUDIT_PATH}` : undefined;
  } catch {
    return undefined;
  }
}

/** Peers of a home that lives in a federation directory (`<dir>/<ID>`), running now. */
export async function federationDirectoryPeers(options: {
  home: string;
  self: string;
}): Promise<PeerAddress[]> {
  const dir = dirname(resolve(options.home));
  let ids: string[];
  try {
    const register = await readRegister(federationFiles(dir).register);
    ids = [
      ...new Set(register.certificates.filter((c) => c.revokedAt === undefined).map((c) => c.participantId)),
    ];
  } catch {
    // No register beside the home (the CA's folder kept offline): the sibling homes are the participant list.
    ids = (await readdir(dir).catch(() => [] as string[])).filter((name) => PARTICIPANT_ID.test(name));
  }
  const found: PeerAddress[] = [];
  for (const id of ids) {
    if (id === options.self) continue;
    const run = await readLiveRunFile(federationFiles(dir).home(id));
    const url = run === undefined || run.participantId !== id ? undefined : auditBaseOf(run.protocolUrl);
    if (url !== undefined) found.push({ participant: id, url, source: 'federation-directory' });
  }
  return found;
}

/** The participants this node negotiated or transferred with, at the address they last used. */
export async function dspCounterpartyPeers(db: Db, options: { self: string }): Promise<PeerAddress[]> {
  const rows = await sql<{ counterparty: string; counterparty_address: string }>`
    select distinct on (counterparty) counterparty, counterparty_address from (
      select counterparty, counterparty_address, updated_at from dsp_negotiation
      union all
      select counterparty, counterparty_address, updated_at from dsp_transfer
    ) as p order by counterparty, updated_at desc`.execute(db);
  const found: PeerAddress[] = [];
  for (const row of rows.rows) {
    const url = auditBaseOf(row.counterparty_address);
    if (row.counterparty !== options.self && PARTICIPANT_ID.test(row.counterparty) && url !== undefined)
      found.push({ participant: row.counterparty, url, source: 'dsp-counterparty' });
  }
  return found;
}

/** Both sources; the federation directory wins for a participant found in both (it names the running node). */
export async function federationPeerAddresses(
  db: Db,
  options: { home: string; self: string },
): Promise<PeerAddress[]> {
  const byParticipant = new Map<string, PeerAddress>();
  for (const peer of await dspCounterpartyPeers(db, options)) byParticipant.set(peer.participant, peer);
  for (const peer of await federationDirectoryPeers(options)) byParticipant.set(peer.participant, peer);
  return [...byParticipant.values()];
}
