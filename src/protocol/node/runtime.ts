/**
 * One protocol runtime per node: the `ProtocolDeps` built from the `NodeContext`, the participants seen over mutual
 * TLS, and the workers that answer owed decisions and deliver the outbox. The DSP and management plugins share it;
 * the first to be created starts the workers, which stop when the node shuts down.
 *
 * It also tells whoever listens (the data plane's workers) that a transfer step committed: the routes after a
 * transfer message or command, the outbox worker after delivering a transfer's message (a provider's transfer
 * reaches STARTED in the decision worker, and its push may begin once the consumer has the TransferStartMessage).
 * So the data plane starts a pull or a push at once and stops a push once its transfer is suspended or terminated,
 * without polling the store several times a second.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:https';
import { appendAuditBatch } from '../../audit/store/append.ts';
import type { NodeContext } from '../../node/context.ts';
import { FoederaError } from '../../shared/errors.ts';
import { automaticDeciders } from '../service/deciders.ts';
import type { ProtocolDeps } from '../service/ports.ts';
import { startProtocolWorkers, type ProtocolWorkers } from '../service/workers.ts';
import { readFileSync } from 'node:fs';
import { resolveInHome } from '../../node/read-material.ts';
import { nodeAgreementSigner } from './agreement-signer.ts';
import { CRASH_AFTER_ENV, crashPoint } from './crash-point.ts';
import { policyContractDecision } from './contract-decision.ts';
import { peerTransport } from './peer-transport.ts';
import {
  DATAPLANE_PATH,
  dataPlaneAddress,
  PUSH_FORMAT,
  pushReceiveAddress,
} from '../../dataplane/node/data-address.ts';
import type { RequestAddressPort } from '../http/management-routes.ts';

/** Path of the DSP endpoints on the protocol surface. */
export const DSP_PATH = '/dsp';

export type ProtocolRuntime = {
  readonly deps: ProtocolDeps;
  readonly workers: ProtocolWorkers;
  /** A consumer's push request: its data plane's receiving endpoint for the process (or the one asked for). */
  readonly requestAddressFor: RequestAddressPort;
  /** Tells the runtime which server the DSP endpoints listen on, for the callback address. */
  listenOn(server: { address(): ReturnType<Server['address']> }): void;
  /** Called after a committed step that may have changed transfer `pid` (any transfer when not given). */
  transferStepped(pid?: string): void;
  /** Calls `listener` on each `transferStepped`; answers the function that unsubscribes it. */
  onTransferStep(listener: TransferStepListener): () => void;
};

export type TransferStepListener = (pid: string | undefined) => void;

const runtimes = new WeakMap<NodeContext, ProtocolRuntime>();

export function protocolRuntime(context: NodeContext): ProtocolRuntime {
  let runtime = runtimes.get(context);
  if (runtime === undefined) {
    runtime = createRuntime(context);
    runtimes.set(context, runtime);
  }
  return runtime;
}

function createRuntime(context: NodeContext): ProtocolRuntime {
  let server: { address(): ReturnType<Server['address']> } | undefined;

  const baseUrl = (): string => {
    const bound = server?.address();
    if (bound === undefined || bound === null || typeof bound === 'string') {
      throw new FoederaError(
        'internal',
        'Cannot name the DSP callback address: the protocol surface is not listening',
      );
    }
    const configured = context.config.protocol.host;
    // As in run.json: a wildcard bind is reachable on the loopback address.
    const host = configured === '0.0.0.0' || configured === '::' ? '127.0.0.1' : configured;
    const shown = host.includes(':') ? `[${host}]` : host;
    return `https://${shown}:${(bound as AddressInfo).port}${DSP_PATH}`;
  };

  const dataPlaneBase = () => `${baseUrl().slice(0, -DSP_PATH.length)}${DATAPLANE_PATH}`;

  const crash = crashPoint(process.env[CRASH_AFTER_ENV]);
  const deps: ProtocolDeps = {
    store: crash.store(context.stores.metadata),
    node: context.identity.participantId,
    get address() {
      return baseUrl();
    },
    clock: context.clock,
    audit: async (trx, entries) => {
      await appendAuditBatch(trx, entries);
      for (const entry of entries) crash.saw(trx, entry);
    },
    newPid: () => `urn:uuid:${randomUUID()}`,
    certificate: readFileSync(resolveInHome(context.home, context.config.tls.certificate), 'utf8'),
  };
  const deciders = automaticDeciders(deps, {
    decideContract: policyContractDecision({ node: deps.node }),
    signer: nodeAgreementSigner(context),
    dataAddressFor: dataPlaneAddress(dataPlaneBase),
  });
  const listeners = new Set<TransferStepListener>();
  const transferStepped = (pid?: string) => {
    for (const listener of listeners) {
      try {
        listener(pid);
      } catch (error) {
        context.logger.error({ err: error }, 'Transfer step listener failed');
      }
    }
  };
  const workers = startProtocolWorkers(deps, {
    transport: peerTransport(context.peers),
    deciders,
    signal: context.shutdown,
    onError: (error) => context.logger.error({ err: error }, 'Protocol worker step failed'),
    // A provider's transfer reaches STARTED in a decision (or a resumption); its data plane pushes once the consumer
    // has the TransferStartMessage, that is, once the outbox delivered it.
    onDelivered: (rows) => {
      for (const row of rows) if (row.process === 'transfer') transferStepped(row.process_pid);
    },
  });

  return {
    deps,
    workers,
    requestAddressFor: ({ format, consumerPid, endpoint }) =>
      format === PUSH_FORMAT
        ? pushReceiveAddress({ endpoint: endpoint ?? dataPlaneBase(), consumerPid })
        : undefined,
    listenOn: (listening) => {
      server = listening;
    },
    transferStepped,
    onTransferStep: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
