/**
 * The DSP 2025-1 HTTPS binding of contract negotiation and transfer process, provider and consumer sides, as one
 * Fastify plugin with an explicit dependency interface. This node's callback address is its DSP base URL, so the
 * consumer callbacks (`/negotiations/offers`, `/negotiations/:pid/offers|agreement|events|termination`,
 * `/transfers/:pid/start|completion|suspension|termination`) live beside the provider endpoints; a message is routed
 * to the process this node keeps under `:pid`, whichever side it plays.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { negotiationDocument } from '../negotiation/start.ts';
import { transferDocument } from '../transfer/transition.ts';
import type { NegotiationMessage, TransferMessage } from '../messages/types.ts';
import * as negotiations from '../service/negotiations.ts';
import type { Owed } from '../service/_steps.ts';
import type { ProtocolDeps } from '../service/ports.ts';
import * as transfers from '../service/transfers.ts';
import { validateDspMessage, type DspDocumentType } from '../validate.ts';
import { sendInvalid, sendRefusal } from './errors.ts';

export type DspRouteDeps = {
  readonly protocol: ProtocolDeps;
  /** The calling participant, from its mutual-TLS certificate; undefined refuses the call with 404. */
  readonly participantOf: (request: FastifyRequest) => string | undefined;
  /**
   * Called after a step committed, so that the node's workers run now rather than at their next poll; told what the
   * step left to do, so that a worker with nothing new is not woken.
   */
  readonly kick: (owed?: Owed) => void;
  /** Called after a transfer step committed, with the process's pid on this side (the node's data plane acts on it). */
  readonly transferStepped?: (pid: string) => void;
  /**
   * What the caller's certificate says beyond its name: its nation (kept with a negotiation it opens, for the
   * decision) and the certificate itself (kept beside an agreement signature it sends, to verify it).
   */
  readonly peerEvidence?: (request: FastifyRequest) => { country: string; certificate: () => string };
};

/** Messages that carry an agreement signature: their sender's certificate is kept to verify it. */
const SIGNED: ReadonlySet<string> = new Set([
  'ContractAgreementMessage',
  'ContractAgreementVerificationMessage',
]);

const NEGOTIATION_PATHS: Readonly<Record<string, DspDocumentType>> = {
  request: 'ContractRequestMessage',
  offers: 'ContractOfferMessage',
  events: 'ContractNegotiationEventMessage',
  agreement: 'ContractAgreementMessage',
  'agreement/verification': 'ContractAgreementVerificationMessage',
  termination: 'ContractNegotiationTerminationMessage',
};
const TRANSFER_PATHS: Readonly<Record<string, DspDocumentType>> = {
  start: 'TransferStartMessage',
  completion: 'TransferCompletionMessage',
  suspension: 'TransferSuspensionMessage',
  termination: 'TransferTerminationMessage',
};

type PidParams = { Params: { pid: string } };

export function dspRoutes(deps: DspRouteDeps): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser('application/ld+json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });

    const caller = (request: FastifyRequest, reply: FastifyReply): string | undefined => {
      const participant = deps.participantOf(request);
      if (participant === undefined) void reply.code(404).send();
      return participant;
    };
    const parse = <T>(type: DspDocumentType, request: FastifyRequest, reply: FastifyReply): T | undefined => {
      const result = validateDspMessage(type, request.body);
      if (result.ok) return result.value as T;
      void sendInvalid(reply, result);
      return undefined;
    };

    // Contract negotiation
    app.get<PidParams>('/negotiations/:pid', async (request, reply) => {
      const participant = caller(request, reply);
      if (participant === undefined) return reply;
      const found = await negotiations.getNegotiation(deps.protocol, {
        pid: request.params.pid,
        participant,
      });
      if (!found.ok) return reply.code(404).send();
      return reply.send(negotiationDocument(found.value));
    });

    app.post('/negotiations/request', async (request, reply) => {
      const consumer = caller(request, reply);
      if (consumer === undefined) return reply;
      const message = parse<Extract<NegotiationMessage, { '@type': 'ContractRequestMessage' }>>(
        'ContractRequestMessage',
        request,
        reply,
      );
      if (message === undefined) return reply;
      const country = deps.peerEvidence?.(request).country;
      const outcome = await negotiations.openFromRequest(deps.protocol, {
        consumer,
        message,
        ...(country === undefined ? {} : { consumerCountry: country }),
      });
      if (!outcome.ok) {
        return sendRefusal(reply, {
          protocol: 'negotiation',
          ...outcome,
          pids: { consumerPid: message.consumerPid },
        });
      }
      deps.kick(outcome.value.owes);
      return reply.code(201).send(negotiationDocument(outcome.value.negotiation));
    });

    app.post('/negotiations/offers', async (request, reply) => {
      const provider = caller(request, reply);
      if (provider === undefined) return reply;
      const message = parse<Extract<NegotiationMessage, { '@type': 'ContractOfferMessage' }>>(
        'ContractOfferMessage',
        request,
        reply,
      );
      if (message === undefined) return reply;
      const outcome = await negotiations.openFromOffer(deps.protocol, { provider, message });
      if (!outcome.ok) {
        return sendRefusal(reply, {
          protocol: 'negotiation',
          ...outcome,
          pids: { providerPid: message.providerPid },
        });
      }
      deps.kick(outcome.value.owes);
      return reply.code(201).send(negotiationDocument(outcome.value.negotiation));
    });

    for (const [suffix, type] of Object.entries(NEGOTIATION_PATHS)) {
      app.post<PidParams>(`/negotiations/:pid/${suffix}`, async (request, reply) => {
        const participant = caller(request, reply);
        if (participant === undefined) return reply;
        const message = parse<NegotiationMessage>(type, request, reply);
        if (message === undefined) return reply;
        const certificate = SIGNED.has(type) ? deps.peerEvidence?.(request).certificate() : undefined;
        const outcome = await negotiations.receiveNegotiationMessage(deps.protocol, {
          participant,
          pid: request.params.pid,
          message,
          ...(certificate === undefined ? {} : { peerCertificate: certificate }),
        });
        if (!outcome.ok) return sendRefusal(reply, { protocol: 'negotiation', ...outcome, pids: message });
        deps.kick(outcome.value.owes);
        return reply.code(200).send();
      });
    }

    // Transfer process
    app.get<PidParams>('/transfers/:pid', async (request, reply) => {
      const participant = caller(request, reply);
      if (participant === undefined) return reply;
      const found = await transfers.getTransfer(deps.protocol, { pid: request.params.pid, participant });
      if (!found.ok) return reply.code(404).send();
      return reply.send(transferDocument(found.value));
    });

    app.post('/transfers/request', async (request, reply) => {
      const consumer = caller(request, reply);
      if (consumer === undefined) return reply;
      const message = parse<Extract<TransferMessage, { '@type': 'TransferRequestMessage' }>>(
        'TransferRequestMessage',
        request,
        reply,
      );
      if (message === undefined) return reply;
      const outcome = await transfers.openFromTransferRequest(deps.protocol, { consumer, message });
      if (!outcome.ok) {
        return sendRefusal(reply, {
          protocol: 'transfer',
          ...outcome,
          pids: { consumerPid: message.consumerPid },
        });
      }
      deps.kick(outcome.value.owes);
      return reply.code(201).send(transferDocument(outcome.value.transfer));
    });

    for (const [suffix, type] of Object.entries(TRANSFER_PATHS)) {
      app.post<PidParams>(`/transfers/:pid/${suffix}`, async (request, reply) => {
        const participant = caller(request, reply);
        if (participant === undefined) return reply;
        const message = parse<TransferMessage>(type, request, reply);
        if (message === undefined) return reply;
        const outcome = await transfers.receiveTransferMessage(deps.protocol, {
          participant,
          pid: request.params.pid,
          message,
        });
        if (!outcome.ok) return sendRefusal(reply, { protocol: 'transfer', ...outcome, pids: message });
        deps.kick(outcome.value.owes);
        deps.transferStepped?.(request.params.pid);
        return reply.code(200).send();
      });
    }
  };
}
