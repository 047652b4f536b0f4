/**
 * The `foedera` command's exit codes, the one place they are defined:
 *
 * | code | meaning |
 * | ---- | ------- |
 * | 0 | success (also `--help`, `--version`) |
 * | 1 | failure: something that should have worked did not (file unreadable, store unavailable, bug) |
 * | 2 | usage error: unknown command or option, missing or invalid argument or config field |
 * | 3 | refused or denied: the request was understood and refused (token, policy, revoked, not permitted) |
 */
import { FoederaError, InvalidInputError } from '../shared/errors.ts';

export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Error codes that mean "refused", whichever module raised them. */
const REFUSED = new Set([
  'forbidden',
  'denied',
  'peer-refused',
  'token-missing',
  'token-malformed',
  'token-expired',
  'token-invalid',
  'revoked',
  'conflict',
]);

/**
 * An outcome that carries its exit code: a management API answer already classified by status, or a negotiation
 * that ended refused. `code` stays the domain reason (e.g. `not-releasable`) for messages and `--json`.
 */
export class ExitError extends FoederaError {
  readonly exit: ExitCode;
  constructor(code: string, message: string, options: { exit: ExitCode; cause?: unknown }) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exit = options.exit;
  }
}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof ExitError) return error.exit;
  if (error instanceof InvalidInputError) return EXIT.usage;
  if (error instanceof FoederaError && REFUSED.has(error.code)) return EXIT.refused;
  return EXIT.failure;
}
