/** Lets a route turn an expected refusal (`Err` value) into a problem document by throwing it once. */
import type { Err } from '../shared/result.ts';
import { FoederaError } from '../shared/errors.ts';

export class Refusal extends FoederaError {
  constructor(result: Err) {
    super(result.reason, result.detail);
  }
}
