/**
 * Crash recovery of the Dataspace Protocol between two node processes. The provider (FRA) is killed with SIGKILL
 * right after it commits a step (`FOEDERA_CRASH_AFTER`): once after it agreed a contract (the agreement is in its
 * outbox, not yet delivered) and once after it started a transfer (the start message not yet delivered). Then the
 * consumer (DEU) is killed four times on one negotiation and its transfer: after it recorded the agreement (before
 * answering it), after it verified, after it recorded the transfer's start (before answering it), and after its data
 * plane kept the first segment of the pulled object. Each time the node is started again on the same home; the
 * outboxes deliver what they owed and both sides end as they would have without the kill, with one negotiation, one
 * agreement and one transfer each, and the bytes opened at DEU are the ones FRA put.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { CRASH_AFTER_ENV } from '../../src/protocol/node/crash-point.ts';
import { spawnNode } from '../../src/node/spawn-node.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import {
  makeFederation,
  pinPorts,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';
import { negotiationEnd, putContent, sensorDataset } from './support/management.ts';

const TARGET = 'urn:uuid:crash-fuel';
const OFFER = 'urn:uuid:offer-crash-fuel';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

type Listed = { items: { id: string; state: string; dataset?: string; counterparty: string }[] };
type View = { pid: string; state: string; providerPid: string | null };

describe('a provider killed in the middle of a negotiation and of a transfer', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let fra: NodeProcess | undefined;
  let deu: NodeProcess | undefined;
  const tokens = new Map<string, string>();
  const home = (id: string) => join(dir.path, id);

  before(async () => {
    dir = await tempDir('crash');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU']);
    const user = {
      nationality: 'FRA',
      clearances: { NATO: 'NATO SECRET' },
      coi: [],
      roles: ['publisher', 'operator'],
    };
    await writeUserDirectory(join(home('FRA'), 'idp', 'users.json'), { users: { francois: user } });
    await writeUserDirectory(join(home('DEU'), 'idp', 'users.json'), {
      users: { dora: { ...user, nationality: 'DEU', roles: ['operator'] } },
    });
    [fra, deu] = await Promise.all([
      startNodeProcess(home('FRA'), { env: { [CRASH_AFTER_ENV]: 'negotiation.agreed:provider' } }),
      startNodeProcess(home('DEU')),
    ]);
    // Each stores the other's address with a negotiation: a restarted node must listen on the same ports.
    await Promise.all([pinPorts(home('FRA'), fra.run), pinPorts(home('DEU'), deu.run)]);
    tokens.set('FRA', await issueUserToken({ home: home('FRA'), user: 'francois', ttl: '30m' }));
    tokens.set('DEU', await issueUserToken({ home: home('DEU'), user: 'dora', ttl: '30m' }));
  });

  after(async () => {
    await Promise.all([stopNodeProcess(fra), stopNodeProcess(deu)]);
    await dir?.remove();
  });

  const api = async (id: 'FRA' | 'DEU', path: string, body?: unknown) => {
    const node = id === 'FRA' ? fra : deu;
    const response = await fetch(`${node?.run.managementUrl}/v1${path}`, {
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
  const view = async (id: 'FRA' | 'DEU', path: string) => (await api(id, path)).body as View;
  const restartFra = async (env: Record<string, string> = {}) => {
    fra = await startNodeProcess(home('FRA'), { env });
  };
  const restartDeu = async (env: Record<string, string> = {}) => {
    await stopNodeProcess(deu);
    deu = await startNodeProcess(home('DEU'), { env });
  };
  const killed = async (node: Pick<NodeProcess, 'exited'> | undefined) => {
    const code = await Promise.race([
      node?.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 120_000)),
    ]);
    assert.equal(code, 'SIGKILL');
  };
  /**
   * Starts DEU armed to die at `step` and waits for the kill, which may come before the node is ready: what it owed
   * from before (an outbox delivery, a pull) runs as soon as it starts.
   */
  const deuKilledAt = async (step: string) => {
    const { DATABASE_URL: _ignored, ...env } = process.env;
    await killed(spawnNode({ home: home('DEU'), env: { ...env, [CRASH_AFTER_ENV]: step }, stdio: 'ignore' }));
  };

  /** Publishes a dataset at FRA under one offer; answers the offer as DEU proposes it. */
  const publish = async (target: string, title: string) => {
    const offer = { '@type': 'Offer', '@id': `urn:uuid:offer-${target.slice('urn:uuid:'.length)}` };
    const rules = { permission: [{ action: 'use' }] };
    const published = await api(
      'FRA',
      '/datasets',
      sensorDataset({ id: target, title, offer: { ...offer, ...rules } }),
    );
    assert.equal(published.status, 201, JSON.stringify(published.body));
    return { ...offer, target, ...rules };
  };
  /** DEU asks FRA for a dataset; answers DEU's negotiation pid. */
  const negotiate = async (offer: Record<string, unknown>) => {
    const started = await api('DEU', '/negotiations', {
      provider: 'FRA',
      providerAddress: `${fra?.run.protocolUrl}/dsp`,
      offer,
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    return (started.body as View).pid;
  };
  /** Waits for DEU's negotiation to finalize; answers the agreement it holds for `target`. */
  const finalized = async (pid: string, target: string) => {
    const state = await negotiationEnd(
      async () => (await view('DEU', `/negotiations/${encodeURIComponent(pid)}`)).state,
      `negotiation ${pid} to end at DEU`,
    );
    assert.equal(state, 'FINALIZED');
    const agreements = (await api('DEU', '/agreements')).body as {
      items: { agreement_id: string; target: string }[];
    };
    return agreements.items.find((a) => a.target === target)?.agreement_id ?? '';
  };
  /** DEU starts a pull under the agreement; answers its transfer pid. */
  const startPull = async (agreementId: string) => {
    const transfer = await api('DEU', '/transfers', {
      provider: 'FRA',
      providerAddress: `${fra?.run.protocolUrl}/dsp`,
      agreementId,
      format: 'HttpData-PULL',
    });
    assert.equal(transfer.status, 201, JSON.stringify(transfer.body));
    return (transfer.body as View).pid;
  };

  test('killed right after it agrees, the provider delivers the agreement once restarted and both sides finalize', async () => {
    const published = await api('FRA', '/datasets', {
      id: TARGET,
      title: 'Fuel',
      keywords: [],
      distributions: [{ format: 'HttpData-PULL', mediaType: 'text/csv' }],
      offers: [{ '@id': OFFER, '@type': 'Offer', permission: [{ action: 'use' }] }],
      label: {
        policy: 'NATO',
        classification: 'NATO UNCLASSIFIED',
        categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] }],
        originator: 'urn:foedera:participant:FRA',
        creationTime: '2026-11-26T05:00:00Z',
      },
    });
    assert.equal(published.status, 201, JSON.stringify(published.body));
    // The bytes the consumer's data plane pulls once the transfer starts, where the node has a data plane.
    const content = await fetch(
      `${fra?.run.managementUrl}/v1/dataplane/datasets/${encodeURIComponent(TARGET)}/content`,
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

    const started = await api('DEU', '/negotiations', {
      provider: 'FRA',
      providerAddress: `${fra?.run.protocolUrl}/dsp`,
      offer: { '@type': 'Offer', '@id': OFFER, target: TARGET, permission: [{ action: 'use' }] },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const { pid } = started.body as View;
    await killed(fra);
    assert.equal((await view('DEU', `/negotiations/${encodeURIComponent(pid)}`)).state, 'REQUESTED');

    await restartFra({ [CRASH_AFTER_ENV]: 'transfer.started:provider' });
    await waitFor(
      async () => (await view('DEU', `/negotiations/${encodeURIComponent(pid)}`)).state === 'FINALIZED',
      {
        timeoutMs: 120_000,
        intervalMs: 250,
        what: `negotiation ${pid} to be FINALIZED at DEU`,
      },
    );
    const providerPid = (await view('DEU', `/negotiations/${encodeURIComponent(pid)}`)).providerPid ?? '';
    await waitFor(
      async () =>
        (await view('FRA', `/negotiations/${encodeURIComponent(providerPid)}`)).state === 'FINALIZED',
      {
        timeoutMs: 30_000,
        intervalMs: 250,
        what: `negotiation ${providerPid} to be FINALIZED at FRA`,
      },
    );
    for (const id of ['FRA', 'DEU'] as const) {
      const negotiations = (await api(id, '/negotiations')).body as Listed;
      assert.deepEqual(
        negotiations.items.map((n) => [n.state, n.dataset]),
        [['FINALIZED', TARGET]],
        id,
      );
      const agreements = (await api(id, '/agreements')).body as { items: unknown[] };
      assert.equal(agreements.items.length, 1, id);
    }
  });

  test('killed right after it starts a transfer, the provider delivers the start once restarted and the transfer completes', async () => {
    const agreements = (await api('DEU', '/agreements')).body as { items: { agreement_id: string }[] };
    const agreementId = agreements.items[0]?.agreement_id ?? '';
    const started = await api('DEU', '/transfers', {
      provider: 'FRA',
      providerAddress: `${fra?.run.protocolUrl}/dsp`,
      agreementId,
      format: 'HttpData-PULL',
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const { pid } = started.body as View;
    await killed(fra);
    const before = await view('DEU', `/transfers/${encodeURIComponent(pid)}`);
    assert.equal(before.state, 'REQUESTED', JSON.stringify(before));

    await restartFra();
    await waitFor(
      async () => (await view('DEU', `/transfers/${encodeURIComponent(pid)}`)).state !== 'REQUESTED',
      {
        timeoutMs: 120_000,
        intervalMs: 250,
        what: `transfer ${pid} to leave REQUESTED at DEU`,
      },
    );
    await waitFor(
      async () => (await view('DEU', `/transfers/${encodeURIComponent(pid)}`)).state !== 'STARTED',
      {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: `transfer ${pid} to end at DEU`,
      },
    );
    const consumer = await view('DEU', `/transfers/${encodeURIComponent(pid)}`);
    assert.equal(consumer.state, 'COMPLETED', JSON.stringify(consumer));
    await waitFor(
      async () =>
        (await view('FRA', `/transfers/${encodeURIComponent(consumer.providerPid ?? '')}`)).state ===
        'COMPLETED',
      { timeoutMs: 30_000, intervalMs: 250, what: `FRA's side of transfer ${pid} to be COMPLETED` },
    );
    for (const id of ['FRA', 'DEU'] as const) {
      const transfers = (await api(id, '/transfers')).body as Listed;
      assert.deepEqual(
        transfers.items.map((t) => t.state),
        ['COMPLETED'],
        id,
      );
    }
  });

  test('killed after each consumer step of a negotiation and a pull, the consumer ends COMPLETED with the same bytes', async () => {
    const target = 'urn:uuid:crash-fuel-consumer';
    // Three segments of at most 4 MiB: the kill after the first one kept leaves the object part-way.
    const content = randomBytes(9 * 1024 * 1024 + 5);
    const offer = await publish(target, 'Fuel, consumer crash');
    const put = await putContent({
      node: fra,
      token: tokens.get('FRA') ?? '',
      datasetId: target,
      body: content,
    });
    assert.equal(put.status, 201, await put.text());

    await restartDeu({ [CRASH_AFTER_ENV]: 'negotiation.agreed:consumer' });
    const pid = await negotiate(offer);
    await killed(deu);
    // FRA's agreement was never answered: its outbox delivers it again to the restarted DEU, which verifies.
    await deuKilledAt('negotiation.verified:consumer');
    // DEU's verification is in its outbox, undelivered: the restart delivers it and FRA finalizes.
    deu = await startNodeProcess(home('DEU'), { env: { [CRASH_AFTER_ENV]: 'transfer.started:consumer' } });
    const agreementId = await finalized(pid, target);
    const transferPid = await startPull(agreementId);
    await killed(deu);
    // The start was recorded, not answered: FRA sends it again; the restarted DEU pulls and dies with part of it.
    await deuKilledAt('dataplane.segment-kept');
    deu = await startNodeProcess(home('DEU'));

    await waitFor(
      async () => {
        const now = await view('DEU', `/transfers/${encodeURIComponent(transferPid)}`);
        assert.notEqual(now.state, 'TERMINATED', JSON.stringify(now));
        return now.state === 'COMPLETED';
      },
      { timeoutMs: 120_000, intervalMs: 250, what: `transfer ${transferPid} to complete at DEU` },
    ).catch(async (error: unknown) => {
      // What the consumer was doing, for whoever reads a failure.
      const progress = await api('DEU', `/dataplane/transfers/${encodeURIComponent(transferPid)}/progress`);
      const warnings = (deu?.logs() ?? []).filter((line) => Number(line.level) >= 40);
      throw new Error(`${String(error)}: ${JSON.stringify({ progress: progress.body, warnings })}`);
    });
    const providerPid =
      (await view('DEU', `/transfers/${encodeURIComponent(transferPid)}`)).providerPid ?? '';
    await waitFor(
      async () => (await view('FRA', `/transfers/${encodeURIComponent(providerPid)}`)).state === 'COMPLETED',
      { timeoutMs: 60_000, intervalMs: 250, what: `FRA's side of transfer ${transferPid} to be COMPLETED` },
    );
    for (const id of ['FRA', 'DEU'] as const) {
      const negotiations = (await api(id, '/negotiations')).body as Listed;
      assert.deepEqual(
        negotiations.items.filter((n) => n.dataset === target).map((n) => n.state),
        ['FINALIZED'],
        id,
      );
      const held = (await api(id, '/agreements')).body as { items: { target: string }[] };
      assert.equal(held.items.filter((a) => a.target === target).length, 1, id);
      const transfers = (await api(id, '/transfers')).body as Listed;
      assert.deepEqual(
        transfers.items.filter((t) => t.dataset === target).map((t) => t.state),
        ['COMPLETED'],
        id,
      );
    }
    const received = (await api('DEU', '/dataplane/received')).body as {
      items: { agreementId: string; state: string }[];
    };
    assert.deepEqual(
      received.items.filter((r) => r.agreementId === agreementId).map((r) => r.state),
      ['complete'],
    );
    const opened = await fetch(
      `${deu?.run.managementUrl}/v1/dataplane/transfers/${encodeURIComponent(transferPid)}/plaintext`,
      { headers: { authorization: `Bearer ${tokens.get('DEU') ?? ''}` } },
    );
    const bytes = Buffer.from(await opened.arrayBuffer());
    assert.equal(opened.status, 200, bytes.toString().slice(0, 500));
    assert.equal(sha256(bytes), sha256(content));
  });

  test('a revocation terminates the unfinished transfer towards the consumer, even when the provider dies right after it', async () => {
    const target = 'urn:uuid:crash-fuel-revoked';
    const offer = await publish(target, 'Fuel, revoked');
    const agreementId = await finalized(await negotiate(offer), target);
    const transferPid = await startPull(agreementId);
    // No content yet: the consumer's pull waits, and the transfer stays STARTED on both sides.
    await waitFor(
      async () => (await view('DEU', `/transfers/${encodeURIComponent(transferPid)}`)).state === 'STARTED',
      { timeoutMs: 60_000, intervalMs: 250, what: `transfer ${transferPid} to start at DEU` },
    );

    await stopNodeProcess(fra);
    await restartFra({ [CRASH_AFTER_ENV]: 'transfer.terminated:provider' });
    const revocation = await api(
      'FRA',
      `/dataplane/agreements/${encodeURIComponent(agreementId)}/revocation`,
      {
        reason: 'Exercise ended',
      },
    ).catch((error: unknown) => ({ status: 0, body: String(error) }));
    // Killed right after the revocation committed: whether the answer got out first is a race.
    assert.ok([0, 201].includes(revocation.status), JSON.stringify(revocation.body));
    await killed(fra);
    await restartFra();
    await waitFor(
      async () => (await view('DEU', `/transfers/${encodeURIComponent(transferPid)}`)).state === 'TERMINATED',
      { timeoutMs: 120_000, intervalMs: 250, what: `transfer ${transferPid} to be TERMINATED at DEU` },
    );
    const providerPid =
      (await view('DEU', `/transfers/${encodeURIComponent(transferPid)}`)).providerPid ?? '';
    assert.equal((await view('FRA', `/transfers/${encodeURIComponent(providerPid)}`)).state, 'TERMINATED');
    const refused = await api('FRA', `/dataplane/agreements/${encodeURIComponent(agreementId)}/revocation`, {
      reason: 'Again',
    });
    assert.equal(refused.status, 409, 'the revocation committed before the kill');
  });

  test('neither node logged a failed protocol worker step after the restarts', () => {
    const failures = [fra, deu].flatMap((node) =>
      (node?.logs() ?? []).filter((line) => line.msg === 'Protocol worker step failed'),
    );
    assert.deepEqual(failures, []);
  });
});
