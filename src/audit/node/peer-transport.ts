/** The witness worker's transport over the node's mutual-TLS client: each call must reach the pinned participant. */
import { PeerRefusedError, type PeerClient } from '../../http/peer-client.ts';
import type { AuditPeer, AuditPeerTransport } from '../service/deps.ts';

const TIMEOUT_MS = 15_000;

export function auditPeerTransport(
  client: PeerClient,
  peers: () => readonly AuditPeer[],
): AuditPeerTransport {
  // The URL names the peer: the server's certificate must then be that participant's, not any federation member's.
  const participantOf = (url: string): string | undefined =>
    peers().find((p) => url === p.url || url.startsWith(`${p.url}/`))?.participant;
  const call = async (url: string, init: { method: string; body?: string }) => {
    const expectParticipant = participantOf(url);
    if (expectParticipant === undefined)
      throw new PeerRefusedError(`Cannot call "${url}": no pinned audit peer`);
    const response = await client.request({
      url,
      method: init.method,
      headers: {
        accept: 'text/plain, application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: init.body }),
      expectParticipant,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return { status: response.status, body: response.body.toString('utf8') };
  };
  return {
    getText: (url) => call(url, { method: 'GET' }),
    postJson: (url, body) => call(url, { method: 'POST', body: JSON.stringify(body) }),
  };
}
