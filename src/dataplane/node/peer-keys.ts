/**
 * Participants' node keys as the data plane verifies them: the public key of the federation certificate a participant
 * presented over mutual TLS (or this node's own), named by the certificate's serial number, and only while that
 * certificate is not revoked. A participant this node has not yet seen over mutual TLS has no known key.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import type { ParticipantIdentity } from '../../trust/participant-identity.ts';
import type { VerificationKeyLookup } from '../keys/node-signing-key.ts';

export type CertificateKeys = {
  readonly lookup: VerificationKeyLookup;
  /** Records the key of the certificate the caller of `request` presented, named by its identity. */
  remember(request: FastifyRequest, peer: ParticipantIdentity): void;
};

export function certificateKeys(options: {
  own: { participant: string; kid: string; publicKey: KeyObject };
  isRevoked: (serialNumber: string) => boolean;
}): CertificateKeys {
  const keys = new Map<string, KeyObject>();
  const name = (participant: string, kid: string) => `${participant}\n${kid}`;
  keys.set(name(options.own.participant, options.own.kid), options.own.publicKey);
  return {
    lookup: async ({ participant, kid }) =>
      options.isRevoked(kid) ? undefined : keys.get(name(participant, kid)),
    remember(request, peer) {
      const id = name(peer.participantId, peer.serialNumber);
      if (keys.has(id)) return;
      const raw = (request.raw.socket as TLSSocket).getPeerCertificate().raw as Buffer | undefined;
      if (raw !== undefined) keys.set(id, new X509Certificate(raw).publicKey);
    },
  };
}
