import { tableForRole, type Role, type TransitionRow } from '../_internal/table.ts';
import type { TransferState } from '../messages/types.ts';

export const TRANSFER_STATES: readonly TransferState[] = [
  'REQUESTED',
  'STARTED',
  'SUSPENDED',
  'COMPLETED',
  'TERMINATED',
];
export const TRANSFER_FINAL_STATES: ReadonlySet<TransferState> = new Set(['COMPLETED', 'TERMINATED']);

export type TransferSignal =
  | 'TransferRequestMessage'
  | 'TransferStartMessage'
  | 'TransferSuspensionMessage'
  | 'TransferCompletionMessage'
  | 'TransferTerminationMessage';

/**
 * The DSP 2025-1 transfer process state machine. Only the provider starts a requested transfer; either side may
 * resume a suspended one, suspend or complete a started one, and terminate any that is not finished.
 */
export const TRANSFER_TRANSITIONS: readonly TransitionRow<TransferState, TransferSignal>[] = [
  { signal: 'TransferRequestMessage', sender: 'consumer', from: ['INITIAL'], to: 'REQUESTED' },
  { signal: 'TransferStartMessage', sender: 'provider', from: ['REQUESTED', 'SUSPENDED'], to: 'STARTED' },
  { signal: 'TransferStartMessage', sender: 'consumer', from: ['SUSPENDED'], to: 'STARTED' },
  { signal: 'TransferSuspensionMessage', sender: 'either', from: ['STARTED'], to: 'SUSPENDED' },
  { signal: 'TransferCompletionMessage', sender: 'either', from: ['STARTED'], to: 'COMPLETED' },
  {
    signal: 'TransferTerminationMessage',
    sender: 'either',
    from: ['REQUESTED', 'STARTED', 'SUSPENDED'],
    to: 'TERMINATED',
  },
];

export const transferTable = (role: Role) => tableForRole(TRANSFER_TRANSITIONS, role);
