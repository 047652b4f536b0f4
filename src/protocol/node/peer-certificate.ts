/** The certificate a mutual-TLS caller presented, as PEM: kept beside a signature it sent, to verify it later. */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { FoederaError } from '../../shared/errors.ts';

// A connection presents one certificate: its PEM is made once per kept-alive connection, not once per message.
const pems = new WeakMap<TLSSocket, { raw: Buffer; pem: string }>();

export function peerCertificatePem(request: FastifyRequest): string {
  const socket = request.raw.socket as TLSSocket;
  const raw = socket.getPeerCertificate?.().raw;
  if (raw === undefined) throw new FoederaError('internal', `No client certificate on ${request.url}`);
  const known = pems.get(socket);
  if (known !== undefined && known.raw.equals(raw)) return known.pem;
  const pem = new X509Certificate(raw).toString();
  pems.set(socket, { raw, pem });
  return pem;
}
