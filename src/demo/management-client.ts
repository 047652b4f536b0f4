/**
 * The demo talks to its nodes as any client would: over the management API with a user's bearer token, so that what
 * it seeds is labelled, bound and logged by the node exactly like what a user publishes in the console.
 */
import { FoederaError } from '../shared/errors.ts';

export type Answer = { readonly status: number; readonly body: unknown };

export type ManagementClient = {
  readonly baseUrl: string;
  call(request: { method: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown }): Promise<Answer>;
  /** An octet-stream body, e.g. a dataset's content. */
  send(request: {
    method: 'POST' | 'PUT';
    path: string;
    bytes: Uint8Array;
    contentType: string;
  }): Promise<Answer>;
};

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the error message.
  }
  return { status: response.status, body };
}

export function managementClient(options: { baseUrl: string; token: string }): ManagementClient {
  const { baseUrl, token } = options;
  const authorization = `Bearer ${token}`;
  return {
    baseUrl,
    call: async ({ method, path, body }) =>
      answer(
        await fetch(`${baseUrl}${path}`, {
          method,
          headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      ),
    send: async ({ method, path, bytes, contentType }) =>
      answer(
        await fetch(`${baseUrl}${path}`, {
          method,
          headers: { authorization, 'content-type': contentType },
          body: bytes,
        }),
      ),
  };
}

/** The node's own words for a refusal (an RFC 9457 detail), for an error message. */
export function answerDetail(answer: Answer): string {
  const body = answer.body as { detail?: unknown; title?: unknown } | undefined;
  const said =
    typeof body?.detail === 'string' ? body.detail : typeof body?.title === 'string' ? body.title : '';
  return `HTTP ${answer.status}${said === '' ? '' : `: ${said}`}`;
}

export function expectStatus(answer: Answer, wanted: readonly number[], doing: string): Answer {
  if (!wanted.includes(answer.status))
    throw new FoederaError('demo-seed-failed', `Cannot ${doing}: ${answerDetail(answer)}`);
  return answer;
}
