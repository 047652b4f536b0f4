import type { Role } from '../_internal/table.ts';
import type { TransferSignal } from './table.ts';

const SUFFIX: Record<Exclude<TransferSignal, 'TransferRequestMessage'>, string> = {
  TransferStartMessage: 'start',
  TransferSuspensionMessage: 'suspension',
  TransferCompletionMessage: 'completion',
  TransferTerminationMessage: 'termination',
};

/** The HTTPS binding path, relative to the counterparty's base address, for `signal` sent by `sender`. */
export function transferPath(options: {
  sender: Role;
  signal: TransferSignal;
  peerPid: string | null;
}): string {
  if (options.signal === 'TransferRequestMessage') return '/transfers/request';
  if (options.peerPid === null) {
    throw new Error(
      `Cannot route ${options.signal} from the ${options.sender}: the counterparty's process id is not known yet`,
    );
  }
  return `/transfers/${encodeURIComponent(options.peerPid)}/${SUFFIX[options.signal]}`;
}
