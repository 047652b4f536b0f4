/**
 * A pull that survives a restart of either side, between two real node processes: DEU's node pulls the object of a
 * STARTED transfer; FRA (the owner) is stopped part-way and started again on the same address, and another time DEU
 * (the consumer) is stopped part-way and started again. Each time the transfer completes, the segments held before
 * the restart are not fetched again, and the opened bytes are the original ones.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';
import { pinProtocolPort } from './support/nodes.ts';
import { pushFlow } from './support/push-flow.ts';

const MIB = 1024 * 1024;
const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

type Progress = { state: string; segments: { total: number; received: number } };

describe('a pull resumes after a restart of the owner or of the consumer', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const nodes: Record<string, NodeProcess | undefined> = {};
  const home = (id: string) => join(dir.path, id);
  const tokens = new Map<string, string>();

  before(async () => {
    dir = await tempDir('dataplane-resume');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU']);
    // The owner keeps its protocol address across restarts: the DataAddress and the manifest name it.
    await pinProtocolPort(home('FRA'));
    await writeUserDirectory(join(home('FRA'), 'idp', 'users.json'), {
      users: { francois: { nationality: 'FRA', clearances: {}, coi: [], roles: ['publisher'] } },
    });
    await writeUserDirectory(join(home('DEU'), 'idp', 'users.json'), {
      users: { dora: { nationality: 'DEU', clearances: {}, coi: [], roles: ['analyst'] } },
    });
    [nodes.FRA, nodes.DEU] = await Promise.all([
      startNodeProcess(home('FRA')),
      startNodeProcess(home('DEU')),
    ]);
    tokens.set('FRA', await issueUserToken({ home: home('FRA'), user: 'francois', ttl: '30m' }));
    tokens.set('DEU', await issueUserToken({ home: home('DEU'), user: 'dora', ttl: '30m' }));
  });

  after(async () => {
    await Promise.all([stopNodeProcess(nodes.FRA), stopNodeProcess(nodes.DEU)]);
    await dir?.remove();
  });

  const api = async (as: string, request: { path: string; body?: unknown; raw?: boolean }) => {
    const response = await fetch(`${nodes[as]?.run.managementUrl}/v1${request.path}`, {
      method: request.body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${tokens.get(as) ?? ''}`,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      bytes,
      json: () => JSON.parse(bytes.toString()) as Record<string, unknown>,
    };
  };

  /** Publishes a dataset with `content`, negotiates it and starts a pull; answers the consumer's transfer pid. */
  async function startPull(name: string, content: Buffer): Promise<string> {
    const agreementId = await pushFlow({ nodes, tokens }).agreementFor(`0${name}`, content);
    const transfer = await api('DEU', {
      path: '/transfers',
      body: {
        provider: 'FRA',
        providerAddress: `${nodes.FRA?.run.protocolUrl}/dsp`,
        agreementId,
        format: 'HttpData-PULL',
      },
    });
    assert.equal(transfer.status, 201, transfer.bytes.toString());
    return String(transfer.json().pid);
  }

  const progressOf = async (pid: string) =>
    (
      await api('DEU', { path: `/dataplane/transfers/${encodeURIComponent(pid)}/progress` })
    ).json() as Progress;

  /** Waits until part of the object arrived; answers how many segments were held when the side was stopped. */
  async function stopPartWay(pid: string, side: 'FRA' | 'DEU'): Promise<number> {
    let progress: Progress | undefined;
    await waitFor(
      async () => {
        progress = await progressOf(pid);
        return progress.segments.received >= 1;
      },
      { timeoutMs: 120_000, intervalMs: 50, what: `the first segments of ${pid}` },
    );
    await stopNodeProcess(nodes[side]);
    return (await (side === 'DEU' ? Promise.resolve(progress) : progressOf(pid)))?.segments.received ?? 0;
  }

  async function completes(pid: string, content: Buffer): Promise<void> {
    await waitFor(
      async () => {
        const state = String(
          (await api('DEU', { path: `/transfers/${encodeURIComponent(pid)}` })).json().state,
        );
        assert.notEqual(state, 'TERMINATED');
        return state === 'COMPLETED';
      },
      { timeoutMs: 240_000, intervalMs: 500, what: `transfer ${pid} to complete` },
    );
    const opened = await api('DEU', { path: `/dataplane/transfers/${encodeURIComponent(pid)}/plaintext` });
    assert.equal(opened.status, 200, opened.bytes.toString());
    assert.equal(sha256(opened.bytes), sha256(content));
  }

  test('the owner stopped mid-transfer and started again: the consumer retries and completes', async () => {
    const content = randomBytes(48 * MIB + 7);
    const pid = await startPull('00f1', content);
    const held = await stopPartWay(pid, 'FRA');
    const whileDown = await progressOf(pid);
    assert.ok(whileDown.segments.received < whileDown.segments.total || held === whileDown.segments.total);
    nodes.FRA = await startNodeProcess(home('FRA'));
    await completes(pid, content);
    const logs = (nodes.DEU?.logs() ?? []).filter((line) => line.msg === 'Data plane pull will retry');
    if (held < whileDown.segments.total)
      assert.ok(logs.length >= 1, 'the consumer retried while FRA was down');
  });

  test('the consumer stopped mid-transfer and started again: it resumes with what it held', async () => {
    const content = randomBytes(48 * MIB + 11);
    const pid = await startPull('00f2', content);
    const held = await stopPartWay(pid, 'DEU');
    nodes.DEU = await startNodeProcess(home('DEU'));
    tokens.set('DEU', await issueUserToken({ home: home('DEU'), user: 'dora', ttl: '30m' }));
    const after = await progressOf(pid);
    assert.ok(
      after.segments.received >= held,
      `${after.segments.received} held after the restart, ${held} before`,
    );
    await completes(pid, content);
    const audit = (
      await api('DEU', { path: `/audit/entries?subject=${encodeURIComponent(`transfer:${pid}`)}&limit=50` })
    ).json().entries as { kind: string }[];
    assert.ok(
      audit.some((e) => e.kind === 'dataset.received'),
      JSON.stringify(audit),
    );
  });
});
