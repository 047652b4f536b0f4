/**
 * Expected outcomes are values, not exceptions: a refusal is a normal answer of the domain.
 * `reason` is a stable kebab-case code that one table maps to an HTTP status at the edge.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<R extends string = string> = {
  readonly ok: false;
  readonly reason: R;
  readonly detail: string;
};
export type Result<T, R extends string = string> = Ok<T> | Err<R>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <R extends string>(reason: R, detail: string): Err<R> => ({ ok: false, reason, detail });
