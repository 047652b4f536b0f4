/**
 * The protocol's transport over the node's mutual-TLS client: each DSP message is POSTed as JSON to the
 * counterparty's callback or provider URL, and the server must present the certificate of that counterparty.
 */
import type { PeerClient } from '../../http/peer-client.ts';
import type { TransportPort } from '../service/ports.ts';

export function peerTransport(peers: PeerClient, options: { timeoutMs?: number } = {}): TransportPort {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return async ({ url, counterparty, message }) => {
    const response = await peers.request({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(message),
      expectParticipant: counterparty,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: parseBody(response.body) };
  };
}

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A non-JSON answer (a proxy's error page) is kept as text so that the outbox records what came back.
    return text;
  }
}
