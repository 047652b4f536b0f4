/** RFC 9457 problem details: the one error shape every HTTP edge of Foedera answers with. */
export type ProblemDocument = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable machine-readable code, the same as the domain reason or the error's `code`. */
  code?: string;
  /** The cause of a refusal when it is more precise than `code` (e.g. `agreement-revoked` for `agreement-not-active`). */
  reason?: string;
  /** For validation failures: which fields were wrong and why. */
  errors?: { field: string; message: string }[];
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(
  status: number,
  code: string,
  options: { detail: string } & Partial<Omit<ProblemDocument, 'status' | 'code'>>,
): ProblemDocument {
  return {
    type: `urn:foedera:problem:${code}`,
    title: code.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    status,
    code,
    ...options,
  };
}
