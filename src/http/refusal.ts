/** Lets a route turn an expected refusal (`Err` value) into a problem document by throwing it once. */
import type { Err } from '../shared/result.ts';
import { FoederaError } from '../shared/errors.ts';

export class Refusal extends FoederaError {
  /** The refusal's precise cause, when the result names one (the problem document's `reason`). */
  readonly refusal: string | undefined;
  constructor(result: Err & { readonly refusal?: string }) {
    super(result.reason, result.detail);
    this.refusal = result.refusal;
  }
}
