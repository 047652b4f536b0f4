/**
 * Why a data key was refused, as one code per cause. A refusal's `reason` stays the class the HTTP edge maps to a
 * status (`agreement-not-active`, `access-denied` …); `refusal` names the cause itself (`agreement-revoked`,
 * `not-releasable` …), which the problem document carries as its `reason` member from the owner's key service
 * through the consumer's management API to the CLI's message.
 */
import type { Err } from '../../shared/result.ts';
import type { AgreementState, KeyDecision } from './ports.ts';

export type Refused<R extends string = string> = Err<R> & { readonly refusal: string };

export const refused = <R extends string>(
  reason: R,
  detail: string,
  refusal: string = reason,
): Refused<R> => ({
  ok: false,
  reason,
  detail,
  refusal,
});

/** The cause of a refusal when the result carries one, else its reason. */
export const refusalOf = (result: Err & { readonly refusal?: string }): string =>
  result.refusal ?? result.reason;

/** `agreement-revoked`, `agreement-terminated`, `agreement-suspended`: an agreement that is not active, by state. */
export const agreementRefusal = (state: Exclude<AgreementState, 'active'>): string => `agreement-${state}`;

/**
 * The cause of a denial: a label binding that does not verify comes first (the object's label cannot be trusted, so
 * any other reason about it is moot), then the decision point's first reason.
 */
export function denialRefusal(decision: KeyDecision): string {
  const codes = decision.reasons.map((reason) => reason.code);
  if (codes.includes('label-binding-invalid')) return 'label-binding-mismatch';
  return codes[0] ?? 'access-denied';
}
