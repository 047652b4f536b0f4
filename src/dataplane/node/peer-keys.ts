/**
 * Participants' node keys as the data plane verifies them: the public key of the federation certificate a participant
 * presented over mutual TLS (or this node's own), named by the certificate's serial number, and only while that
 * certificate is not revoked. A participant this node has not yet seen over mutual TLS has no known key; a consumer
 * learns the owner's key from the server certificate of the owner's own answers (`serverCheck`).
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { FoederaError } from '../../shared/errors.ts';
import { identityFromPeerCertificate, type ParticipantIdentity } from '../../trust/participant-identity.ts';
import type { VerificationKeyLookup } from '../keys/node-signing-key.ts';

export type CertificateKeys = {
  readonly lookup: VerificationKeyLookup;
  /** Records the key of the certificate the caller of `request` presented, named by its identity. */
  remember(request: FastifyRequest, peer: ParticipantIdentity): void;
  /**
   * A `Call.checkServer` that accepts only `participant`'s unrevoked federation certificate and records its key;
   * throws a `peer-refused` error otherwise.
   */
  serverCheck(participant: string): (socket: TLSSocket) => void;
};

export function certificateKeys(options: {
  own: { participant: string; kid: string; publicKey: KeyObject };
  isRevoked: (serialNumber: string) => boolean;
}): CertificateKeys {
  const keys = new Map<string, KeyObject>();
  const name = (participant: string, kid: string) => `${participant}\n${kid}`;
  keys.set(name(options.own.participant, options.own.kid), options.own.publicKey);
  const keep = (peer: ParticipantIdentity, raw: Buffer | undefined) => {
    const id = name(peer.participantId, peer.serialNumber);
    if (!keys.has(id) && raw !== undefined) keys.set(id, new X509Certificate(raw).publicKey);
  };
  return {
    lookup: async ({ participant, kid }) =>
      options.isRevoked(kid) ? undefined : keys.get(name(participant, kid)),
    remember(request, peer) {
      keep(peer, (request.raw.socket as TLSSocket).getPeerCertificate().raw as Buffer | undefined);
    },
    serverCheck: (participant) => (socket) => {
      const certificate = socket.getPeerCertificate();
      const identity = identityFromPeerCertificate(certificate);
      const refuse = (why: string) => {
        throw new FoederaError('peer-refused', `Cannot trust the data plane of ${participant}: ${why}`);
      };
      if (!identity.ok) return refuse(identity.detail);
      if (options.isRevoked(identity.value.serialNumber)) return refuse('its certificate is revoked');
      if (identity.value.participantId !== participant)
        return refuse(`the server is ${identity.value.participantId}`);
      keep(identity.value, certificate.raw);
      return undefined;
    },
  };
}
