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
import { request as httpsRequest } from 'node:https';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import { foedera, json, show } from './support/cli.ts';
import {
  credentialsOf,
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';
import { negotiationEnd, putContent, sensorDataset } from './support/management.ts';
import { pinProtocolPort } from './support/nodes.ts';

const MIB = 1024 * 1024;
const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

type TransferView = {
  pid: string;
  state: string;
  format: string;
  consumerPid: string;
  providerPid: string | null;
  agreementId: string;
  dataAddress: { endpoint: string; endpointProperties?: { name: string; value: string }[] } | null;
};
type Progress = { state: string; segments: { total: number; received: number } };
type AuditEntry = { kind: string; details: Record<string, unknown> };

/** One HTTPS PUT with a participant's federation credentials, as another node's data plane would send it. */
function putAs(
  credentials: { key: string; cert: string; ca: string },
  options: { url: string; body: Buffer; contentType: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      options.url,
      {
        method: 'PUT',
        agent: false,
        ...credentials,
        checkServerIdentity: () => undefined,
        headers: { 'content-type': options.contentType, 'content-length': String(options.body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('push transfers between node processes', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const nodes: Record<string, NodeProcess | undefined> = {};
  const home = (id: string) => join(dir.path, id);
  const tokens = new Map<string, string>();

  before(async () => {
    dir = await tempDir('dataplane-push');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU', 'ITA']);
    await pinProtocolPort(home('FRA'));
    await writeUserDirectory(join(home('FRA'), 'idp', 'users.json'), {
      users: { francois: { nationality: 'FRA', clearances: {}, coi: [], roles: ['publisher'] } },
    });
    await writeUserDirectory(join(home('DEU'), 'idp', 'users.json'), {
      users: { dora: { nationality: 'DEU', clearances: {}, coi: [], roles: ['analyst'] } },
    });
    [nodes.FRA, nodes.DEU, nodes.ITA] = await Promise.all([
      startNodeProcess(home('FRA')),
      startNodeProcess(home('DEU')),
      startNodeProcess(home('ITA')),
    ]);
    tokens.set('FRA', await issueUserToken({ home: home('FRA'), user: 'francois', ttl: '30m' }));
    tokens.set('DEU', await issueUserToken({ home: home('DEU'), user: 'dora', ttl: '30m' }));
  });

  after(async () => {
    await Promise.all(Object.values(nodes).map((node) => stopNodeProcess(node)));
    await dir?.remove();
  });

  const api = async (as: 'FRA' | 'DEU', request: { path: string; body?: unknown }) => {
    const response = await fetch(`${nodes[as]?.run.managementUrl}/v1${request.path}`, {
      method: request.body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${tokens.get(as) ?? ''}`,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, bytes, json: <T>() => JSON.parse(bytes.toString()) as T };
  };

  /** Publishes a dataset with `content` at FRA and negotiates it from DEU; answers the agreement id. */
  async function agreementFor(name: string, content: Buffer): Promise<string> {
    const target = `urn:uuid:00000000-0000-4000-8000-0000000${name}`;
    const offer = { '@type': 'Offer', '@id': `urn:uuid:offer-${name}`, permission: [{ action: 'use' }] };
    const published = await api('FRA', {
      path: '/datasets',
      body: sensorDataset({ id: target, title: `Recording ${name}`, offer }),
    });
    assert.equal(published.status, 201, published.bytes.toString());
    const put = await putContent({
      node: nodes.FRA,
      token: tokens.get('FRA') ?? '',
      datasetId: target,
      body: content,
    });
    assert.equal(put.status, 201, await put.text());
    const negotiation = await api('DEU', {
      path: '/negotiations',
      body: {
        provider: 'FRA',
        providerAddress: `${nodes.FRA?.run.protocolUrl}/dsp`,
        offer: { ...offer, target },
      },
    });
    assert.equal(negotiation.status, 201, negotiation.bytes.toString());
    const pid = negotiation.json<{ pid: string }>().pid;
    const state = await negotiationEnd(
      async () =>
        (await api('DEU', { path: `/negotiations/${encodeURIComponent(pid)}` })).json<{ state: string }>()
          .state,
    );
    assert.equal(state, 'FINALIZED');
    const agreements = (await api('DEU', { path: '/agreements' })).json<{
      items: { target: string; agreement: { '@id': string } }[];
    }>().items;
    const id = agreements.find((a) => a.target === target)?.agreement['@id'];
    assert.ok(id !== undefined);
    return id;
  }

  const startPush = async (agreementId: string): Promise<TransferView> => {
    const started = await api('DEU', {
      path: '/transfers',
      body: {
        provider: 'FRA',
        providerAddress: `${nodes.FRA?.run.protocolUrl}/dsp`,
        agreementId,
        format: 'HttpData-PUSH',
      },
    });
    assert.equal(started.status, 201, started.bytes.toString());
    return started.json<TransferView>();
  };

  const transferAt = async (as: 'FRA' | 'DEU', pid: string) =>
    (await api(as, { path: `/transfers/${encodeURIComponent(pid)}` })).json<TransferView>();

  /** FRA's side of DEU's transfer `consumerPid`. */
  async function providerSide(agreementId: string): Promise<TransferView> {
    let found: TransferView | undefined;
    await waitFor(
      async () => {
        const items = (await api('FRA', { path: '/transfers?limit=500' })).json<{
          items: { pid: string; agreementId: string }[];
        }>().items;
        const row = items.find((item) => item.agreementId === agreementId);
        if (row !== undefined) found = await transferAt('FRA', row.pid);
        return found !== undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `FRA's transfer under ${agreementId}` },
    );
    return found as TransferView;
  }

  async function bothIn(state: string, options: { consumer: string; agreementId: string }) {
    await waitFor(
      async () => {
        const [own, theirs] = await Promise.all([
          transferAt('DEU', options.consumer),
          providerSide(options.agreementId),
        ]);
        return own.state === state && theirs.state === state;
      },
      { timeoutMs: 240_000, intervalMs: 250, what: `both sides of ${options.consumer} in ${state}` },
    );
  }

  const progressOf = async (pid: string) =>
    (await api('DEU', { path: `/dataplane/transfers/${encodeURIComponent(pid)}/progress` })).json<Progress>();

  const auditOf = async (as: 'FRA' | 'DEU', subject: string) =>
    (await api(as, { path: `/audit/entries?subject=${encodeURIComponent(subject)}&limit=100` })).json<{
      entries: AuditEntry[];
    }>().entries;

  /** The attempts FRA logged for its transfer `pid`: segments the receiver still lacked and already held. */
  const attemptsOf = (pid: string) =>
    (nodes.FRA?.logs() ?? [])
      .filter((line) => line.msg === 'Data plane push attempt' && line.transfer === pid)
      .map((line) => ({ missing: Number(line.missing), held: Number(line.held) }));

  /** Waits until part of the object arrived at DEU, then answers how many segments it held. */
  async function partWay(pid: string): Promise<number> {
    let held = 0;
    await waitFor(
      async () => {
        held = (await progressOf(pid)).segments.received;
        return held >= 1;
      },
      { timeoutMs: 120_000, intervalMs: 25, what: `the first pushed segments of ${pid}` },
    );
    return held;
  }

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

  test('a push suspended by the consumer and resumed sends only the segments still missing', async () => {
    const content = randomBytes(64 * MIB + 5);
    const agreementId = await agreementFor('0a02', content);
    const own = await startPush(agreementId);
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

    const resumed = await api('DEU', { path: `/transfers/${encodeURIComponent(own.pid)}/resume`, body: {} });
    assert.equal(resumed.status, 200, resumed.bytes.toString());
    await bothIn('COMPLETED', { consumer: own.pid, agreementId });
    const attempts = attemptsOf(theirs.pid);
    assert.ok(attempts.length >= 2, JSON.stringify(attempts));
    const last = attempts[attempts.length - 1];
    assert.ok(last !== undefined && last.held >= held.received, JSON.stringify({ attempts, held }));
    assert.equal(last.missing + last.held, held.total);
    const opened = await api('DEU', {
      path: `/dataplane/transfers/${encodeURIComponent(own.pid)}/plaintext`,
    });
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
    const opened = await api('DEU', {
      path: `/dataplane/transfers/${encodeURIComponent(own.pid)}/plaintext`,
    });
    assert.equal(opened.status, 409, opened.bytes.toString());
  });
});
