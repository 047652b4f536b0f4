/**
 * Constraints are judged in three-valued (Kleene) logic: a constraint whose input is missing is UNKNOWN, which never
 * satisfies a permission and always keeps a prohibition in force. That is what makes missing context fail closed.
 */
import type { DenyReason } from '../reasons.ts';
import type { PolicyInput } from '../request.ts';

export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export type Truth = typeof FALSE | typeof TRUE | typeof UNKNOWN;

/**
 * A compiled constraint. `sink` is null on the fast path; when a decision has already failed it is re-run with a sink
 * that collects every reason, so the permit path allocates nothing.
 */
export type Check = (input: PolicyInput, sink: DenyReason[] | null) => Truth;

export const nowMs = (input: PolicyInput): number => {
  const now = input.context.now;
  return typeof now === 'number' ? now : now.getTime();
};
