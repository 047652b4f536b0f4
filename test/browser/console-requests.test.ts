/**
 * What the console sends to start a negotiation or a transfer, and how it learns where peers listen: the bodies
 * match the management API's schemas (the ones the node validates), built from a catalog entry and the peer book.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Compile } from 'typebox/compile';
import Type from 'typebox';
import { readCatalog, readNegotiations } from '../../web/src/api/resources.ts';
import { accessRequest, providerOf } from '../../web/src/catalog/request-access.ts';
import { transferRequest } from '../../web/src/negotiations/start-transfer.ts';
import { addressError, parsePeers } from '../../web/src/peers/peer-book.ts';
import { extractPeers, extractToken } from '../../web/src/session/token-shape.ts';
import { DEMO_DATASETS } from '../../src/demo/datasets.ts';
import { logisticsTable } from '../../src/demo/tables.ts';
import { previewOf } from '../../web/src/received/preview.ts';

const dataset = DEMO_DATASETS.FRA?.[0];
const peers = { FRA: 'https://127.0.0.1:8443/dsp' };
const catalog = readCatalog({
  items: [
    { peer: 'FRA', dataset: { ...dataset, publisher: 'urn:foedera:participant:FRA', distributions: [] } },
  ],
});
const item = catalog?.[0];

// The management API's StartNegotiation schema (src/protocol/http/management-routes.ts), as the node checks it.
const StartNegotiation = Compile(
  Type.Object({
    provider: Type.String({ minLength: 1 }),
    providerAddress: Type.Optional(Type.String({ pattern: '^https?://' })),
    offer: Type.Object(
      {
        '@type': Type.Literal('Offer'),
        '@id': Type.String({ minLength: 1 }),
        target: Type.String({ minLength: 1 }),
        permission: Type.Optional(Type.Array(Type.Unknown())),
      },
      { additionalProperties: true },
    ),
  }),
);

test('accessRequest() addresses the publisher at its DSP address with the catalog offer targeted at the dataset', () => {
  assert.ok(item !== undefined && dataset !== undefined);
  assert.equal(providerOf(item), 'FRA');
  const offer = item.offers[0];
  assert.ok(offer !== undefined);
  const built = accessRequest({ item, offerId: offer.id, peers });
  assert.ok(built.ok);
  assert.ok(StartNegotiation.Check(built.body), JSON.stringify([...StartNegotiation.Errors(built.body)]));
  assert.deepEqual(
    [built.body.provider, built.body.providerAddress, built.body.offer['@id'], built.body.offer.target],
    ['FRA', peers.FRA, offer.id, dataset.id],
  );
  assert.deepEqual(built.body.offer.permission, (dataset.offers[0] as { permission: unknown }).permission);
});

test('accessRequest() leaves an unknown peer address to the node, and says why it cannot ask for its own dataset', () => {
  assert.ok(item !== undefined);
  const offerId = item.offers[0]?.id ?? '';
  const unknown = accessRequest({ item, offerId, peers: {} });
  assert.ok(unknown.ok);
  assert.ok(StartNegotiation.Check(unknown.body));
  assert.equal('providerAddress' in unknown.body, false);
  const { peer: _peer, ...own } = item;
  const self = accessRequest({ item: own, offerId, peers });
  assert.ok(!self.ok);
  assert.match(self.reason, /publishes the dataset itself/);
});

test('transferRequest() pulls under the agreement of a finalized negotiation this node asked for', () => {
  const [row, provider, open] =
    readNegotiations({
      items: [
        {
          id: 'n1',
          role: 'consumer',
          state: 'FINALIZED',
          counterparty: 'FRA',
          dataset: 'd',
          agreementId: 'a1',
        },
        {
          id: 'n2',
          role: 'provider',
          state: 'FINALIZED',
          counterparty: 'DEU',
          dataset: 'd',
          agreementId: 'a2',
        },
        { id: 'n3', role: 'consumer', state: 'AGREED', counterparty: 'FRA', dataset: 'd' },
      ],
    }) ?? [];
  assert.ok(row !== undefined && provider !== undefined && open !== undefined);
  assert.deepEqual(transferRequest(row, peers), {
    ok: true,
    body: { provider: 'FRA', providerAddress: peers.FRA, agreementId: 'a1', format: 'HttpData-PULL' },
  });
  assert.equal(transferRequest(provider, peers).ok, false);
  assert.equal(transferRequest(open, peers).ok, false);
  // Without the provider in the peer book, the node sends the transfer where it negotiated the agreement.
  assert.deepEqual(transferRequest(row, {}), {
    ok: true,
    body: { provider: 'FRA', agreementId: 'a1', format: 'HttpData-PULL' },
  });
});

test('a login link hands over the token and the peers; malformed peers are dropped', () => {
  const link =
    'http://127.0.0.1:1/console/#token=aaa.bbb.ccc&peers=' +
    encodeURIComponent('DEU=https://127.0.0.1:2/dsp/,EDA=http://plain/dsp,bad=https://x/dsp,ITA=nonsense');
  assert.equal(extractToken(link), 'aaa.bbb.ccc');
  assert.equal(extractToken('http://h/console/#token=aaa.bbb.ccc'), 'aaa.bbb.ccc');
  assert.equal(extractPeers('aaa.bbb.ccc'), undefined);
  assert.deepEqual(parsePeers(extractPeers(link) ?? ''), { DEU: 'https://127.0.0.1:2/dsp' });
  assert.match(addressError('http://deu.example/dsp') ?? '', /https/);
  assert.equal(addressError('https://deu.example:8443/dsp'), undefined);
});

test('previewOf() lists the files of an opened imagery archive and the first rows of a table', () => {
  const imagery = DEMO_DATASETS.FRA?.[0]?.content({ factor: 1 });
  assert.ok(imagery !== undefined);
  const archive = previewOf(imagery);
  assert.equal(archive.kind, 'archive');
  if (archive.kind === 'archive') {
    assert.equal(archive.files.length, 17);
    assert.deepEqual(archive.files.at(-1)?.name, 'annotations.json');
    assert.ok(archive.files.every((f) => f.size > 0));
  }
  const table = previewOf(logisticsTable({ days: 2, seed: 1 }), { rows: 3 });
  assert.equal(table.kind, 'table');
  if (table.kind === 'table') {
    assert.deepEqual(table.header, [
      'date',
      'depot',
      'supply_class',
      'item',
      'quantity',
      'unit',
      'shortfall',
    ]);
    assert.equal(table.rows.length, 3);
    assert.equal(table.total, 2 * 6 * 4);
  }
  assert.equal(previewOf(new Uint8Array([0, 1, 2, 255])).kind, 'none');
});

test('the demo datasets are the same bytes on every start', () => {
  for (const dataset of Object.values(DEMO_DATASETS).flat()) {
    assert.deepEqual(dataset.content({ factor: 1 }), dataset.content({ factor: 1 }), dataset.title);
  }
});
