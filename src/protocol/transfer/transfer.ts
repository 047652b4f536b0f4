import type { Role } from '../_internal/table.ts';
import type { DataAddress, TransferMessage, TransferState } from '../messages/types.ts';

/** One side's record of a transfer process. */
export type Transfer = {
  readonly role: Role;
  readonly state: TransferState;
  readonly providerPid: string | null;
  readonly consumerPid: string;
  readonly counterparty: string;
  /** The provider's DSP base URL (for a consumer) or the consumer's callback address (for a provider). */
  readonly counterpartyAddress: string;
  readonly agreementId: string;
  readonly format: string;
  /** Push: where the consumer wants the data written; pull: where the provider lets the consumer read it. */
  readonly dataAddress: DataAddress | null;
  /** The last message received and the state it led to: the same message again in that state is a redelivery. */
  readonly lastReceived: { readonly digest: string; readonly state: TransferState } | null;
};

export type TransferEffect =
  | { readonly type: 'send'; readonly path: string; readonly message: TransferMessage }
  /** The provider must decide the request (agreement valid, still permitted) before it starts or terminates it. */
  | { readonly type: 'decide'; readonly question: 'transfer-request' }
  | { readonly type: 'start-data-flow'; readonly dataAddress: DataAddress | null }
  | { readonly type: 'suspend-data-flow' }
  | { readonly type: 'stop-data-flow'; readonly state: 'COMPLETED' | 'TERMINATED' };

export type TransferEvent =
  | { readonly kind: 'receive'; readonly message: TransferMessage; readonly digest: string }
  | { readonly kind: 'acknowledged'; readonly providerPid: string }
  | { readonly kind: 'start'; readonly dataAddress?: DataAddress }
  | { readonly kind: 'suspend'; readonly code?: string; readonly reason?: string[] }
  | { readonly kind: 'complete' }
  | { readonly kind: 'terminate'; readonly code?: string; readonly reason?: string[] };

export type TransferRefusal = 'invalid-transition' | 'pid-mismatch';

export type TransferTransition =
  | {
      readonly ok: true;
      readonly state: Transfer;
      readonly effects: readonly TransferEffect[];
      readonly replay: boolean;
    }
  | { readonly ok: false; readonly reason: TransferRefusal; readonly detail: string };
