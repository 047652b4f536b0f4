import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { IN_MEMORY, openMetadataStore, type MetadataStore } from '../../store/metadata/open.ts';
import { insertFinalizedAgreement } from '../../../test/support/agreement-rows.ts';
import { consumerAgreement } from './consumer-agreement.ts';

let store: MetadataStore;
before(async () => {
  store = await openMetadataStore({ dataDir: IN_MEMORY });
  await insertFinalizedAgreement(store.db, {
    agreementId: 'urn:agreement:a1',
    negotiationPid: 'urn:uuid:n1',
    role: 'consumer',
    provider: 'FRA',
    consumer: 'DEU',
    target: 'urn:uuid:d1',
    counterpartyAddress: 'https://127.0.0.1:1111/dsp',
  });
});
after(() => store.close());

test('consumerAgreement() finds the provider where the negotiation reached it while the catalog names no endpoint', async () => {
  const found = await consumerAgreement(store.db, { agreementId: 'urn:agreement:a1', self: 'DEU' });
  assert.ok(found.ok);
  assert.equal(found.value.providerBase, 'https://127.0.0.1:1111');
});

test("consumerAgreement() prefers the endpoint the provider's catalog last named (a provider restarted elsewhere)", async () => {
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
  const found = await consumerAgreement(store.db, { agreementId: 'urn:agreement:a1', self: 'DEU' });
  assert.ok(found.ok);
  assert.equal(found.value.providerBase, 'https://127.0.0.1:2222');
  const other = await consumerAgreement(store.db, { agreementId: 'urn:agreement:a1', self: 'ITA' });
  assert.equal(other.ok, false);
});
