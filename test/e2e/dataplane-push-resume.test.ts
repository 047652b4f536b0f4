/**
 * A push that survives faults, between two real node processes over mutual TLS: FRA pushes into DEU's data plane
 * through a loopback proxy that cuts connections part-way; another time DEU (the receiver) is stopped part-way and
 * started again on the same ports; another time FRA (the sender) is killed and started again. Each time both sides end COMPLETED, no segment
 * DEU already held is sent again (counted from FRA's attempts and its `dataset.pushed` entry), and DEU opens the
 * original bytes.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cuttingProxy } from '../integration/dataplane/harness.ts';
import {
  makeFederation,
  pinPorts,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';
import { pinProtocolPort } from './support/nodes.ts';
import { pushFlow, pushUserToken, writePushUsers } from './support/push-flow.ts';

const MIB = 1024 * 1024;
const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a push resumes after a cut connection and after a restart of either side', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const nodes: Record<string, NodeProcess | undefined> = {};
  const home = (id: string) => join(dir.path, id);
  const tokens = new Map<string, string>();

  before(async () => {
    dir = await tempDir('dataplane-push-resume');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU']);
    // FRA keeps its protocol address across restarts: the manifest's key service URL and DEU's transfer name it.
    await pinProtocolPort(home('FRA'));
    await writePushUsers(home);
    [nodes.FRA, nodes.DEU] = await Promise.all([
      startNodeProcess(home('FRA')),
      startNodeProcess(home('DEU')),
    ]);
    // DEU keeps its ports too: FRA's transfer holds its callback address and its receiving endpoint.
    await pinPorts(home('DEU'), nodes.DEU.run);
    tokens.set('FRA', await pushUserToken(home, 'FRA'));
    tokens.set('DEU', await pushUserToken(home, 'DEU'));
  });

  after(async () => {
    await Promise.all(Object.values(nodes).map((node) => stopNodeProcess(node)));
    await dir?.remove();
  });

  const flow = pushFlow({ nodes, tokens });

  async function completes(transfer: { consumer: string; agreementId: string }, content: Buffer) {
    await flow.bothIn('COMPLETED', transfer);
    const opened = await flow.openAtDeu(transfer.consumer);
    assert.equal(opened.status, 200, opened.bytes.toString());
    assert.equal(sha256(opened.bytes), sha256(content));
  }

  test('connections cut part-way through the push: it completes and each segment is acknowledged once', async () => {
    const content = randomBytes(48 * MIB + 3);
    const agreementId = await flow.agreementFor('0b01', content);
    const deuPort = Number(new URL(nodes.DEU?.run.protocolUrl ?? '').port);
    // The first three connections through the proxy are cut after 3 MiB: inside the first segment each carries.
    const proxy = await cuttingProxy(deuPort, (n) => (n < 3 ? 3 * MIB : undefined));
    try {
      const own = await flow.startPush(agreementId, `https://127.0.0.1:${proxy.port}/dataplane`);
      assert.equal(own.dataAddress?.endpoint, `https://127.0.0.1:${proxy.port}/dataplane`);
      await completes({ consumer: own.pid, agreementId }, content);
      assert.ok(proxy.cuts >= 1, `${proxy.cuts} connections cut`);
      const theirs = await flow.providerSide(agreementId);
      const pushed = (await flow.auditOf('FRA', `transfer:${theirs.pid}`)).find(
        (e) => e.kind === 'dataset.pushed',
      );
      assert.ok(pushed !== undefined);
      assert.equal(pushed.details.segmentsSent, pushed.details.segments, JSON.stringify(pushed.details));
    } finally {
      await proxy.close();
    }
  });

  test('the receiver stopped mid-push and started again: the push resumes with what it held', async () => {
    const content = randomBytes(48 * MIB + 7);
    const agreementId = await flow.agreementFor('0b02', content);
    const own = await flow.startPush(agreementId);
    const theirs = await flow.providerSide(agreementId);
    await flow.partWay(own.pid);
    await stopNodeProcess(nodes.DEU);
    await waitFor(
      () =>
        (nodes.FRA?.logs() ?? []).some(
          (line) => line.msg === 'Data plane push will retry' && line.transfer === theirs.pid,
        ),
      { timeoutMs: 60_000, intervalMs: 100, what: 'FRA to notice DEU is gone' },
    );
    const before = flow.attemptsOf(theirs.pid).length;
    nodes.DEU = await startNodeProcess(home('DEU'));
    tokens.set('DEU', await pushUserToken(home, 'DEU'));
    const held = (await flow.progressOf(own.pid)).segments;
    assert.ok(held.received >= 1, JSON.stringify(held));
    await completes({ consumer: own.pid, agreementId }, content);
    const resumed = flow.attemptsOf(theirs.pid).slice(before);
    assert.ok(resumed.length >= 1, 'FRA pushed again after the restart');
    for (const attempt of resumed) {
      assert.ok(attempt.held >= held.received, JSON.stringify({ resumed, held }));
      assert.equal(attempt.missing + attempt.held, held.total);
    }
  });

  test('the sender killed mid-push (SIGKILL) and started again: it sends only what the receiver lacks', async () => {
    const content = randomBytes(48 * MIB + 11);
    const agreementId = await flow.agreementFor('0b03', content);
    const own = await flow.startPush(agreementId);
    const theirs = await flow.providerSide(agreementId);
    await flow.partWay(own.pid);
    nodes.FRA?.child.kill('SIGKILL');
    await nodes.FRA?.exited;
    const held = (await flow.progressOf(own.pid)).segments;
    nodes.FRA = await startNodeProcess(home('FRA'));
    tokens.set('FRA', await pushUserToken(home, 'FRA'));
    await completes({ consumer: own.pid, agreementId }, content);
    const attempts = flow.attemptsOf(theirs.pid);
    assert.ok(attempts.length >= 1, 'the restarted FRA pushed');
    assert.ok(
      attempts[0] !== undefined && attempts[0].held >= held.received,
      JSON.stringify({ attempts, held }),
    );
    const pushed = (await flow.auditOf('FRA', `transfer:${theirs.pid}`)).find(
      (e) => e.kind === 'dataset.pushed',
    );
    assert.ok(pushed !== undefined);
    // The restarted process counts only its own sends: at most what DEU lacked when it came back.
    assert.ok(
      Number(pushed.details.segmentsSent) <= held.total - held.received,
      JSON.stringify({ pushed, held }),
    );
  });
});
