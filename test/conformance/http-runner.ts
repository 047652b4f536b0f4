// Plays a conformance scenario over the DSP HTTPS binding against a real node's routes and store: the peer (TCK)
// speaks HTTP to the node's endpoints, the node's own steps are commands whose messages leave through its outbox and
// are delivered to the scripted peer. Every message in both directions is checked against the DSP schemas; after
// every step the node's state is read back with `GET /negotiations/:pid` or `GET /transfers/:pid`.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as cnb from '../../src/protocol/messages/negotiation-builders.ts';
import type { Agreement, MessageOffer } from '../../src/protocol/messages/odrl.ts';
import * as tpb from '../../src/protocol/messages/transfer-builders.ts';
import type { NegotiationEvent } from '../../src/protocol/negotiation/negotiation.ts';
import { deliverDue } from '../../src/protocol/service/outbox-worker.ts';
import { commandNegotiation, startNegotiation } from '../../src/protocol/service/negotiations.ts';
import type { ProtocolDeps, TransportPort } from '../../src/protocol/service/ports.ts';
import { commandTransfer, startTransfer } from '../../src/protocol/service/transfers.ts';
import type { TransferEvent } from '../../src/protocol/transfer/transfer.ts';
import { validateDspMessage, type DspDocumentType } from '../../src/protocol/validate.ts';
import type {
  NegotiationAction,
  NegotiationScenario,
  TransferAction,
  TransferScenario,
} from './scenarios.ts';

export const TCK = 'TCK';
export const TCK_HEADER = 'x-test-participant';
const TCK_BASE = 'https://tck.test/cb';

export type CutNode = { app: FastifyInstance; deps: ProtocolDeps };

function assertValid(type: DspDocumentType, body: unknown, where: string): void {
  const result = validateDspMessage(type, body);
  assert.equal(result.ok, true, `${where}: ${result.ok ? '' : result.detail}`);
}

/** The scripted peer's inbox: records what the node delivers and acknowledges like a conformant connector. */
function peerTransport(
  peerPid: string,
  inbox: { url: string; message: Record<string, unknown> }[],
): TransportPort {
  return async ({ url, message }) => {
    const m = message as Record<string, unknown>;
    inbox.push({ url, message: m });
    if (m['@type'] === 'ContractRequestMessage' && m['providerPid'] === undefined) {
      const consumerPid = m['consumerPid'] as string;
      return {
        status: 201,
        body: cnb.contractNegotiation({ providerPid: peerPid, consumerPid, state: 'REQUESTED' }),
      };
    }
    if (m['@type'] === 'TransferRequestMessage') {
      const consumerPid = m['consumerPid'] as string;
      return {
        status: 201,
        body: tpb.transferProcess({ providerPid: peerPid, consumerPid, state: 'REQUESTED' }),
      };
    }
    return { status: 200, body: undefined };
  };
}

async function post(node: CutNode, url: string, body: unknown) {
  const response = await node.app.inject({
    method: 'POST',
    url,
    payload: body as object,
    headers: { 'content-type': 'application/json', [TCK_HEADER]: TCK },
  });
  return {
    status: response.statusCode,
    body: response.body === '' ? undefined : (response.json() as unknown),
  };
}

async function stateOf(
  node: CutNode,
  read: { url: string; type: 'ContractNegotiation' | 'TransferProcess'; where: string },
) {
  const { url, type, where } = read;
  const response = await node.app.inject({ method: 'GET', url, headers: { [TCK_HEADER]: TCK } });
  assert.equal(response.statusCode, 200, where);
  const body = response.json() as { state: string };
  assertValid(type, body, where);
  return body.state;
}

const OFFER: MessageOffer & { target: string } = {
  '@type': 'Offer',
  '@id': 'urn:offer:tck-1',
  target: 'urn:dataset:tck-1',
  permission: [{ action: 'use' }],
};
const COUNTER: MessageOffer & { target: string } = { ...OFFER, '@id': 'urn:offer:tck-counter' };

const SUFFIX: Record<NegotiationAction, string> = {
  request: 'request',
  'counter-request': 'request',
  offer: 'offers',
  accept: 'events',
  agree: 'agreement',
  verify: 'agreement/verification',
  finalize: 'events',
  terminate: 'termination',
};
const SENT: Record<NegotiationAction, string> = {
  request: 'ContractRequestMessage',
  'counter-request': 'ContractRequestMessage',
  offer: 'ContractOfferMessage',
  accept: 'ContractNegotiationEventMessage',
  agree: 'ContractAgreementMessage',
  verify: 'ContractAgreementVerificationMessage',
  finalize: 'ContractNegotiationEventMessage',
  terminate: 'ContractNegotiationTerminationMessage',
};

export async function runNegotiationOverHttp(node: CutNode, scenario: NegotiationScenario): Promise<void> {
  const peerPid = `urn:uuid:${randomUUID()}`;
  const inbox: { url: string; message: Record<string, unknown> }[] = [];
  const transport = peerTransport(peerPid, inbox);
  let ownPid: string | undefined;
  const pids = () => {
    assert.ok(ownPid !== undefined);
    return scenario.role === 'provider'
      ? { providerPid: ownPid, consumerPid: peerPid }
      : { providerPid: peerPid, consumerPid: ownPid };
  };
  const agreement = (): Agreement => ({
    '@type': 'Agreement',
    '@id': `urn:uuid:${randomUUID()}`,
    target: OFFER.target,
    assigner: scenario.role === 'provider' ? node.deps.node : TCK,
    assignee: scenario.role === 'provider' ? TCK : node.deps.node,
    timestamp: '2026-11-26T06:00:00Z',
    permission: [{ action: 'use' }],
  });

  for (const [index, step] of scenario.steps.entries()) {
    const where = `${scenario.id} step ${index + 1} (${step.by} ${step.action}) over HTTP`;
    if (step.by === 'peer') {
      if (ownPid === undefined) {
        assert.equal(step.action, 'request', where);
        const message = cnb.contractRequestMessage({
          consumerPid: peerPid,
          offer: OFFER,
          callbackAddress: TCK_BASE,
        });
        const answer = await post(node, '/dsp/negotiations/request', message);
        assert.equal(answer.status, 201, where);
        assertValid('ContractNegotiation', answer.body, where);
        ownPid = (answer.body as { providerPid: string }).providerPid;
      } else {
        const message = (() => {
          switch (step.action) {
            case 'request':
            case 'counter-request':
              return cnb.contractRequestMessage({ ...pids(), offer: COUNTER });
            case 'offer':
              return cnb.contractOfferMessage({ ...pids(), offer: OFFER });
            case 'accept':
              return cnb.contractNegotiationEventMessage({ ...pids(), eventType: 'ACCEPTED' });
            case 'agree':
              return cnb.contractAgreementMessage({ ...pids(), agreement: agreement() });
            case 'verify':
              return cnb.contractAgreementVerificationMessage(pids());
            case 'finalize':
              return cnb.contractNegotiationEventMessage({ ...pids(), eventType: 'FINALIZED' });
            case 'terminate':
              return cnb.contractNegotiationTerminationMessage({ ...pids(), reason: ['TCK says so'] });
          }
        })();
        const answer = await post(
          node,
          `/dsp/negotiations/${encodeURIComponent(ownPid)}/${SUFFIX[step.action]}`,
          message,
        );
        if (step.expect === 'ok') {
          assert.equal(answer.status, 200, `${where}: ${JSON.stringify(answer.body)}`);
        } else {
          assert.equal(answer.status, 400, where);
          assertValid('ContractNegotiationError', answer.body, where);
        }
      }
    } else {
      if (ownPid === undefined) {
        assert.equal(step.action, 'request', where);
        const started = await startNegotiation(node.deps, {
          provider: TCK,
          providerAddress: 'https://tck.test/dsp',
          offer: OFFER,
          actor: 'tck-signal',
        });
        ownPid = started.pid;
      } else {
        const event: NegotiationEvent = (() => {
          switch (step.action) {
            case 'request':
            case 'counter-request':
              return { kind: 'request', offer: COUNTER };
            case 'offer':
              return { kind: 'offer', offer: COUNTER };
            case 'agree':
              return { kind: 'agree', agreement: agreement() };
            case 'accept':
            case 'verify':
            case 'finalize':
            case 'terminate':
              return { kind: step.action };
          }
        })();
        const result = await commandNegotiation(node.deps, { pid: ownPid, event, actor: 'tck-signal' });
        assert.ok(result.ok, `${where}: ${result.ok ? '' : result.detail}`);
      }
      const before = inbox.length;
      const report = await deliverDue(node.deps, { transport, limit: 10 });
      assert.equal(report.delivered, 1, `${where}: one message delivered`);
      const delivered = inbox[before];
      assert.ok(delivered !== undefined, where);
      assert.equal(delivered.message['@type'], SENT[step.action], where);
      assertValid(delivered.message['@type'] as DspDocumentType, delivered.message, where);
      assert.ok(
        delivered.url.startsWith(scenario.role === 'provider' ? TCK_BASE : 'https://tck.test/dsp'),
        where,
      );
    }
    assert.equal(
      await stateOf(node, {
        url: `/dsp/negotiations/${encodeURIComponent(ownPid)}`,
        type: 'ContractNegotiation',
        where,
      }),
      step.state,
      `${where}: state`,
    );
  }
}

const TRANSFER_SUFFIX: Record<Exclude<TransferAction, 'request'>, string> = {
  start: 'start',
  suspend: 'suspension',
  complete: 'completion',
  terminate: 'termination',
};

/**
 * Pull: the provider's TransferStartMessage carries the DataAddress to read from. Push (`HttpData-PUSH`): the
 * consumer's TransferRequestMessage carries the DataAddress to write to, and no TransferStartMessage carries one.
 */
export type TransferFlow = 'pull' | 'push';

const FORMAT: Record<TransferFlow, string> = { pull: 'HttpData-PULL', push: 'HttpData-PUSH' };

export async function runTransferOverHttp(
  node: CutNode,
  scenario: TransferScenario,
  flow: TransferFlow = 'pull',
): Promise<void> {
  const peerPid = `urn:uuid:${randomUUID()}`;
  const inbox: { url: string; message: Record<string, unknown> }[] = [];
  const transport = peerTransport(peerPid, inbox);
  const address =
    flow === 'pull'
      ? tpb.httpDataAddress({ endpoint: 'https://provider.test/data', properties: { authorization: 't' } })
      : tpb.httpDataAddress({
          endpoint: 'https://consumer.test/receive',
          properties: { authorization: 't' },
        });
  // Which message carries the DataAddress in this flow, and which must not.
  const carries = (type: string) =>
    flow === 'pull' ? type === 'TransferStartMessage' : type === 'TransferRequestMessage';
  let ownPid: string | undefined;
  const pids = () => {
    assert.ok(ownPid !== undefined);
    return scenario.role === 'provider'
      ? { providerPid: ownPid, consumerPid: peerPid }
      : { providerPid: peerPid, consumerPid: ownPid };
  };
  for (const [index, step] of scenario.steps.entries()) {
    const where = `${scenario.id} step ${index + 1} (${step.by} ${step.action}) over HTTP`;
    if (step.by === 'peer') {
      if (step.action === 'request') {
        const message = tpb.transferRequestMessage({
          consumerPid: peerPid,
          agreementId: `urn:agreement:${randomUUID()}`,
          format: FORMAT[flow],
          callbackAddress: TCK_BASE,
          ...(flow === 'push' ? { dataAddress: address } : {}),
        });
        const answer = await post(node, '/dsp/transfers/request', message);
        assert.equal(answer.status, 201, where);
        assertValid('TransferProcess', answer.body, where);
        ownPid = (answer.body as { providerPid: string }).providerPid;
      } else {
        assert.ok(ownPid !== undefined, where);
        const message = (() => {
          switch (step.action) {
            case 'start':
              // A consumer resuming never names an address; in a push, neither does the provider.
              return flow === 'pull' && scenario.role === 'consumer'
                ? tpb.transferStartMessage({ ...pids(), dataAddress: address })
                : tpb.transferStartMessage(pids());
            case 'suspend':
              return tpb.transferSuspensionMessage({ ...pids(), reason: ['pause'] });
            case 'complete':
              return tpb.transferCompletionMessage(pids());
            case 'terminate':
              return tpb.transferTerminationMessage({ ...pids(), reason: ['stop'] });
          }
        })();
        const answer = await post(
          node,
          `/dsp/transfers/${encodeURIComponent(ownPid)}/${TRANSFER_SUFFIX[step.action]}`,
          message,
        );
        if (step.expect === 'ok') {
          assert.equal(answer.status, 200, `${where}: ${JSON.stringify(answer.body)}`);
        } else {
          assert.equal(answer.status, 400, where);
          assertValid('TransferError', answer.body, where);
        }
      }
    } else {
      if (step.action === 'request') {
        const started = await startTransfer(node.deps, {
          provider: TCK,
          providerAddress: 'https://tck.test/dsp',
          agreementId: `urn:agreement:${randomUUID()}`,
          format: FORMAT[flow],
          actor: 'tck-signal',
          ...(flow === 'push' ? { dataAddress: address } : {}),
        });
        ownPid = started.pid;
      } else {
        assert.ok(ownPid !== undefined, where);
        const event: TransferEvent =
          step.action === 'start' && scenario.role === 'provider' && flow === 'pull'
            ? { kind: 'start', dataAddress: address }
            : { kind: step.action };
        const result = await commandTransfer(node.deps, { pid: ownPid, event, actor: 'tck-signal' });
        assert.ok(result.ok, `${where}: ${result.ok ? '' : result.detail}`);
      }
      const before = inbox.length;
      const report = await deliverDue(node.deps, { transport, limit: 10 });
      assert.equal(report.delivered, 1, `${where}: one message delivered`);
      const delivered = inbox[before];
      assert.ok(delivered !== undefined, where);
      assertValid(delivered.message['@type'] as DspDocumentType, delivered.message, where);
      const type = String(delivered.message['@type']);
      if (type === 'TransferRequestMessage' || type === 'TransferStartMessage') {
        const named = delivered.message['dataAddress'];
        // A consumer's resumption carries no address in either flow.
        const expected = carries(type) && !(type === 'TransferStartMessage' && scenario.role === 'consumer');
        if (expected) assert.deepEqual(named, address, `${where}: the ${flow} DataAddress`);
        else assert.equal(named, undefined, `${where}: no DataAddress in a ${flow} ${type}`);
      }
    }
    assert.ok(ownPid !== undefined, where);
    assert.equal(
      await stateOf(node, {
        url: `/dsp/transfers/${encodeURIComponent(ownPid)}`,
        type: 'TransferProcess',
        where,
      }),
      step.state,
      `${where}: state`,
    );
  }
}
