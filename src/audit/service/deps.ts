/** What the audit shell needs from the node that hosts it: explicit, so the composition root wires it once. */
import type { Clock } from '../../shared/clock.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { NoteSigner, NoteVerifier } from '../note/keys.ts';
import type { ForkEvidence } from '../witness/witness.ts';

/** A peer whose log this node witnesses, and who witnesses this node's log. */
export type AuditPeer = {
  /** The peer's participant identifier (as its mutual-TLS certificate names it). */
  readonly participant: string;
  /** Base URL of the peer's audit protocol routes, e.g. `https://deu.example:8443/audit`. */
  readonly url: string;
  /** The peer's log key: its checkpoints' origin and signature. */
  readonly logKey: NoteVerifier;
  /** The peer's cosigner key (type 0x04): its cosignatures on this node's checkpoints. */
  readonly witnessKey: NoteVerifier;
};

export type AuditDeps = {
  readonly store: MetadataStore;
  /** This node's log key (Ed25519, type 0x01); its name is the log's origin. */
  readonly logSigner: NoteSigner;
  /** This node's cosigner key (Ed25519, type 0x04), distinct from the log key as C2SP requires. */
  readonly witnessSigner: NoteSigner;
  readonly peers: readonly AuditPeer[];
  readonly clock: Clock;
  /** Called once per fork or rollback detected, after the alarm is stored (log it, count it). */
  readonly onAlarm?: (evidence: ForkEvidence) => void;
};

/** The transport the witness worker uses to reach peers (over mutual TLS in a node). */
export type AuditPeerTransport = {
  getText(url: string): Promise<{ status: number; body: string }>;
  postJson(url: string, body: unknown): Promise<{ status: number; body: string }>;
};
