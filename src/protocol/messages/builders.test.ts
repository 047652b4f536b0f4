import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDspMessage, type DspDocumentType } from '../validate.ts';
import * as cat from './catalog-builders.ts';
import * as cn from './negotiation-builders.ts';
import type { Agreement, MessageOffer } from './odrl.ts';
import * as tp from './transfer-builders.ts';

const pids = { providerPid: 'urn:uuid:p-1', consumerPid: 'urn:uuid:c-1' };
const offer: MessageOffer & { target: string } = {
  '@type': 'Offer',
  '@id': 'urn:offer:1',
  target: 'urn:dataset:d-42',
  permission: [
    { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'training' }] },
  ],
};
const agreement: Agreement = {
  '@type': 'Agreement',
  '@id': 'urn:agreement:1',
  target: 'urn:dataset:d-42',
  assigner: 'FRA',
  assignee: 'DEU',
  timestamp: '2026-11-26T05:00:00Z',
  permission: [{ action: 'use' }],
};
const address = tp.httpDataAddress({
  endpoint: 'https://fra.example/data/d-42',
  properties: { authorization: 't' },
});

const built: [DspDocumentType, unknown][] = [
  ['CatalogRequestMessage', cat.catalogRequestMessage()],
  ['CatalogRequestMessage', cat.catalogRequestMessage({ filter: [] })],
  ['DatasetRequestMessage', cat.datasetRequestMessage({ dataset: 'urn:dataset:d-42' })],
  [
    'Dataset',
    cat.dataset({
      '@id': 'urn:dataset:d-42',
      hasPolicy: [{ '@id': 'urn:offer:1', permission: [{ action: 'use' }] }],
      distribution: [{ format: 'HttpData-PULL', accessService: 'urn:service:fra' }],
    }),
  ],
  ['Catalog', cat.catalog({ id: 'urn:catalog:fra', participantId: 'FRA', datasets: [] })],
  [
    'Catalog',
    cat.catalog({
      id: 'urn:catalog:fra',
      participantId: 'FRA',
      datasets: [
        {
          '@id': 'urn:dataset:d-42',
          hasPolicy: [{ '@id': 'urn:offer:1', permission: [{ action: 'use' }] }],
          distribution: [{ format: 'HttpData-PULL', accessService: 'urn:service:fra' }],
        },
      ],
      service: [{ '@id': 'urn:service:fra', '@type': 'DataService', endpointURL: 'https://fra.example/dsp' }],
    }),
  ],
  ['CatalogError', cat.catalogError({ code: 'not-found', reason: ['Dataset "d-42" is not known'] })],
  ['VersionResponse', cat.versionResponse({ path: '/dsp' })],
  [
    'ContractRequestMessage',
    cn.contractRequestMessage({ consumerPid: 'c', offer, callbackAddress: 'https://deu/cb' }),
  ],
  ['ContractRequestMessage', cn.contractRequestMessage({ ...pids, offer })],
  [
    'ContractOfferMessage',
    cn.contractOfferMessage({ providerPid: 'p', offer, callbackAddress: 'https://fra/cb' }),
  ],
  ['ContractOfferMessage', cn.contractOfferMessage({ ...pids, offer })],
  ['ContractAgreementMessage', cn.contractAgreementMessage({ ...pids, agreement })],
  ['ContractAgreementVerificationMessage', cn.contractAgreementVerificationMessage(pids)],
  ['ContractNegotiationEventMessage', cn.contractNegotiationEventMessage({ ...pids, eventType: 'ACCEPTED' })],
  [
    'ContractNegotiationEventMessage',
    cn.contractNegotiationEventMessage({ ...pids, eventType: 'FINALIZED' }),
  ],
  ['ContractNegotiationTerminationMessage', cn.contractNegotiationTerminationMessage(pids)],
  [
    'ContractNegotiationTerminationMessage',
    cn.contractNegotiationTerminationMessage({ ...pids, code: 'x', reason: ['y'] }),
  ],
  ['ContractNegotiation', cn.contractNegotiation({ ...pids, state: 'VERIFIED' })],
  [
    'ContractNegotiationError',
    cn.contractNegotiationError({ ...pids, code: 'invalid-transition', reason: ['z'] }),
  ],
  [
    'TransferRequestMessage',
    tp.transferRequestMessage({
      consumerPid: 'c',
      agreementId: 'a',
      format: 'HttpData-PULL',
      callbackAddress: 'https://deu/cb',
    }),
  ],
  [
    'TransferRequestMessage',
    tp.transferRequestMessage({
      consumerPid: 'c',
      agreementId: 'a',
      format: 'HttpData-PUSH',
      callbackAddress: 'https://deu/cb',
      dataAddress: address,
    }),
  ],
  ['TransferStartMessage', tp.transferStartMessage(pids)],
  ['TransferStartMessage', tp.transferStartMessage({ ...pids, dataAddress: address })],
  ['TransferSuspensionMessage', tp.transferSuspensionMessage({ ...pids, reason: ['maintenance'] })],
  ['TransferCompletionMessage', tp.transferCompletionMessage(pids)],
  ['TransferTerminationMessage', tp.transferTerminationMessage({ ...pids, code: 'revoked' })],
  ['TransferProcess', tp.transferProcess({ ...pids, state: 'SUSPENDED' })],
  ['TransferError', tp.transferError({ ...pids, reason: ['nope'] })],
];

for (const [index, [type, json]] of built.entries()) {
  test(`builder output #${index} validates as ${type}`, () => {
    const result = validateDspMessage(type, json);
    assert.equal(result.ok, true, result.ok ? '' : result.detail);
  });
}

test('every DSP 2025-1 message type has at least one builder output checked', () => {
  const covered = new Set(built.map(([type]) => type));
  for (const type of [
    'CatalogRequestMessage',
    'DatasetRequestMessage',
    'Catalog',
    'Dataset',
    'CatalogError',
    'ContractRequestMessage',
    'ContractOfferMessage',
    'ContractAgreementMessage',
    'ContractAgreementVerificationMessage',
    'ContractNegotiationEventMessage',
    'ContractNegotiationTerminationMessage',
    'ContractNegotiation',
    'ContractNegotiationError',
    'TransferRequestMessage',
    'TransferStartMessage',
    'TransferSuspensionMessage',
    'TransferCompletionMessage',
    'TransferTerminationMessage',
    'TransferProcess',
    'TransferError',
    'VersionResponse',
  ] as const) {
    assert.ok(covered.has(type), type);
  }
});

test('an initial contract request without a callback address is refused by the schema', () => {
  const message = cn.contractRequestMessage({ ...pids, offer });
  const { providerPid: _dropped, ...initial } = message;
  assert.equal(validateDspMessage('ContractRequestMessage', initial).ok, false);
});
