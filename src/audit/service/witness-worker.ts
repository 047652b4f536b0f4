/**
 * Polls each peer: fetches its latest checkpoint and, when it grew, a consistency proof from the size this node
 * last verified; judges it; on success sends the cosigned checkpoint back to the peer. A fork raises an alarm and
 * the peer is not cosigned again until an operator looks (the previous checkpoint is kept).
 */
import { FoederaError } from '../../shared/errors.ts';
import { parseCheckpoint } from '../note/checkpoint.ts';
import { parseNote } from '../note/note.ts';
import { peerCheckpoint, witnessPeer } from '../store/witness-store.ts';
import type { WitnessOutcome } from '../witness/witness.ts';
import type { AuditDeps, AuditPeer, AuditPeerTransport } from './deps.ts';

export type PeerRound =
  | { readonly peer: string; readonly status: 'unchanged'; readonly size: number }
  | {
      readonly peer: string;
      readonly status: WitnessOutcome['kind'];
      readonly size: number;
      readonly detail?: string;
    }
  | { readonly peer: string; readonly status: 'unreachable'; readonly detail: string };

export async function witnessRound(deps: AuditDeps, transport: AuditPeerTransport): Promise<PeerRound[]> {
  const rounds: PeerRound[] = [];
  for (const peer of deps.peers) {
    try {
      rounds.push(await witnessOne(deps, transport, peer));
    } catch (error) {
      rounds.push({ peer: peer.participant, status: 'unreachable', detail: (error as Error).message });
    }
  }
  return rounds;
}

async function witnessOne(
  deps: AuditDeps,
  transport: AuditPeerTransport,
  peer: AuditPeer,
): Promise<PeerRound> {
  const latest = await transport.getText(`${peer.url}/checkpoint`);
  if (latest.status !== 200)
    throw new FoederaError(
      'peer-refused',
      `Cannot fetch checkpoint of "${peer.participant}": HTTP ${latest.status}`,
    );
  const note = parseNote(latest.body);
  const body = note.ok ? parseCheckpoint(note.value.text) : note;
  if (!body.ok)
    throw new FoederaError('peer-refused', `Cannot read checkpoint of "${peer.participant}": ${body.detail}`);
  const known = await peerCheckpoint(deps.store.db, peer.logKey.name);
  const size = body.value.size;
  if (known !== undefined && size === known.size && known.note.startsWith(note.ok ? note.value.text : '')) {
    // A cosignature the log did not take (it had not pinned this witness yet, or the post was lost) is sent again.
    const witness = deps.witnessSigner;
    const carried =
      note.ok && note.value.signatures.some((s) => s.name === witness.name && s.keyId === witness.keyId);
    if (!carried) await transport.postJson(`${peer.url}/cosignatures`, { note: known.note });
    return { peer: peer.participant, status: 'unchanged', size };
  }
  let proof: Uint8Array[] = [];
  if (known !== undefined && size > known.size && known.size > 0) {
    const res = await transport.getText(`${peer.url}/proof/consistency?first=${known.size}&second=${size}`);
    if (res.status !== 200)
      throw new FoederaError(
        'peer-refused',
        `Cannot fetch consistency proof of "${peer.participant}": HTTP ${res.status}`,
      );
    proof = ((JSON.parse(res.body) as { proof: string[] }).proof ?? []).map(
      (p) => new Uint8Array(Buffer.from(p, 'base64')),
    );
  }
  const outcome = await witnessPeer(deps.store, {
    logKey: peer.logKey,
    witness: deps.witnessSigner,
    now: deps.clock(),
    next: latest.body,
    proof,
    ...(deps.onAlarm === undefined ? {} : { onAlarm: deps.onAlarm }),
  });
  if (outcome.kind === 'cosigned') {
    await transport.postJson(`${peer.url}/cosignatures`, { note: outcome.cosignedNote });
    return { peer: peer.participant, status: 'cosigned', size };
  }
  return {
    peer: peer.participant,
    status: outcome.kind,
    size,
    detail: outcome.kind === 'fork' ? outcome.evidence.detail : outcome.detail,
  };
}

/** Runs rounds on an interval until `signal` aborts; a failing round is reported and the next one still runs. */
export function startWitnessWorker(options: {
  deps: AuditDeps;
  transport: AuditPeerTransport;
  intervalMs: number;
  signal: AbortSignal;
  onRound?: (rounds: PeerRound[]) => void;
}): Promise<void> {
  return loop(options.intervalMs, options.signal, async () => {
    options.onRound?.(await witnessRound(options.deps, options.transport));
  });
}

export async function loop(
  intervalMs: number,
  signal: AbortSignal,
  body: () => Promise<void>,
): Promise<void> {
  while (!signal.aborted) {
    try {
      await body();
    } catch {
      // The next round retries; callers observe failures through their own callbacks.
    }
    await new Promise<void>((resolve) => {
      const onAbort = (): void => (clearTimeout(timer), resolve());
      // The listener goes with its round: one per round would pile up on a long-lived signal.
      const timer = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), intervalMs);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
