/**
 * Push transfers between real node processes over mutual TLS: DEU (consumer) asks FRA (provider) to push a
 * dataset's object into its data plane (`foedera transfer start --push`). The TransferRequestMessage carries the
 * DSP push format and DEU's receiving DataAddress naming the process; FRA decides, starts and pushes, then
 * completes; both sides end COMPLETED and `foedera data open` gives back the original bytes. A suspended push resumed
 * sends only what is missing, a terminated one ends on both sides, and a participant that is not the transfer's
 * provider (ITA) cannot write into it.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { foedera, json, show } from './support/cli.ts';
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
import { pinProtocolPort } from './support/nodes.ts';
import { cuttingProxy } from '../integration/dataplane/harness.ts';
import { pushFlow, pushUserToken, putAs, writePushUsers, type TransferView } from './support/push-flow.ts';

const MIB = 1024 * 1024;
const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('push transfers between node processes', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const nodes: Record<string, NodeProcess | undefined> = {};
  const home = (id: string) => join(dir.path, id);
  const tokens = new Map<string, string>();

  before(async () => {
    dir = await tempDir('dataplane-push');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU', 'ITA']);
    await pinProtocolPort(home('FRA'));
    await writePushUsers(home);
    [nodes.FRA, nodes.DEU, nodes.ITA] = await Promise.all([
      startNodeProcess(home('FRA')),
      startNodeProcess(home('DEU')),
      startNodeProcess(home('ITA')),
    ]);
    tokens.set('FRA', await pushUserToken(home, 'FRA'));
    tokens.set('DEU', await pushUserToken(home, 'DEU'));
  });

  after(async () => {
    await Promise.all(Object.values(nodes).map((node) => stopNodeProcess(node)));
    await dir?.remove();
  });

  const {
    api,
    agreementFor,
    startPush,
    providerSide,
    bothIn,
    progressOf,
    auditOf,
    attemptsOf,
    partWay,
    openAtDeu,
  } = pushFlow({ nodes, tokens });

  let pushed = { consumerPid: '', agreementId: '' };

  test('`foedera transfer start --push` ends COMPLETED on both sides and `foedera data open` gives the same bytes', async () => {
    const content = randomBytes(9 * MIB + 321);
    const agreementId = await agreementFor('0a01', content);
    const run = await foedera(
      'transfer',
      'start',
      '--push',
      '--agreement',
      agreementId,
      '--address',
      nodes.FRA?.run.protocolUrl ?? '',
      '--wait',
      'COMPLETED',
      '--timeout',
      '240',
      '--json',
      '--home',
      home('DEU'),
      '--user',
      'dora',
    );
    const own = json<TransferView>(run);
    assert.equal(own.state, 'COMPLETED', show(run));
    assert.equal(own.format, 'HttpData-PUSH');
    // The request named DEU's own data plane and the process as the place to write.
    assert.equal(own.dataAddress?.endpoint, `${nodes.DEU?.run.protocolUrl}/dataplane`);
    assert.deepEqual(
      own.dataAddress?.endpointProperties?.map((p) => [p.name, p.value]),
      [['https://w3id.org/foedera/dataplane/v1#transfer', own.pid]],
    );
    const theirs = await providerSide(agreementId);
    await bothIn('COMPLETED', { consumer: own.pid, agreementId });
    assert.equal(theirs.consumerPid, own.pid);

    const out = join(dir.path, 'pushed.bin');
    const opened = await foedera(
      'data',
      'open',
      '--transfer',
      own.pid,
      '--out',
      out,
      '--home',
      home('DEU'),
      '--user',
      'dora',
    );
    assert.equal(opened.status, 0, show(opened));
    assert.equal(sha256(await readFile(out)), sha256(content));

    const received = await auditOf('DEU', `transfer:${own.pid}`);
    assert.ok(
      received.some((e) => e.kind === 'dataset.received' && e.details.flow === 'push'),
      JSON.stringify(received),
    );
    const sent = (await auditOf('FRA', `transfer:${theirs.pid}`)).find((e) => e.kind === 'dataset.pushed');
    assert.ok(sent !== undefined);
    assert.equal(sent.details.segmentsSent, sent.details.segments, 'each segment sent once');
    pushed = { consumerPid: own.pid, agreementId };
  });

  test('a participant that is not the transfer provider cannot push into it, and the provider cannot once it ended', async () => {
    assert.ok(pushed.consumerPid !== '', 'the first test pushed');
    const base = `${nodes.DEU?.run.protocolUrl}/dataplane/transfers/${encodeURIComponent(pushed.consumerPid)}/objects/urn%3Auuid%3Ax`;
    const before = (await api('DEU', { path: '/dataplane/received' })).json<{ items: unknown[] }>().items
      .length;
    const manifest = Buffer.from(JSON.stringify({ agreementId: pushed.agreementId, manifest: {} }));
    const ita = await credentialsOf(home('ITA'));
    const byIta = await putAs(ita, { url: base, body: manifest, contentType: 'application/json' });
    assert.equal(byIta.status, 404, byIta.body);
    assert.equal((JSON.parse(byIta.body) as { code: string }).code, 'unknown-transfer');
    const segment = await putAs(ita, {
      url: `${base}/segments/${'0'.repeat(64)}`,
      body: randomBytes(1024),
      contentType: 'application/octet-stream',
    });
    assert.equal(segment.status, 404, segment.body);
    // FRA is the provider, but the transfer is COMPLETED: nothing more is written into it.
    const byFra = await putAs(await credentialsOf(home('FRA')), {
      url: base,
      body: manifest,
      contentType: 'application/json',
    });
    assert.equal(byFra.status, 409, byFra.body);
    assert.equal((JSON.parse(byFra.body) as { code: string }).code, 'transfer-not-started');
    const after = (await api('DEU', { path: '/dataplane/received' })).json<{ items: unknown[] }>().items
      .length;
    assert.equal(after, before, 'nothing was recorded');
  });

  test('the provider of a started push cannot make DEU keep a manifest it did not sign as it is, nor a segment outside it', async () => {
    assert.ok(pushed.consumerPid !== '', 'the first test pushed');
    // A dataset without content yet: FRA's push waits with back-off and the transfer stays STARTED.
    const agreementId = await agreementFor('0a04', undefined);
    const own = await startPush(agreementId);
    await bothIn('STARTED', { consumer: own.pid, agreementId });
    // A genuine manifest signed by FRA (the first test's object), as FRA serves it to DEU.
    const objectId = (await api('DEU', { path: '/dataplane/received' }))
      .json<{ items: { objectId: string; agreementId: string }[] }>()
      .items.find((item) => item.agreementId === pushed.agreementId)?.objectId;
    assert.ok(objectId !== undefined);
    const served = await callProtocol(
      `${nodes.FRA?.run.protocolUrl}/dataplane/objects/${encodeURIComponent(objectId)}/manifest?agreement=${encodeURIComponent(pushed.agreementId)}`,
      await credentialsOf(home('DEU')),
    );
    assert.ok(!served.refused && served.status === 200, JSON.stringify(served));
    const manifest = JSON.parse(served.body) as { body: { label: { value: unknown } }; signature: unknown };
    const fra = await credentialsOf(home('FRA'));
    const base = `${nodes.DEU?.run.protocolUrl}/dataplane/transfers/${encodeURIComponent(own.pid)}/objects/${encodeURIComponent(objectId)}`;
    const put = async (body: unknown, url = base) => {
      const answer = await putAs(fra, {
        url,
        body: Buffer.from(JSON.stringify(body)),
        contentType: 'application/json',
      });
      return { status: answer.status, code: (JSON.parse(answer.body) as { code?: string }).code };
    };
    const relabelled = {
      ...manifest,
      body: { ...manifest.body, label: { ...manifest.body.label, value: { policy: 'NATO' } } },
    };
    const refusals = [
      await put({ agreementId, manifest: relabelled }),
      await put({
        agreementId,
        manifest: { ...manifest, signature: { protected: 'e30', signature: 'AAAA' } },
      }),
      await put({ agreementId: pushed.agreementId, manifest }),
      await put({ agreementId, manifest }, `${base.slice(0, base.lastIndexOf('/'))}/urn%3Auuid%3Aanother`),
    ];
    assert.deepEqual(
      refusals.map((r) => r.status),
      [400, 400, 409, 400],
      JSON.stringify(refusals),
    );
    assert.equal(refusals[2]?.code, 'agreement-mismatch');
    assert.equal(refusals[3]?.code, 'unexpected-object');
    const segment = await putAs(fra, {
      url: `${base}/segments/${'a'.repeat(64)}`,
      body: randomBytes(1024),
      contentType: 'application/octet-stream',
    });
    assert.equal(segment.status, 404, segment.body);
    assert.equal((await progressOf(own.pid)).state, 'waiting', 'nothing was recorded for the transfer');
    const ended = await api('DEU', { path: `/transfers/${encodeURIComponent(own.pid)}/terminate`, body: {} });
    assert.equal(ended.status, 200, ended.bytes.toString());
  });

  test('a push endpoint is refused for a pull and must be HTTPS; --push with another --format is a usage error', async () => {
    const agreementId = pushed.agreementId;
    assert.ok(agreementId !== '', 'the first test negotiated');
    const start = (body: Record<string, unknown>) =>
      api('DEU', {
        path: '/transfers',
        body: { provider: 'FRA', providerAddress: `${nodes.FRA?.run.protocolUrl}/dsp`, agreementId, ...body },
      });
    const pull = await start({ format: 'HttpData-PULL', pushEndpoint: 'https://127.0.0.1:1/dataplane' });
    assert.equal(pull.status, 400, pull.bytes.toString());
    assert.equal(pull.json<{ code: string }>().code, 'push-unsupported');
    const plain = await start({ format: 'HttpData-PUSH', pushEndpoint: 'http://127.0.0.1:1/dataplane' });
    assert.equal(plain.status, 400, plain.bytes.toString());
    const both = await foedera(
      'transfer',
      'start',
      '--push',
      '--format',
      'HttpData-PULL',
      '--agreement',
      agreementId,
      '--address',
      nodes.FRA?.run.protocolUrl ?? '',
      '--home',
      home('DEU'),
      '--user',
      'dora',
    );
    assert.equal(both.status, 2, show(both));
    assert.match(both.stderr, /--push/);
  });

  test('a push suspended by the consumer and resumed sends only the segments still missing', async () => {
    const content = randomBytes(64 * MIB + 5);
    const agreementId = await agreementFor('0a02', content);
    // Through a link of 16 MiB/s the push takes seconds, so the suspension surely lands while segments are missing.
    const deuPort = Number(new URL(nodes.DEU?.run.protocolUrl ?? '').port);
    const slowLink = await cuttingProxy(deuPort, () => undefined, { bytesPerSecond: 16 * MIB });
    after(() => slowLink.close());
    const own = await startPush(agreementId, `https://127.0.0.1:${slowLink.port}/dataplane`);
    const heldAtSuspension = await partWay(own.pid);
    const suspended = await api('DEU', {
      path: `/transfers/${encodeURIComponent(own.pid)}/suspend`,
      body: {},
    });
    assert.equal(
      suspended.status,
      200,
      `the push ended before it could be suspended: ${suspended.bytes.toString()}`,
    );
    await bothIn('SUSPENDED', { consumer: own.pid, agreementId });
    const theirs = await providerSide(agreementId);
    const held = (await progressOf(own.pid)).segments;
    assert.ok(held.received >= heldAtSuspension && held.received < held.total, JSON.stringify(held));

    // The provider's push stops once the TransferSuspensionMessage reaches FRA (or at its 1 s watch of the state): a
    // resumption sooner than that would find the first attempt still running, with no resumed attempt to look at.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const resumed = await api('DEU', { path: `/transfers/${encodeURIComponent(own.pid)}/resume`, body: {} });
    assert.equal(resumed.status, 200, resumed.bytes.toString());
    await bothIn('COMPLETED', { consumer: own.pid, agreementId });
    // The provider's log reaches the test through a pipe, possibly after the state it led to.
    await waitFor(async () => attemptsOf(theirs.pid).length >= 2, {
      timeoutMs: 15_000,
      intervalMs: 25,
      what: `a second push attempt of ${theirs.pid} in FRA's log, after ${JSON.stringify(attemptsOf(theirs.pid))}`,
    });
    const attempts = attemptsOf(theirs.pid);
    const last = attempts[attempts.length - 1];
    assert.ok(last !== undefined && last.held >= held.received, JSON.stringify({ attempts, held }));
    assert.equal(last.missing + last.held, held.total);
    const opened = await openAtDeu(own.pid);
    assert.equal(opened.status, 200, opened.bytes.toString());
    assert.equal(sha256(opened.bytes), sha256(content));
  });

  test('a push terminated by the consumer ends TERMINATED on both sides and leaves nothing to open', async () => {
    const content = randomBytes(64 * MIB + 9);
    const agreementId = await agreementFor('0a03', content);
    const own = await startPush(agreementId);
    await partWay(own.pid);
    const terminated = await api('DEU', {
      path: `/transfers/${encodeURIComponent(own.pid)}/terminate`,
      body: {},
    });
    assert.equal(
      terminated.status,
      200,
      `the push ended before it could be terminated: ${terminated.bytes.toString()}`,
    );
    await bothIn('TERMINATED', { consumer: own.pid, agreementId });
    const opened = await openAtDeu(own.pid);
    assert.equal(opened.status, 409, opened.bytes.toString());
  });
});
