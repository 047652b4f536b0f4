/**
 * Three real nodes of one federation (FRA provides, DEU and EDA consume), each a process on loopback speaking the
 * Dataspace Protocol over mutual TLS. FRA publishes labelled datasets through its management API; each consumer's
 * federated catalog shows only what FRA may release to its nation; negotiations end FINALIZED with an agreement both
 * nodes signed, or TERMINATED with the decision point's reason (wrong nationality, wrong purpose) visible through
 * the management API of both sides; a transfer under a finalized agreement starts, the consumer's data plane pulls
 * the content FRA put, and the transfer completes on both sides.
 */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { verifyAgreementSignature } from '../../src/protocol/agreement-signature.ts';
import type { Agreement } from '../../src/protocol/messages/odrl.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import {
  credentialsOf,
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';

const IDS = ['FRA', 'DEU', 'EDA'] as const;
type Id = (typeof IDS)[number];

type NegotiationView = {
  pid: string;
  role: string;
  state: string;
  counterparty: string;
  providerPid: string | null;
  consumerPid: string | null;
  target: string;
  agreement: Agreement | null;
  outcome?: { terminated: string | null; reasons: string[] };
};
type TransferView = { pid: string; state: string; providerPid: string | null; consumerPid: string };
type Offer = { '@id': string; '@type'?: string; permission?: unknown[] };
type Signed = { jws: string; certificate: string } | null;
type AgreementView = {
  agreementId: string;
  provider: string;
  consumer: string;
  target: string;
  agreement: Agreement;
  signatures: { provider: Signed; consumer: Signed };
};

const PURPOSES = ['logistics-planning', 'training'];

function dataset(id: string, releasableTo: string[], permission: unknown[]): Record<string, unknown> {
  return {
    id,
    title: `Convoy fuel ${id}`,
    keywords: ['logistics'],
    distributions: [{ format: 'HttpData-PULL', mediaType: 'application/parquet' }],
    offers: [{ '@id': `urn:uuid:offer-${id.slice(9)}`, '@type': 'Offer', permission }],
    label: {
      policy: 'NATO',
      classification: 'NATO UNCLASSIFIED',
      categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: releasableTo }],
      originator: 'urn:foedera:participant:FRA',
      creationTime: '2026-11-26T05:00:00Z',
    },
  };
}

const EU_WIDE = 'urn:uuid:tri-eu-wide';
const FRA_DEU = 'urn:uuid:tri-fra-deu';
const FRA_ONLY = 'urn:uuid:tri-fra-only';

describe('a federation of three running nodes', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const nodes = new Map<Id, NodeProcess>();
  const tokens = new Map<Id, string>();
  const home = (id: Id) => join(dir.path, id);

  before(async () => {
    dir = await tempDir('three');
    await makeFederation(dir.path, 'E2E', IDS);
    const user = (nationality: string, roles: string[]) => ({
      nationality,
      clearances: { NATO: 'NATO SECRET' },
      coi: [],
      roles,
    });
    await writeUserDirectory(join(home('FRA'), 'idp', 'users.json'), {
      users: { francois: user('FRA', ['publisher', 'operator']) },
    });
    await writeUserDirectory(join(home('DEU'), 'idp', 'users.json'), {
      users: { dora: user('DEU', ['operator']) },
    });
    await writeUserDirectory(join(home('EDA'), 'idp', 'users.json'), {
      users: { elena: user('BEL', ['operator']) },
    });
    const started = await Promise.all(IDS.map((id) => startNodeProcess(home(id))));
    IDS.forEach((id, i) => nodes.set(id, started[i] as NodeProcess));
    const users: Record<Id, string> = { FRA: 'francois', DEU: 'dora', EDA: 'elena' };
    for (const id of IDS)
      tokens.set(id, await issueUserToken({ home: home(id), user: users[id], ttl: '20m' }));
  });

  after(async () => {
    await Promise.all([...nodes.values()].map((node) => stopNodeProcess(node)));
    await dir?.remove();
  });

  const api = async (id: Id, path: string, body?: unknown) => {
    const response = await fetch(`${nodes.get(id)?.run.managementUrl}/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${tokens.get(id) ?? ''}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as unknown };
  };
  const dspOf = (id: Id) => `${nodes.get(id)?.run.protocolUrl}/dsp`;
  const negotiation = async (id: Id, pid: string) =>
    (await api(id, `/negotiations/${encodeURIComponent(pid)}`)).body as NegotiationView;
  const transfer = async (id: Id, pid: string) =>
    (await api(id, `/transfers/${encodeURIComponent(pid)}`)).body as TransferView;

  /** The offers of FRA's datasets as consumer `id` found them in its federated catalog. */
  const catalogOffers = new Map<Id, Map<string, Offer>>();

  /** Negotiates `offer` on `target` from consumer `id` until a final state; returns both sides' views. */
  const negotiate = async (id: Id, target: string, offer: Offer) => {
    const started = await api(id, '/negotiations', {
      provider: 'FRA',
      providerAddress: dspOf('FRA'),
      offer: { ...offer, '@type': 'Offer', target },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const { pid } = started.body as NegotiationView;
    let consumer: NegotiationView | undefined;
    await waitFor(
      async () => {
        consumer = await negotiation(id, pid);
        return consumer.state === 'FINALIZED' || consumer.state === 'TERMINATED';
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `negotiation ${pid} of ${id} to end` },
    );
    assert.ok(consumer?.providerPid, JSON.stringify(consumer));
    let provider: NegotiationView | undefined;
    // The provider ends one message later than the consumer when the consumer finalizes... or the other way round.
    await waitFor(
      async () => {
        provider = await negotiation('FRA', consumer?.providerPid ?? '');
        return provider.state === consumer?.state;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: `FRA's side of ${pid} to reach ${consumer.state}` },
    );
    return { consumer, provider: provider as NegotiationView };
  };

  test('the provider publishes three labelled datasets through its management API', async () => {
    const purpose = { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: PURPOSES };
    for (const [id, releasableTo, permission] of [
      [EU_WIDE, ['EU'], [{ action: 'use', constraint: [purpose] }]],
      [FRA_DEU, ['FRA', 'DEU'], [{ action: 'use' }]],
      [FRA_ONLY, ['FRA'], [{ action: 'use' }]],
    ] as const) {
      const published = await api('FRA', '/datasets', dataset(id, [...releasableTo], [...permission]));
      assert.equal(published.status, 201, JSON.stringify(published.body));
    }
    // The bytes behind FRA_DEU, sealed by FRA's data plane: the consumer's data plane pulls them once a transfer
    // starts and then completes the transfer itself.
    const content = await fetch(
      `${nodes.get('FRA')?.run.managementUrl}/v1/dataplane/datasets/${encodeURIComponent(FRA_DEU)}/content`,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${tokens.get('FRA') ?? ''}`,
          'content-type': 'application/octet-stream',
        },
        body: Buffer.from('day,litres\n2026-11-25,41200\n2026-11-26,39850\n'),
      },
    );
    assert.equal(content.status, 201, await content.text());
  });

  test('each consumer sees in its federated catalog only the datasets releasable to its nation', async () => {
    const expected: Record<'DEU' | 'EDA', string[]> = { DEU: [EU_WIDE, FRA_DEU], EDA: [EU_WIDE] };
    for (const id of ['DEU', 'EDA'] as const) {
      const refreshed = await api(id, '/catalog/refresh', { peer: 'FRA', url: dspOf('FRA') });
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
      const found = (await api(id, '/catalog?peer=FRA')).body as {
        items: { peer: string; dataset: { id: string; offers: Offer[] } }[];
      };
      assert.deepEqual(found.items.map((i) => i.dataset.id).sort(), expected[id].sort(), id);
      catalogOffers.set(
        id,
        new Map(found.items.map((i) => [i.dataset.id, i.dataset.offers[0] as Offer] as const)),
      );
    }
  });

  test('DEU negotiates a dataset releasable to it to FINALIZED, with an agreement both nodes signed', async () => {
    const offer = catalogOffers.get('DEU')?.get(FRA_DEU);
    assert.ok(offer);
    const { consumer, provider } = await negotiate('DEU', FRA_DEU, offer);
    assert.equal(consumer.state, 'FINALIZED', JSON.stringify(consumer));
    assert.equal(provider.state, 'FINALIZED');
    const agreementId = consumer.agreement?.['@id'] ?? '';
    assert.equal(provider.agreement?.['@id'], agreementId);
    const keys = {
      FRA: createPublicKey((await credentialsOf(home('FRA'))).cert),
      DEU: createPublicKey((await credentialsOf(home('DEU'))).cert),
    };
    for (const id of ['FRA', 'DEU'] as const) {
      const answer = await api(id, `/agreements/${encodeURIComponent(agreementId)}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const view = answer.body as AgreementView;
      assert.deepEqual([view.provider, view.consumer, view.target], ['FRA', 'DEU', FRA_DEU]);
      for (const [side, signer] of [
        ['provider', 'FRA'],
        ['consumer', 'DEU'],
      ] as const) {
        const signature = view.signatures[side];
        assert.ok(signature, `${id} keeps the ${side} signature`);
        const verified = await verifyAgreementSignature({
          agreement: view.agreement,
          jws: signature.jws,
          key: keys[signer],
        });
        assert.ok(verified.ok, verified.ok ? '' : verified.detail);
        assert.equal(
          createPublicKey(signature.certificate).export({ format: 'jwk' }).x,
          keys[signer].export({ format: 'jwk' }).x,
        );
      }
      // A signature over anything else than the agreement as kept does not verify.
      const tampered = await verifyAgreementSignature({
        agreement: { ...view.agreement, assignee: 'EDA' },
        jws: view.signatures.provider?.jws ?? '',
        key: keys.FRA,
      });
      assert.equal(tampered.ok, false);
    }
    assert.equal((await api('DEU', '/agreements/urn:uuid:nothing')).status, 404);
  });

  test('DEU starts a transfer under its agreement, its data plane pulls the content and the transfer completes on both sides', async () => {
    const agreements = (await api('DEU', '/agreements')).body as {
      items: { target: string; agreement_id: string }[];
    };
    const agreementId = agreements.items.find((a) => a.target === FRA_DEU)?.agreement_id;
    assert.ok(agreementId);
    const started = await api('DEU', '/transfers', {
      provider: 'FRA',
      providerAddress: dspOf('FRA'),
      agreementId,
      format: 'HttpData-PULL',
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const { pid } = started.body as TransferView;
    let consumer: TransferView | undefined;
    await waitFor(
      async () => {
        consumer = await transfer('DEU', pid);
        return consumer.state !== 'REQUESTED';
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `transfer ${pid} to leave REQUESTED` },
    );
    // The consumer's data plane may already have pulled the content and completed the transfer.
    assert.ok(['STARTED', 'COMPLETED'].includes(consumer?.state ?? ''), JSON.stringify(consumer));
    const providerPid = consumer?.providerPid ?? '';
    assert.ok(['STARTED', 'COMPLETED'].includes((await transfer('FRA', providerPid)).state));

    await waitFor(async () => (await transfer('DEU', pid)).state !== 'STARTED', {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: `DEU's side of transfer ${pid} to end`,
    });
    assert.equal((await transfer('DEU', pid)).state, 'COMPLETED', JSON.stringify(await transfer('DEU', pid)));
    await waitFor(async () => (await transfer('FRA', providerPid)).state === 'COMPLETED', {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: `FRA's side of transfer ${pid} to be COMPLETED`,
    });
    const listed = (await api('FRA', '/transfers')).body as { items: { id: string; state: string }[] };
    assert.deepEqual(
      listed.items.filter((t) => t.id === providerPid).map((t) => t.state),
      ['COMPLETED'],
    );
  });

  test('EDA asking for a dataset not releasable to its nation is refused, with the reason on both sides', async () => {
    // EDA cannot see the dataset; it knows its offer only from elsewhere.
    const { consumer, provider } = await negotiate('EDA', FRA_DEU, {
      '@id': `urn:uuid:offer-${FRA_DEU.slice(9)}`,
      permission: [{ action: 'use' }],
    });
    assert.equal(consumer.state, 'TERMINATED');
    assert.equal(consumer.outcome?.terminated, 'not-releasable', JSON.stringify(consumer.outcome));
    assert.match(consumer.outcome?.reasons.join('\n') ?? '', /^not-releasable: .*EUE/m);
    assert.deepEqual(provider.outcome, consumer.outcome);
  });

  test('EDA asking for a dataset releasable to it for a purpose its offer does not permit is refused with the reason', async () => {
    const offer = catalogOffers.get('EDA')?.get(EU_WIDE);
    assert.ok(offer);
    const forPurpose = (purpose: string): Offer => ({
      ...offer,
      permission: [
        { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: purpose }] },
      ],
    });
    const refused = await negotiate('EDA', EU_WIDE, forPurpose('marketing'));
    assert.equal(refused.consumer.state, 'TERMINATED');
    assert.equal(
      refused.consumer.outcome?.terminated,
      'purpose-not-permitted',
      JSON.stringify(refused.consumer),
    );
    assert.match(refused.consumer.outcome?.reasons.join('\n') ?? '', /purpose "marketing"/);
    assert.deepEqual(refused.provider.outcome, refused.consumer.outcome);
    const listed = (await api('EDA', '/negotiations?state=TERMINATED')).body as {
      items: { id: string; reason?: string }[];
    };
    assert.match(
      listed.items.find((n) => n.id === refused.consumer.pid)?.reason ?? '',
      /^purpose-not-permitted/,
    );

    const granted = await negotiate('EDA', EU_WIDE, forPurpose('training'));
    assert.equal(granted.consumer.state, 'FINALIZED', JSON.stringify(granted.consumer));
    // What FRA grants is the offer it published, purpose constraint included, assigned to EDA.
    assert.deepEqual(granted.consumer.agreement?.permission, [
      {
        action: 'use',
        constraint: [{ leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: PURPOSES }],
      },
    ]);
    assert.equal(granted.consumer.agreement?.assignee, 'EDA');
  });

  test('FRA keeps one negotiation per request and one agreement per finalized negotiation', async () => {
    const all = (await api('FRA', '/negotiations?limit=500')).body as {
      items: { counterparty: string; state: string; dataset: string }[];
    };
    const summary = all.items.map((n) => `${n.counterparty} ${n.dataset} ${n.state}`).sort();
    assert.deepEqual(summary, [
      `DEU ${FRA_DEU} FINALIZED`,
      `EDA ${EU_WIDE} FINALIZED`,
      `EDA ${EU_WIDE} TERMINATED`,
      `EDA ${FRA_DEU} TERMINATED`,
    ]);
    const agreements = (await api('FRA', '/agreements')).body as { items: unknown[] };
    assert.equal(agreements.items.length, 2);
  });

  test('no node logged a failed protocol worker step', () => {
    const failures = [...nodes.values()].flatMap((node) =>
      node.logs().filter((line) => line.msg === 'Protocol worker step failed'),
    );
    assert.deepEqual(failures, []);
  });
});
