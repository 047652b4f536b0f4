import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { insertFinalizedAgreement } from '../../../test/support/agreement-rows.ts';
import { IN_MEMORY, openMetadataStore, type MetadataStore } from '../../store/metadata/open.ts';
import { agreedProviderAddress } from './provider-address.ts';

let store: MetadataStore;
before(async () => {
  store = await openMetadataStore({ dataDir: IN_MEMORY });
  const common = { provider: 'FRA', consumer: 'DEU', target: 'urn:uuid:d1' };
  await insertFinalizedAgreement(store.db, {
    ...common,
    agreementId: 'urn:agreement:held',
    negotiationPid: 'urn:uuid:n1',
    role: 'consumer',
    counterpartyAddress: 'https://127.0.0.1:1111/dsp',
  });
  // The same agreement's other side, as a provider node would hold it: not this node's to send requests under.
  await insertFinalizedAgreement(store.db, {
    ...common,
    agreementId: 'urn:agreement:given',
    negotiationPid: 'urn:uuid:n2',
    role: 'provider',
    counterpartyAddress: 'https://127.0.0.1:3333/dsp',
  });
});
after(() => store.close());

test('the address the negotiation reached the provider at, while the federated catalog names no endpoint', async () => {
  assert.equal(await agreedProviderAddress(store.db, 'urn:agreement:held'), 'https://127.0.0.1:1111/dsp');
  assert.equal(await agreedProviderAddress(store.db, 'urn:agreement:given'), undefined);
  assert.equal(await agreedProviderAddress(store.db, 'urn:agreement:unknown'), undefined);
});

test("the endpoint the provider's catalog last named wins (a provider restarted on another port)", async () => {
  await store.db
    .insertInto('catalog_peer')
    .values({
      peer: 'FRA',
      fetched_at: new Date(),
      tried_at: new Date(),
      status: 'fresh',
      detail: null,
      endpoint: 'https://127.0.0.1:2222/dsp',
    })
    .execute();
  assert.equal(await agreedProviderAddress(store.db, 'urn:agreement:held'), 'https://127.0.0.1:2222/dsp');
});
