/**
 * Node-to-node HTTPS with mutual TLS: presents this node's certificate, trusts only the federation CA, and checks
 * that the server is the participant the caller meant (by its SAN URI, not by host name) and is not revoked.
 */
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { FoederaError } from '../shared/errors.ts';
import { identityFromPeerCertificate, type ParticipantIdentity } from '../trust/participant-identity.ts';
import type { RevocationState } from '../trust/revocation-state.ts';

export type PeerRequest = {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The participant the server must be; omit to accept any participant of the federation. */
  expectParticipant?: string;
  /** Responses larger than this are refused (default 16 MiB); stream through `agent` for bulk data. */
  maxBodyBytes?: number;
  signal?: AbortSignal;
};

export type PeerResponse = {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The server's participant identity, from its certificate. */
  peer: ParticipantIdentity;
};

export type PeerClient = {
  request(request: PeerRequest): Promise<PeerResponse>;
  /** The mutual-TLS agent, for callers that stream (the data plane); it does not check `expectParticipant`. */
  readonly agent: Agent;
  close(): void;
};

export class PeerRefusedError extends FoederaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('peer-refused', message, options);
  }
}

export function createPeerClient(options: {
  key: string;
  certificate: string;
  ca: string;
  revocation: RevocationState;
}): PeerClient {
  const agent = new Agent({
    key: options.key,
    cert: options.certificate,
    ca: options.ca,
    keepAlive: true,
    // No TLS session resumption: a resumed session shows no peer certificate, and every connection must present one
    // so that the participant and its revocation status are checked afresh.
    maxCachedSessions: 0,
    // Participants are named by their certificate's URI, checked after the handshake; host names do not identify them.
    checkServerIdentity: () => undefined,
  });
  return {
    agent,
    close: () => agent.destroy(),
    request: (request) => send(agent, options.revocation, request),
  };
}

function send(agent: Agent, revocation: RevocationState, request: PeerRequest): Promise<PeerResponse> {
  const url = new URL(request.url);
  if (url.protocol !== 'https:')
    return Promise.reject(new PeerRefusedError(`Cannot call "${request.url}": not https`));
  const limit = request.maxBodyBytes ?? 16 * 1024 * 1024;
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const requestOptions: RequestOptions = {
    agent,
    method: request.method ?? 'GET',
    headers: { ...request.headers, ...(body === undefined ? {} : { 'content-length': String(body.length) }) },
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  };
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, requestOptions, (res) => {
      const socket = res.socket as TLSSocket;
      const peer = checkPeer(identityOf(socket), revocation, request);
      if (!peer.ok) {
        res.destroy();
        reject(new PeerRefusedError(`Cannot call "${request.url}": ${peer.detail}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          res.destroy(new PeerRefusedError(`Cannot call "${request.url}": response exceeds ${limit} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          peer: peer.value,
        }),
      );
    });
    req.on('error', (cause) =>
      reject(new PeerRefusedError(`Cannot call "${request.url}": ${cause.message}`, { cause })),
    );
    req.end(body);
  });
}

type Identity = ReturnType<typeof identityFromPeerCertificate>;
const identities = new WeakMap<TLSSocket, { fingerprint: string; identity: Identity }>();

/**
 * The server's identity on `socket`, parsed once per connection (parsing the certificate costs far more than a
 * request on a kept-alive connection). TLS 1.3 has no renegotiation, so its certificate is the one of the handshake;
 * on an older protocol the certificate is read again and compared by fingerprint.
 */
function identityOf(socket: TLSSocket): Identity {
  const known = identities.get(socket);
  if (known !== undefined && socket.getProtocol() === 'TLSv1.3') return known.identity;
  const certificate: PeerCertificate = socket.getPeerCertificate();
  if (known !== undefined && known.fingerprint === certificate.fingerprint256) return known.identity;
  const identity = identityFromPeerCertificate(certificate);
  identities.set(socket, { fingerprint: certificate.fingerprint256, identity });
  return identity;
}

function checkPeer(
  identity: Identity,
  revocation: RevocationState,
  request: PeerRequest,
): { ok: true; value: ParticipantIdentity } | { ok: false; detail: string } {
  if (!identity.ok) return { ok: false, detail: identity.detail };
  if (revocation.isRevoked(identity.value.serialNumber)) {
    return { ok: false, detail: `server certificate of "${identity.value.participantId}" is revoked` };
  }
  if (request.expectParticipant !== undefined && identity.value.participantId !== request.expectParticipant) {
    return {
      ok: false,
      detail: `server is "${identity.value.participantId}", expected "${request.expectParticipant}"`,
    };
  }
  return { ok: true, value: identity.value };
}
