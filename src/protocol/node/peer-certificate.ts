/** The certificate a mutual-TLS caller presented, as PEM: kept beside a signature it sent, to verify it later. */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { FoederaError } from '../../shared/errors.ts';

export function peerCertificatePem(request: FastifyRequest): string {
  const raw = (request.raw.socket as TLSSocket).getPeerCertificate?.().raw;
  if (raw === undefined) throw new FoederaError('internal', `No client certificate on ${request.url}`);
  return new X509Certificate(raw).toString();
}
