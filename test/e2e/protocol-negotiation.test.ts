/**
 * The Dataspace Protocol between two real nodes of one federation, over mutual TLS: a consumer starts a negotiation
 * through its management API, the provider's decision point answers it, and both sides end in the same final state
 * with the reason visible to the consumer.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import {
  callProtocol,
  credentialsOf,
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';

type NegotiationView = {
  pid: string;
  role: string;
  state: string;
  counterparty: string;
  providerPid: string | null;
  consumerPid: string | null;
  target: string;
  outcome?: { terminated: string | null; reasons: string[] };
};

describe('contract negotiation between two running nodes', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let fra: NodeProcess | undefined;
  let deu: NodeProcess | undefined;
  const tokens = new Map<string, string>();

  before(async () => {
    dir = await tempDir('dsp');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU']);
    await writeUserDirectory(join(dir.path, 'FRA', 'idp', 'users.json'), {
      users: {
        francois: {
          nationality: 'FRA',
          clearances: { NATO: 'NATO SECRET' },
          coi: [],
          roles: ['publisher', 'operator'],
        },
      },
    });
    await writeUserDirectory(join(dir.path, 'DEU', 'idp', 'users.json'), {
      users: { dora: { nationality: 'DEU', clearances: {}, coi: [], roles: ['operator'] } },
    });
    [fra, deu] = await Promise.all([
      startNodeProcess(join(dir.path, 'FRA')),
      startNodeProcess(join(dir.path, 'DEU')),
    ]);
    tokens.set('FRA', await issueUserToken({ home: join(dir.path, 'FRA'), user: 'francois', ttl: '10m' }));
    tokens.set('DEU', await issueUserToken({ home: join(dir.path, 'DEU'), user: 'dora', ttl: '10m' }));
  });

  after(async () => {
    await Promise.all([stopNodeProcess(fra), stopNodeProcess(deu)]);
    await dir?.remove();
  });

  const api = async (call: { node: NodeProcess | undefined; id: string; path: string; body?: unknown }) => {
    const { node, id, path, body } = call;
    const response = await fetch(`${node?.run.managementUrl}/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${tokens.get(id) ?? ''}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  test('the protocol surface names the DSP version and path to a federation member', async () => {
    const answer = await callProtocol(
      `${fra?.run.protocolUrl}/.well-known/dspace-version`,
      await credentialsOf(join(dir.path, 'DEU')),
    );
    assert.equal(answer.refused, false);
    if (answer.refused) return;
    assert.equal(answer.status, 200);
    const body = JSON.parse(answer.body) as { protocolVersions: { version: string; path: string }[] };
    assert.deepEqual(
      body.protocolVersions.map((v) => [v.version, v.path]),
      [['2025-1', '/dsp']],
    );
  });

  test('the version document is served without a client certificate, while every other protocol route refuses such a client', async () => {
    const { ca } = await credentialsOf(join(dir.path, 'DEU'));
    const anonymous = await callProtocol(`${fra?.run.protocolUrl}/.well-known/dspace-version`, { ca });
    assert.equal(anonymous.refused, false, JSON.stringify(anonymous));
    if (!anonymous.refused) {
      assert.equal(anonymous.status, 200);
      assert.equal(
        (JSON.parse(anonymous.body) as { protocolVersions: { path: string }[] }).protocolVersions[0]?.path,
        '/dsp',
      );
    }
    for (const path of ['/dsp/negotiations/urn:uuid:x', '/dsp/catalog/datasets/x', '/nowhere']) {
      const refused = await callProtocol(`${fra?.run.protocolUrl}${path}`, { ca });
      assert.equal(refused.refused, true, `${path}: ${JSON.stringify(refused)}`);
    }
    await waitFor(
      () =>
        (fra?.logs() ?? []).some(
          (l) =>
            l.msg === 'TLS client refused' &&
            l.reason === 'no-certificate' &&
            /\/nowhere/.test(String(l.detail)),
        ),
      { timeoutMs: 5000, what: 'the no-certificate refusal log line' },
    );
  });

  test('a negotiation for a dataset the provider does not hold ends TERMINATED on both sides with its reason', async () => {
    const target = 'urn:uuid:00000000-0000-4000-8000-00000000dead';
    const started = await api({
      node: deu,
      id: 'DEU',
      path: '/negotiations',
      body: {
        provider: 'FRA',
        providerAddress: `${fra?.run.protocolUrl}/dsp`,
        offer: { '@type': 'Offer', '@id': `urn:offer:${target}`, target, permission: [{ action: 'use' }] },
      },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const { pid } = started.body as NegotiationView;

    let consumerSide: NegotiationView | undefined;
    await waitFor(
      async () => {
        consumerSide = (await api({ node: deu, id: 'DEU', path: `/negotiations/${encodeURIComponent(pid)}` }))
          .body as NegotiationView;
        return consumerSide.state === 'TERMINATED';
      },
      { timeoutMs: 30_000, intervalMs: 200, what: `negotiation ${pid} to be TERMINATED at DEU` },
    );
    assert.equal(consumerSide?.role, 'consumer');
    assert.equal(consumerSide?.counterparty, 'FRA');
    assert.equal(consumerSide?.outcome?.terminated, 'unknown-dataset');
    assert.match(
      consumerSide?.outcome?.reasons.join('\n') ?? '',
      /Dataset "urn:uuid:0+-0000-4000-8000-0+dead" is not in the catalog of "FRA"/,
    );

    const providerPid = consumerSide?.providerPid;
    assert.ok(providerPid !== null && providerPid !== undefined);
    const providerSide = (
      await api({ node: fra, id: 'FRA', path: `/negotiations/${encodeURIComponent(providerPid)}` })
    ).body as NegotiationView;
    assert.equal(providerSide.role, 'provider');
    assert.equal(providerSide.state, 'TERMINATED');
    assert.equal(providerSide.counterparty, 'DEU');
    assert.equal(providerSide.consumerPid, pid);
    assert.equal(providerSide.outcome?.terminated, 'unknown-dataset');

    const listed = (await api({ node: deu, id: 'DEU', path: '/negotiations' })).body as {
      items: { id: string; state: string; counterparty: string; dataset: string; reason?: string }[];
    };
    const row = listed.items.find((n) => n.id === pid);
    assert.deepEqual([row?.state, row?.counterparty, row?.dataset], ['TERMINATED', 'FRA', target]);
    assert.match(row?.reason ?? '', /^unknown-dataset: Dataset /);
  });

  const publish = async (id: string, releasableTo: string[]) => {
    const published = await api({
      node: fra,
      id: 'FRA',
      path: '/datasets',
      body: {
        id,
        title: `Fuel consumption ${id}`,
        keywords: ['logistics'],
        distributions: [{ format: 'HttpData-PULL', mediaType: 'application/parquet' }],
        offers: [
          { '@id': `urn:uuid:offer-${id.slice(9)}`, '@type': 'Offer', permission: [{ action: 'use' }] },
        ],
        label: {
          policy: 'NATO',
          classification: 'NATO UNCLASSIFIED',
          categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: releasableTo }],
          originator: 'urn:foedera:participant:FRA',
          creationTime: '2026-11-26T05:00:00Z',
        },
      },
    });
    assert.equal(published.status, 201, JSON.stringify(published.body));
  };

  const negotiateUntil = async (target: string, final: string) => {
    const started = await api({
      node: deu,
      id: 'DEU',
      path: '/negotiations',
      body: {
        provider: 'FRA',
        providerAddress: `${fra?.run.protocolUrl}/dsp`,
        offer: {
          '@type': 'Offer',
          '@id': `urn:uuid:offer-${target.slice(9)}`,
          target,
          permission: [{ action: 'use' }],
        },
      },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const { pid } = started.body as NegotiationView;
    let view: NegotiationView | undefined;
    await waitFor(
      async () => {
        view = (await api({ node: deu, id: 'DEU', path: `/negotiations/${encodeURIComponent(pid)}` }))
          .body as NegotiationView;
        return view.state === final || view.state === 'TERMINATED';
      },
      { timeoutMs: 30_000, intervalMs: 200, what: `negotiation ${pid} to be ${final} at DEU` },
    );
    assert.ok(view?.providerPid);
    const provider = (
      await api({ node: fra, id: 'FRA', path: `/negotiations/${encodeURIComponent(view.providerPid)}` })
    ).body as NegotiationView;
    return { pid, consumer: view, provider };
  };

  test('a negotiation for a dataset releasable to the consumer ends FINALIZED on both sides with one agreement, under which a transfer starts', async () => {
    const target = 'urn:uuid:fra-deu-fuel';
    await publish(target, ['FRA', 'DEU']);
    // Content for the data plane to pull once the transfer starts (without it the pull ends the transfer TERMINATED).
    const content = await fetch(
      `${fra?.run.managementUrl}/v1/dataplane/datasets/${encodeURIComponent(target)}/content`,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${tokens.get('FRA') ?? ''}`,
          'content-type': 'application/octet-stream',
        },
        body: Buffer.from('day,litres\n2026-11-26,39850\n'),
      },
    );
    assert.equal(content.status, 201, await content.text());
    const { consumer, provider } = await negotiateUntil(target, 'FINALIZED');
    assert.equal(consumer.state, 'FINALIZED', JSON.stringify(consumer));
    assert.equal(provider.state, 'FINALIZED');
    type Agreement = { target: string; provider: string; consumer: string; agreement: { '@id': string } };
    const agreementsOf = async (node: NodeProcess | undefined, id: string) =>
      ((await api({ node, id, path: '/agreements' })).body as { items: Agreement[] }).items.filter(
        (a) => a.target === target,
      );
    const [atDeu, atFra] = [await agreementsOf(deu, 'DEU'), await agreementsOf(fra, 'FRA')];
    assert.equal(atDeu.length, 1);
    assert.equal(atFra.length, 1);
    assert.deepEqual(
      [atDeu[0]?.provider, atDeu[0]?.consumer, atDeu[0]?.agreement['@id']],
      ['FRA', 'DEU', atFra[0]?.agreement['@id']],
    );
    const agreementId = atFra[0]?.agreement['@id'] ?? '';
    const started = await api({
      node: deu,
      id: 'DEU',
      path: '/transfers',
      body: {
        provider: 'FRA',
        providerAddress: `${fra?.run.protocolUrl}/dsp`,
        agreementId,
        format: 'HttpData-PULL',
      },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    type TransferView = { pid: string; state: string; providerPid: string | null };
    const transferPid = (started.body as TransferView).pid;
    let transfer: TransferView | undefined;
    await waitFor(
      async () => {
        transfer = (
          await api({ node: deu, id: 'DEU', path: `/transfers/${encodeURIComponent(transferPid)}` })
        ).body as TransferView;
        return transfer.state !== 'REQUESTED';
      },
      { timeoutMs: 30_000, intervalMs: 200, what: `transfer ${transferPid} to leave REQUESTED at DEU` },
    );
    // The consumer's data plane may already have pulled the content and completed the transfer.
    const running = ['STARTED', 'COMPLETED'];
    assert.ok(running.includes(transfer?.state ?? ''), JSON.stringify(transfer));
    const transfers = (await api({ node: fra, id: 'FRA', path: '/transfers' })).body as {
      items: { id: string; state: string; agreementId: string; dataset: string }[];
    };
    const atFraTransfer = transfers.items.filter((t) => t.id === transfer?.providerPid);
    assert.deepEqual(
      atFraTransfer.map((t) => [running.includes(t.state), t.agreementId, t.dataset]),
      [[true, agreementId, target]],
    );

    type Entry = { kind: string; actor: string; node: string };
    const auditOf = async (node: NodeProcess | undefined, id: string, pid: string) => {
      const answer = await api({
        node,
        id,
        path: `/audit/entries?subject=${encodeURIComponent(`negotiation:${pid}`)}&limit=100`,
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return (answer.body as { entries: Entry[] }).entries;
    };
    const consumerLog = await auditOf(deu, 'DEU', consumer.pid);
    const providerLog = await auditOf(fra, 'FRA', provider.pid);
    const shown = JSON.stringify({ consumerLog, providerLog });
    assert.ok(
      consumerLog.some((e) => e.kind === 'negotiation.requested' && e.actor === 'dora'),
      shown,
    );
    assert.ok(
      consumerLog.some((e) => e.kind === 'negotiation.finalized' && e.node === 'DEU'),
      shown,
    );
    assert.ok(
      providerLog.some((e) => e.kind === 'negotiation.agreed' && e.node === 'FRA'),
      shown,
    );
    assert.ok(
      providerLog.some((e) => e.kind === 'negotiation.verified' && e.actor === 'participant:DEU'),
      shown,
    );
    const listed = (await api({ node: deu, id: 'DEU', path: '/negotiations?state=FINALIZED' })).body as {
      items: { id: string; dataset: string; agreementId?: string }[];
    };
    assert.deepEqual(
      listed.items.filter((n) => n.dataset === target).map((n) => n.agreementId),
      [atDeu[0]?.agreement['@id']],
    );
  });

  test('a negotiation for a dataset not releasable to the consumer ends TERMINATED with the decision point reason', async () => {
    const target = 'urn:uuid:fra-only-fuel';
    await publish(target, ['FRA']);
    const { consumer, provider } = await negotiateUntil(target, 'TERMINATED');
    assert.equal(consumer.state, 'TERMINATED');
    assert.equal(provider.state, 'TERMINATED');
    assert.equal(consumer.outcome?.terminated, 'not-releasable', JSON.stringify(consumer.outcome));
    assert.match(consumer.outcome?.reasons.join('\n') ?? '', /^not-releasable: .*DEU/m);
    assert.deepEqual(consumer.outcome, provider.outcome);
    // The provider's decision point left its own evidence: a deny for the dataset, with the reason.
    const audited = await api({ node: fra, id: 'FRA', path: '/audit/entries?limit=100&kind=decision.deny' });
    assert.equal(audited.status, 200);
    const denials = (
      audited.body as {
        entries: { subject: string; details: { stage: string; reasons: { code: string }[] } }[];
      }
    ).entries.filter((e) => e.subject === `dataset:${target}`);
    assert.equal(denials.length, 1, JSON.stringify(denials));
    assert.equal(denials[0]?.details.stage, 'contract');
    assert.deepEqual(
      denials[0]?.details.reasons.map((r) => r.code),
      ['not-releasable'],
    );
  });

  test('neither node logged a failed protocol worker step', () => {
    const failures = [fra, deu].flatMap((node) =>
      (node?.logs() ?? []).filter((line) => line.msg === 'Protocol worker step failed'),
    );
    assert.deepEqual(failures, []);
  });
});
