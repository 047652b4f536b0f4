import type { Role } from '../_internal/table.ts';
import type { NegotiationSignal } from './table.ts';

/**
 * The HTTPS binding path, relative to the counterparty's base address, at which `sender` delivers `signal`.
 * `peerPid` is the receiver's process id (the provider's for consumer messages, the consumer's for provider ones).
 */
export function negotiationPath(options: {
  sender: Role;
  signal: NegotiationSignal;
  peerPid: string | null;
}): string {
  const { sender, signal } = options;
  const pid = options.peerPid === null ? null : encodeURIComponent(options.peerPid);
  if (pid === null) {
    if (sender === 'consumer' && signal === 'ContractRequestMessage') return '/negotiations/request';
    if (sender === 'provider' && signal === 'ContractOfferMessage') return '/negotiations/offers';
    throw new Error(
      `Cannot route ${signal} from the ${sender}: the counterparty's process id is not known yet`,
    );
  }
  switch (signal) {
    case 'ContractRequestMessage':
      return `/negotiations/${pid}/request`;
    case 'ContractOfferMessage':
      return `/negotiations/${pid}/offers`;
    case 'ACCEPTED':
    case 'FINALIZED':
      return `/negotiations/${pid}/events`;
    case 'ContractAgreementMessage':
      return `/negotiations/${pid}/agreement`;
    case 'ContractAgreementVerificationMessage':
      return `/negotiations/${pid}/agreement/verification`;
    case 'ContractNegotiationTerminationMessage':
      return `/negotiations/${pid}/termination`;
  }
}
