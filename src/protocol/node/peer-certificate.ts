/** The certificate a mutual-TLS caller presented, as PEM: kept beside a signature it sent, to verify it later. */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { FoederaError } from '../../shared/errors.ts';

// Made once per kept-alive connection, not once per message. TLS 1.3 has no renegotiation, so a connection presents
// one certificate; on an older protocol the certificate is read again and compared.
const pems = new WeakMap<TLSSocket, { raw: Buffer; pem: string }>();

export function peerCertificatePem(request: FastifyRequest): string {
  const socket = request.raw.socket as TLSSocket;
  const known = pems.get(socket);
  if (known !== undefined && socket.getProtocol?.() === 'TLSv1.3') return known.pem;
  const raw = socket.getPeerCertificate?.().raw;
  if (raw === undefined) throw new FoederaError('internal', `No client certificate on ${request.url}`);
  if (known !== undefined && known.raw.equals(raw)) return known.pem;
  const pem = new X509Certificate(raw).toString();
  pems.set(socket, { raw, pem });
  return pem;
}
