/** The Dataspace Protocol's negotiation states in order, and where a given step stands for a negotiation. */
import type { NegotiationState } from '../../../src/protocol/messages/types.ts';

export const NEGOTIATION_PATH: readonly NegotiationState[] = [
  'REQUESTED',
  'OFFERED',
  'ACCEPTED',
  'AGREED',
  'VERIFIED',
  'FINALIZED',
];

/** Where a step stands: a terminated negotiation keeps as done the steps up to the last state it reached. */
export function stepStatus(
  step: NegotiationState,
  options: { state: NegotiationState; reached: NegotiationState | undefined },
): 'done' | 'current' | 'todo' {
  const index = NEGOTIATION_PATH.indexOf(step);
  if (options.state === 'FINALIZED') return 'done';
  if (options.state === 'TERMINATED') {
    const last = options.reached === undefined ? -1 : NEGOTIATION_PATH.indexOf(options.reached);
    return index <= last ? 'done' : 'todo';
  }
  const at = NEGOTIATION_PATH.indexOf(options.state);
  return index < at ? 'done' : index === at ? 'current' : 'todo';
}
