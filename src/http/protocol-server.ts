/**
 * The protocol endpoint: HTTPS that admits only mutual-TLS clients of the federation. The handshake requests a
 * client certificate; `admitPeer` decides on what it established, and a refused connection is logged with its reason
 * and destroyed before the HTTP layer reads a byte. A client that presents no certificate at all is let through the
 * handshake, but only to routes marked `config: { anonymous: true }` (the DSP version document, unauthenticated by
 * the specification); any other request of its ends the connection, logged as `no-certificate`. A new revocation list swaps the secure context (new handshakes)
 * and closes open connections whose certificate it revokes, so revocation takes effect without restart.
 */
import type { Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { admitPeer } from '../trust/admit-peer.ts';
import { lazySchemaCompilers } from './lazy-compilers.ts';
import type { ParticipantIdentity } from '../trust/participant-identity.ts';
import type { RevocationState } from '../trust/revocation-state.ts';
import type { Metrics } from '../node/metrics.ts';
import './request-context.ts';

export type TlsMaterial = { key: string; certificate: string; ca: string };

export type ProtocolServerOptions = {
  tls: TlsMaterial;
  revocation: RevocationState;
  logger: Logger;
  metrics: Metrics;
  /** Told of every refused client (after logging), e.g. to keep a security event log. */
  onRefused?: (refusal: { reason: string; detail: string; remote: string | undefined }) => void;
};

/** Whether the matched route opted out of mutual TLS (`config: { anonymous: true }`); unmatched routes never do. */
function isAnonymousRoute(request: FastifyRequest): boolean {
  return (request.routeOptions.config as { anonymous?: unknown } | undefined)?.anonymous === true;
}

export function createProtocolServer(options: ProtocolServerOptions): FastifyInstance {
  const secureOptions = () => ({
    key: options.tls.key,
    cert: options.tls.certificate,
    ca: options.tls.ca,
    crl: options.revocation.current.pem,
  });
  const app = Fastify({
    loggerInstance: options.logger.child({ surface: 'protocol' }),
    https: { ...secureOptions(), requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' },
    bodyLimit: 16 * 1024 * 1024,
    schemaController: lazySchemaCompilers,
  });
  const server = app.server as Server;
  const peers = new Map<TLSSocket, ParticipantIdentity>();
  const refused = options.metrics.counter('tls_refused_total', 'Mutual-TLS connections refused, by reason');
  const admitted = options.metrics.counter('tls_admitted_total', 'Mutual-TLS connections admitted');

  const refuse = (refusal: { reason: string; detail: string; remote: string | undefined }): void => {
    refused.inc({ reason: refusal.reason });
    app.log.warn(refusal, 'TLS client refused');
    options.onRefused?.(refusal);
  };

  // Prepended so that it runs before the HTTP layer attaches to the socket.
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    const verdict = admitPeer({
      authorized: socket.authorized,
      authorizationError: socket.authorizationError?.toString(),
      certificate: socket.getPeerCertificate(),
      isRevoked: (serial) => options.revocation.isRevoked(serial),
    });
    // A client without any certificate may still read the routes the specification leaves open (the DSP version
    // document); each of its requests for anything else is refused below. A certificate that fails is refused here.
    if (!verdict.ok && verdict.reason === 'no-certificate') return;
    if (!verdict.ok) {
      refuse({ reason: verdict.reason, detail: verdict.detail, remote: socket.remoteAddress });
      socket.destroy();
      return;
    }
    admitted.inc();
    peers.set(socket, verdict.value);
    socket.once('close', () => peers.delete(socket));
  });
  server.on('tlsClientError', (error, socket) =>
    refuse({ reason: 'handshake-failed', detail: error.message, remote: socket.remoteAddress }),
  );

  const unsubscribe = options.revocation.onChange((list) => {
    server.setSecureContext(secureOptions());
    for (const [socket, peer] of peers) {
      if (list.revoked.has(peer.serialNumber)) {
        refuse({
          reason: 'revoked',
          detail: `Open connection of "${peer.participantId}" closed: certificate ${peer.serialNumber} revoked`,
          remote: socket.remoteAddress,
        });
        socket.destroy();
      }
    }
  });
  app.addHook('onClose', async () => unsubscribe());

  app.decorateRequest('peer', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const socket = request.raw.socket as TLSSocket;
    const peer = peers.get(socket);
    if (peer !== undefined) {
      request.peer = peer;
      return;
    }
    if (isAnonymousRoute(request)) return;
    refuse({
      reason: 'no-certificate',
      detail: `Request for ${request.method} ${request.url} without a client certificate`,
      remote: socket.remoteAddress,
    });
    // As at the handshake: the connection is ended, so that the client learns nothing of the routes it may not use.
    reply.hijack();
    socket.destroy();
  });
  // Route plugins are written against Fastify's default instance type; the raw server being https changes nothing for them.
  return app as unknown as FastifyInstance;
}
