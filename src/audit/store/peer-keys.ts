/**
 * Audit keys of peers found through the federation, pinned on first contact. The first keys a participant's node
 * presents over mutual TLS (its certificate proves who it is) are kept; later ones are compared, never adopted, so a
 * node cannot escape its witnesses' memory by presenting a second history under fresh keys.
 */
import type { Db } from './tables.ts';

export type PinnedPeerKeys = {
  readonly participant: string;
  readonly url: string;
  readonly logKey: string;
  readonly witnessKey: string;
  readonly source: string;
};

export async function pinnedPeerKeys(db: Db): Promise<Map<string, PinnedPeerKeys>> {
  const rows = await db.selectFrom('audit_peer_key').selectAll().execute();
  return new Map(
    rows.map((r) => [
      r.participant,
      {
        participant: r.participant,
        url: r.url,
        logKey: r.log_key,
        witnessKey: r.witness_key,
        source: r.source,
      },
    ]),
  );
}

/** Pins the keys unless keys are already pinned for the participant; returns the keys in force. */
export async function pinPeerKeys(
  db: Db,
  options: { keys: PinnedPeerKeys; now: Date },
): Promise<PinnedPeerKeys> {
  const { keys } = options;
  await db
    .insertInto('audit_peer_key')
    .values({
      participant: keys.participant,
      url: keys.url,
      log_key: keys.logKey,
      witness_key: keys.witnessKey,
      source: keys.source,
      pinned_at: options.now,
    })
    .onConflict((c) => c.column('participant').doNothing())
    .execute();
  return (await pinnedPeerKeys(db)).get(keys.participant) ?? keys;
}

/** A peer's address may change (a node restarted on another port); its keys may not. */
export async function updatePeerUrl(db: Db, options: { participant: string; url: string }): Promise<void> {
  await db
    .updateTable('audit_peer_key')
    .set({ url: options.url })
    .where('participant', '=', options.participant)
    .execute();
}
