/**
 * The audit module as the node hosts it: its keys, its `AuditDeps`, the checkpoint publisher running until the node
 * shuts down, and an alarm counter. Built once per node (both route plugins share it), on the first plugin that asks.
 */
import type { NodeContext } from '../../node/context.ts';
import { formatVerifierKey } from '../note/keys.ts';
import { appendAudit } from '../store/append.ts';
import type { StoredCheckpoint } from '../store/checkpoints.ts';
import type { AuditDeps } from '../service/deps.ts';
import { startCheckpointPublisher } from '../service/publisher.ts';
import { loop, witnessRound } from '../service/witness-worker.ts';
import type { AuditPeer } from '../service/deps.ts';
import { loadAuditKeys } from './audit-keys.ts';
import { auditPeerTransport } from './peer-transport.ts';
import { discoverPeers } from './discover-peers.ts';
import { peersFileOf, readAuditPeers } from './peers-file.ts';

/** How often the publisher signs (default; `audit.checkpointIntervalMs` in the node config) a checkpoint when the log grew: witnesses see a new act within this delay. */
export const CHECKPOINT_INTERVAL_MS = 10_000;
/** Default of `audit.witnessIntervalMs`: how often this node, as a witness, fetches its peers' checkpoints and submits its own for cosigning. */
export const WITNESS_INTERVAL_MS = 15_000;

export type AuditRuntime = {
  readonly deps: AuditDeps;
  /** Stops the publisher (as the node's shutdown signal also does) and settles once its last round ended. */
  stop(): Promise<void>;
};

const runtimes = new WeakMap<NodeContext, Promise<AuditRuntime>>();

export function auditRuntimeFor(context: NodeContext): Promise<AuditRuntime> {
  let runtime = runtimes.get(context);
  if (runtime === undefined) {
    runtime = startAuditRuntime(context);
    runtimes.set(context, runtime);
  }
  return runtime;
}

async function startAuditRuntime(context: NodeContext): Promise<AuditRuntime> {
  const participantId = context.identity.participantId;
  const keys = await loadAuditKeys({ home: context.home, participantId });
  const alarms = context.metrics.counter(
    'audit_alarms_total',
    'Forks or rollbacks of peer audit logs detected by this node as a witness',
  );
  const published = context.metrics.counter(
    'audit_checkpoints_total',
    'Audit checkpoints signed by this node',
  );
  let peers: readonly AuditPeer[] = [];
  let filePeers: readonly AuditPeer[] = [];
  const settings = context.config.audit ?? {};
  const refreshPeers = async (): Promise<void> => {
    const read = await readAuditPeers(peersFileOf(context.home));
    // A broken file keeps the peers last read: an operator's typo must not stop witnessing.
    if (read.ok) filePeers = read.value;
    else context.logger.error({ reason: read.reason }, read.detail);
    if (settings.discoverPeers === false) {
      peers = filePeers;
      return;
    }
    try {
      const found = await discoverPeers({
        db: context.stores.metadata.db,
        home: context.home,
        self: participantId,
        client: context.peers,
        pinned: filePeers,
        now: context.clock(),
      });
      for (const problem of found.problems) context.logger.warn({ reason: 'audit-peer-discovery' }, problem);
      peers = found.peers;
    } catch (error) {
      // Discovery failing (the store busy, a directory unreadable) keeps the peers last known: witnessing goes on.
      context.logger.warn(
        { err: error, reason: 'audit-peer-discovery' },
        'Audit peers could not be discovered',
      );
    }
  };
  // Only the pinned file at start: peers are discovered over the network by the witness loop, not before ready.
  const atStart = await readAuditPeers(peersFileOf(context.home));
  if (atStart.ok) peers = atStart.value;
  const deps: AuditDeps = {
    store: context.stores.metadata,
    ...keys,
    get peers() {
      return peers;
    },
    clock: context.clock,
    onAlarm: (evidence) => {
      alarms.inc({ origin: evidence.origin });
      context.logger.error({ evidence }, 'Audit log fork or rollback detected');
    },
  };
  // The node's start is an audited act; it names the keys, so an auditor can tie checkpoints to this start.
  await context.stores.metadata.transaction((trx) =>
    appendAudit(trx, {
      time: context.clock().toISOString(),
      node: participantId,
      kind: 'node.started',
      actor: `participant:${participantId}`,
      subject: `participant:${participantId}`,
      details: {
        logKey: formatVerifierKey(keys.logSigner),
        witnessKey: formatVerifierKey(keys.witnessSigner),
      },
    }),
  );
  // Its own signal: a node that fails to start closes its servers without raising the shutdown signal.
  const stopping = new AbortController();
  const abort = (): void => stopping.abort();
  context.shutdown.addEventListener('abort', abort, { once: true });
  const publisher = startCheckpointPublisher({
    store: context.stores.metadata,
    signer: keys.logSigner,
    intervalMs: settings.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS,
    signal: stopping.signal,
    onPublished: (checkpoint: StoredCheckpoint) => {
      published.inc();
      context.logger.debug({ size: checkpoint.size }, 'Audit checkpoint published');
    },
  });
  const transport = auditPeerTransport(context.peers, () => peers);
  const witness = loop(settings.witnessIntervalMs ?? WITNESS_INTERVAL_MS, stopping.signal, async () => {
    await refreshPeers();
    for (const round of await witnessRound(deps, transport)) {
      if (round.status === 'unchanged' || round.status === 'cosigned')
        context.logger.debug({ round }, 'Audit witness round');
      else context.logger.warn({ round }, `Audit witness round with peer "${round.peer}": ${round.status}`);
    }
  });
  return {
    deps,
    stop: async () => {
      abort();
      context.shutdown.removeEventListener('abort', abort);
      await Promise.all([publisher, witness]);
    },
  };
}
