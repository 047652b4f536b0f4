/**
 * What every route plugin receives: the node's configuration, identity, stores and services, already wired.
 * Modules (protocol, audit, dataplane, management) write plugins against this type only; `compose.ts` builds it.
 */
import type { Logger } from 'pino';
import type { Clock } from '../shared/clock.ts';
import type { NodeConfig } from './config/schema.ts';
import type { NodeStores } from './stores.ts';
import type { ParticipantIdentity } from '../trust/participant-identity.ts';
import type { RevocationState } from '../trust/revocation-state.ts';
import type { TokenVerifier } from '../trust/tokens/verify-token.ts';
import type { PeerClient } from '../http/peer-client.ts';
import type { Metrics } from './metrics.ts';
import type { TrustEventLog } from '../trust/events/trust-event-log.ts';

export type NodeContext = {
  /** Absolute path of the participant's home directory (config, keys, `data/`, `run.json`). */
  readonly home: string;
  readonly config: NodeConfig;
  /** This node's participant identity, read from its own certificate. */
  readonly identity: ParticipantIdentity;
  readonly stores: NodeStores;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Verifies bearer tokens of this node's identity provider (or the configured OIDC provider). */
  readonly tokens: TokenVerifier;
  /** Mutual-TLS client for node-to-node calls, presenting this node's certificate. */
  readonly peers: PeerClient;
  /** The federation's current revocation list as applied by this node. */
  readonly revocation: RevocationState;
  readonly metrics: Metrics;
  /** The node's security event log (refused clients, revocation lists applied). */
  readonly trustEvents: TrustEventLog;
  /** Aborted when the node begins to shut down: long-running workers stop on it. */
  readonly shutdown: AbortSignal;
};
