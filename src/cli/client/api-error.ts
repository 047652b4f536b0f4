/**
 * A management API answer that is not a success, classified once for the exit code: a problem document's status
 * says whether the request was malformed (usage), refused (a token, a permission, a state conflict, a domain
 * refusal) or failed (not found, the node or its peer broken).
 */
import type { ProblemDocument } from '../../shared/problem.ts';
import { EXIT, ExitError, type ExitCode } from '../exit-codes.ts';

export class ApiError extends ExitError {
  readonly status: number;
  readonly problem: ProblemDocument | undefined;
  constructor(options: { action: string; status: number; problem?: ProblemDocument; text?: string }) {
    const { action, status, problem } = options;
    const code = problem?.code ?? (status >= 500 ? 'internal' : 'http-error');
    const described = describe(options);
    // Domain messages already say what could not be done ("Cannot publish dataset …"): do not say it twice.
    const message = described.startsWith('Cannot ') ? described : `Cannot ${action}: ${described}`;
    super(code, message, { exit: exitForStatus(status) });
    this.status = status;
    this.problem = problem;
  }
}

export function exitForStatus(status: number): ExitCode {
  if (status === 400) return EXIT.usage;
  // 401/403 token and permission, 409 a state that forbids it, 422 a domain refusal nobody mapped further.
  if (status === 401 || status === 403 || status === 409 || status === 422) return EXIT.refused;
  return EXIT.failure;
}

function describe(options: { status: number; problem?: ProblemDocument; text?: string }): string {
  const { status, problem, text } = options;
  if (problem === undefined) return `HTTP ${status}${text === undefined || text === '' ? '' : `: ${text}`}`;
  // Schema failures name fields only in `errors`; a domain message already names its field in `detail`.
  const unnamed = (problem.errors ?? []).filter((e) => !(problem.detail ?? '').includes(e.field));
  const detail =
    unnamed.length > 0
      ? unnamed.map((e) => `field "${e.field}" ${e.message}`).join('; ')
      : (problem.detail ?? problem.title);
  const code = problem.code ?? problem.title;
  const reason =
    problem.reason === undefined || problem.reason === code ? code : `${code}: ${problem.reason}`;
  return `${detail} (${reason}, HTTP ${status})`;
}

export function readProblem(body: unknown): ProblemDocument | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const v = body as Record<string, unknown>;
  if (typeof v.status !== 'number' || typeof v.title !== 'string') return undefined;
  return v as ProblemDocument;
}
