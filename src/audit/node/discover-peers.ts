/**
 * The audit peers of a node: those its operator pinned in `audit/peers.json` (they win), plus the participants the
 * federation names (./federation-addresses.ts) with the keys their nodes presented on first contact over mutual TLS,
 * pinned in the store. A discovered node must name its keys after its own participant (`foedera/<ID>`), so one
 * participant cannot present itself as another's log.
 */
import type { PeerClient } from '../../http/peer-client.ts';
import { parseVerifierKey, SIG_COSIGNATURE_V1, SIG_ED25519 } from '../note/keys.ts';
import { pinnedPeerKeys, pinPeerKeys, updatePeerUrl, type PinnedPeerKeys } from '../store/peer-keys.ts';
import type { Db } from '../store/tables.ts';
import type { AuditPeer } from '../service/deps.ts';
import { logOrigin, witnessName } from './audit-keys.ts';
import { federationPeerAddresses, type PeerAddress } from './federation-addresses.ts';

const TIMEOUT_MS = 5_000;

export type Discovery = { readonly peers: AuditPeer[]; readonly problems: string[] };

function toPeer(keys: PinnedPeerKeys): AuditPeer {
  const logKey = parseVerifierKey(keys.logKey);
  const witnessKey = parseVerifierKey(keys.witnessKey);
  if (
    logKey.type !== SIG_ED25519 ||
    witnessKey.type !== SIG_COSIGNATURE_V1 ||
    logKey.name !== logOrigin(keys.participant) ||
    witnessKey.name !== witnessName(keys.participant)
  ) {
    throw new Error(
      `Cannot use the audit keys of "${keys.participant}": expected an Ed25519 key "${logOrigin(keys.participant)}" and a cosignature key "${witnessName(keys.participant)}"`,
    );
  }
  return { participant: keys.participant, url: keys.url, logKey, witnessKey };
}

async function fetchKeys(client: PeerClient, address: PeerAddress): Promise<PinnedPeerKeys> {
  const response = await client.request({
    url: `${address.url}/keys`,
    headers: { accept: 'application/json' },
    expectParticipant: address.participant,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (response.status !== 200)
    throw new Error(`Cannot fetch the audit keys of "${address.participant}": HTTP ${response.status}`);
  const body = JSON.parse(response.body.toString('utf8')) as { log?: unknown; witness?: unknown };
  if (typeof body.log !== 'string' || typeof body.witness !== 'string')
    throw new Error(`Cannot read the audit keys of "${address.participant}": expected {log, witness}`);
  return {
    participant: address.participant,
    url: address.url,
    logKey: body.log,
    witnessKey: body.witness,
    source: address.source,
  };
}

export async function discoverPeers(options: {
  db: Db;
  home: string;
  self: string;
  client: PeerClient;
  /** Peers from `audit/peers.json`: they override whatever the federation says of the same participant. */
  pinned: readonly AuditPeer[];
  now: Date;
}): Promise<Discovery> {
  const problems: string[] = [];
  const overridden = new Set(options.pinned.map((p) => p.participant));
  const known = await pinnedPeerKeys(options.db);
  const addresses = (await federationPeerAddresses(options.db, options)).filter(
    (a) => !overridden.has(a.participant),
  );
  // Concurrently: a counterparty that no longer answers must not hold up the others (nor the witness round).
  await Promise.all(
    addresses.map(async (address) => {
      const stored = known.get(address.participant);
      try {
        if (stored === undefined) {
          const fetched = await fetchKeys(options.client, address);
          toPeer(fetched); // refuse keys named for another participant before pinning them
          known.set(address.participant, await pinPeerKeys(options.db, { keys: fetched, now: options.now }));
        } else if (stored.url !== address.url) {
          await updatePeerUrl(options.db, address);
          known.set(address.participant, { ...stored, url: address.url });
        }
      } catch (error) {
        problems.push((error as Error).message);
      }
    }),
  );
  const peers = [...options.pinned];
  // Peers learned before stay peers while their node is down: their rounds then say "unreachable".
  for (const keys of known.values()) {
    if (overridden.has(keys.participant)) continue;
    try {
      peers.push(toPeer(keys));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return { peers, problems };
}
