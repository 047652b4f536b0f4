import assert from 'node:assert/strict';
import { test } from 'node:test';
import { transferRequestMessage } from '../../protocol/messages/transfer-builders.ts';
import type { Transfer } from '../../protocol/transfer/transfer.ts';
import { validateDspMessage } from '../../protocol/validate.ts';
import { PUSH_FORMAT, pushReceiveAddress, pushTargetOf } from './data-address.ts';

const address = pushReceiveAddress({
  endpoint: 'https://deu.test:8443/dataplane',
  consumerPid: 'urn:uuid:c-1',
});

const transfer = (over: Partial<Transfer>): Transfer => ({
  role: 'provider',
  state: 'STARTED',
  providerPid: 'urn:uuid:p-1',
  consumerPid: 'urn:uuid:c-1',
  counterparty: 'DEU',
  counterpartyAddress: 'https://deu.test:8443/dsp',
  agreementId: 'urn:uuid:a-1',
  format: PUSH_FORMAT,
  dataAddress: address,
  lastReceived: null,
  ...over,
});

test('a push TransferRequestMessage with the receiving DataAddress is valid DSP 2025-1', () => {
  const message = transferRequestMessage({
    consumerPid: 'urn:uuid:c-1',
    agreementId: 'urn:uuid:a-1',
    format: PUSH_FORMAT,
    callbackAddress: 'https://deu.test:8443/dsp',
    dataAddress: address,
  });
  const result = validateDspMessage('TransferRequestMessage', message);
  assert.equal(result.ok, true, result.ok ? '' : result.detail);
});

test('pushTargetOf() names the receiver endpoint scoped to the process the address names', () => {
  assert.equal(pushTargetOf(transfer({})), 'https://deu.test:8443/dataplane/transfers/urn%3Auuid%3Ac-1');
});

test('pushTargetOf() refuses an address naming another process, another endpoint type or plain HTTP', () => {
  assert.equal(pushTargetOf(transfer({ consumerPid: 'urn:uuid:c-2' })), undefined);
  assert.equal(
    pushTargetOf(transfer({ dataAddress: { ...address, endpointType: 'https://w3id.org/idsa/v4.1/HTTP' } })),
    undefined,
  );
  assert.equal(
    pushTargetOf(transfer({ dataAddress: { ...address, endpoint: 'http://deu.test/dataplane' } })),
    undefined,
  );
  assert.equal(pushTargetOf(transfer({ dataAddress: null })), undefined);
});
