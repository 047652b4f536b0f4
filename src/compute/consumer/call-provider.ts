/** One JSON call to a provider's protocol surface over mutual TLS, checking that the server is that provider. */
import type { PeerClient } from '../../http/peer-client.ts';
import { err, ok, type Result } from '../../shared/result.ts';

export type ProviderFailure = { reason: string; detail: string };

export async function callProvider(options: {
  peers: PeerClient;
  provider: string;
  url: string;
  body: unknown;
  timeoutMs: number;
  /** Aborts the call early, e.g. when the node shuts down. */
  signal?: AbortSignal;
  maxBodyBytes?: number;
}): Promise<Result<unknown, string>> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let response;
  try {
    response = await options.peers.request({
      url: options.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(options.body),
      expectParticipant: options.provider,
      maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
      signal: options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]),
    });
  } catch (error) {
    return err(
      'provider-unreachable',
      `No answer from ${options.provider} at ${options.url}: ${(error as Error).message}`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return err(
      'provider-invalid-answer',
      `${options.provider} answered HTTP ${response.status} without JSON`,
    );
  }
  if (response.status >= 200 && response.status < 300) return ok(body);
  const problem = body as { code?: unknown; detail?: unknown };
  return err(
    typeof problem.code === 'string' ? problem.code : `http-${response.status}`,
    typeof problem.detail === 'string'
      ? problem.detail
      : `${options.provider} answered HTTP ${response.status}`,
  );
}
