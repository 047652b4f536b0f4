/** Asks the owner's key service (POST {keyServiceUrl}) for a data key, over the node's mutual-TLS agent. */
import type { Agent } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { User } from '../../policy/request.ts';
import { err, ok, type Err, type Ok } from '../../shared/result.ts';
import { call, readAll } from './http.ts';

export type KeyAsk = {
  objectId: string;
  agreementId: string;
  nonce: string;
  user?: User;
  /** The purpose of the use the key is asked for, put to the owner's decision point. */
  purpose?: string;
};

/**
 * `unreachable` means no answer at all (the link is down): the caller may fall back to a kept lease. A refusal keeps
 * the owner's precise cause (`refusal`, the problem's `reason`) when it named one.
 */
export type KeyRequester = (
  ask: KeyAsk,
) => Promise<Ok<string> | (Err & { readonly refusal?: string }) | 'unreachable'>;

export function httpKeyRequester(options: {
  url: string;
  agent: Agent;
  recipientKeys: string;
  /** Checks that the server is the owner (see `Call.checkServer`). */
  checkServer?: (socket: TLSSocket) => void;
}): KeyRequester {
  return async (ask) => {
    let response;
    try {
      response = await call({
        url: options.url,
        agent: options.agent,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ ...ask, recipientKeys: options.recipientKeys })),
        ...(options.checkServer === undefined ? {} : { checkServer: options.checkServer }),
      });
    } catch {
      return 'unreachable';
    }
    const text = (await readAll(response, 1024 * 1024)).toString('utf8');
    if (response.statusCode === 200) return ok(text);
    if ((response.statusCode ?? 0) >= 500) return 'unreachable';
    try {
      const problem = JSON.parse(text) as { code?: string; detail?: string; reason?: unknown };
      const refused = err(problem.code ?? `http-${response.statusCode}`, problem.detail ?? text);
      return typeof problem.reason === 'string' ? { ...refused, refusal: problem.reason } : refused;
    } catch {
      return err(
        `http-${response.statusCode}`,
        `Cannot obtain key of "${ask.objectId}": HTTP ${response.statusCode}`,
      );
    }
  };
}
