import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageDigest } from '../_internal/digest.ts';
import * as build from '../messages/transfer-builders.ts';
import type { TransferMessage } from '../messages/types.ts';
import { TRANSFER_STATES, transferTable } from './table.ts';
import type { Transfer } from './transfer.ts';
import { transition } from './transition.ts';

const pids = { providerPid: 'urn:p', consumerPid: 'urn:c' };
const address = build.httpDataAddress({ endpoint: 'https://fra/data/d' });
const transfer = (overrides: Partial<Transfer>): Transfer => ({
  role: 'consumer',
  state: 'REQUESTED',
  ...pids,
  counterparty: 'FRA',
  counterpartyAddress: 'https://fra/dsp',
  agreementId: 'urn:a',
  format: 'HttpData-PULL',
  dataAddress: null,
  lastReceived: null,
  ...overrides,
});
const receive = (message: TransferMessage) => ({
  kind: 'receive' as const,
  message,
  digest: messageDigest(message),
});
const MESSAGES: TransferMessage[] = [
  build.transferStartMessage({ ...pids, dataAddress: address }),
  build.transferSuspensionMessage(pids),
  build.transferCompletionMessage(pids),
  build.transferTerminationMessage(pids),
];

test('transition() accepts a received transfer message exactly where the table allows it, for both roles', () => {
  for (const role of ['provider', 'consumer'] as const) {
    const { receives } = transferTable(role);
    for (const state of TRANSFER_STATES) {
      for (const message of MESSAGES) {
        const expected = receives.some((row) => row.signal === message['@type'] && row.from.includes(state));
        const result = transition(transfer({ role, state }), receive(message));
        assert.equal(result.ok, expected, `${role} in ${state} receiving ${message['@type']}`);
      }
    }
  }
});

test('a consumer that receives a start learns the data address and starts its data flow', () => {
  const result = transition(transfer({}), receive(MESSAGES[0]!));
  assert.ok(result.ok);
  assert.equal(result.state.state, 'STARTED');
  assert.deepEqual(result.state.dataAddress, address);
  assert.deepEqual(result.effects, [{ type: 'start-data-flow', dataAddress: address }]);
});

test('a redelivered completion is answered without stopping the data flow twice', () => {
  const completion = receive(MESSAGES[2]!);
  const first = transition(transfer({ state: 'STARTED' }), completion);
  assert.ok(first.ok);
  const again = transition(first.state, completion);
  assert.ok(again.ok);
  assert.equal(again.replay, true);
  assert.deepEqual(again.effects, []);
});

test('only the provider may start a requested transfer', () => {
  assert.equal(transition(transfer({ role: 'consumer' }), { kind: 'start' }).ok, false);
  const provider = transition(transfer({ role: 'provider' }), { kind: 'start', dataAddress: address });
  assert.ok(provider.ok);
  const [send] = provider.effects;
  assert.ok(send?.type === 'send');
  assert.equal(send.path, '/transfers/urn%3Ac/start');
});

test('transition() refuses a message for another transfer', () => {
  const message = build.transferCompletionMessage({ providerPid: 'urn:p', consumerPid: 'urn:other' });
  const result = transition(transfer({ state: 'STARTED' }), receive(message));
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.reason, 'pid-mismatch');
});
