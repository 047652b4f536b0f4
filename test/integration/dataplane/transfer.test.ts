import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { decryptSegments } from '../../../src/dataplane/format/decrypt-segments.ts';
import type { Manifest } from '../../../src/dataplane/format/manifest.ts';
import { acceptKeyResponse } from '../../../src/dataplane/keys/obtain-data-key.ts';
import { blobSegmentReader } from '../../../src/dataplane/transfer/blob-segments.ts';
import { call, expectOk, readAll } from '../../../src/dataplane/transfer/http.ts';
import { pullObject } from '../../../src/dataplane/transfer/pull.ts';
import { cuttingProxy, DEU, FRA, ITA, twoNodes } from './harness.ts';

const MIB = 1024 * 1024;
let nodes: Awaited<ReturnType<typeof twoNodes>>;

before(async () => {
  nodes = await twoNodes();
});
after(async () => {
  await nodes.close();
});

/** 9.5 MiB of deterministic bytes, produced in chunks and hashed as they go. */
function source(size: number, seed: number) {
  const hash = createHash('sha256');
  async function* bytes() {
    let x = seed;
    for (let offset = 0; offset < size; offset += 65536) {
      const chunk = Buffer.alloc(Math.min(65536, size - offset));
      for (let i = 0; i < chunk.length; i += 4) {
        x = (x * 1103515245 + 12345) >>> 0;
        chunk.writeUInt32LE(x, i);
      }
      hash.update(chunk);
      yield chunk;
    }
  }
  return { bytes: bytes(), digest: () => hash.digest('hex') };
}

async function openAtConsumer(manifest: Manifest, agreementId: string, port = nodes.port) {
  const objectId = manifest.body.objectId;
  const response = await call({
    url: `https://127.0.0.1:${port}/dataplane/keys`,
    agent: nodes.agentFor(DEU),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(
      JSON.stringify({
        objectId,
        agreementId,
        recipientKeys: nodes.recipientKeys,
        nonce: nodes.book.issue({ objectId, agreementId }),
      }),
    ),
  });
  const status = response.statusCode;
  const body = (await readAll(response)).toString('utf8');
  if (status !== 200) return { ok: false as const, status, problem: JSON.parse(body) as { code: string } };
  const key = await acceptKeyResponse(body, {
    owner: FRA,
    objectId,
    agreementId,
    keyPair: nodes.recipient,
    lookup: nodes.lookup,
    book: nodes.book,
  });
  assert.equal(key.ok, true, key.ok ? '' : key.detail);
  const hash = createHash('sha256');
  const opened = await decryptSegments({
    manifest,
    dataKey: key.ok ? key.value.dataKey : Buffer.alloc(32),
    read: blobSegmentReader(nodes.consumer.blobs),
    sink: async (chunk) => void hash.update(chunk),
  });
  assert.equal(opened.ok, true);
  return { ok: true as const, digest: hash.digest('hex') };
}

test('a pull through a proxy that cuts connections mid-segment completes and opens byte-identical', async () => {
  const data = source(9.5 * MIB, 7);
  const { manifest, agreement } = await nodes.seal(data.bytes);
  // The first three connections die after 1.5 MiB each; later ones run clean.
  const proxy = await cuttingProxy(nodes.port, (n) => (n < 3 ? 1.5 * MIB : undefined));
  const agent = nodes.agentFor(DEU);
  try {
    const pulled = await pullObject({
      baseUrl: `https://127.0.0.1:${proxy.port}/dataplane`,
      agent,
      objectId: manifest.body.objectId,
      agreementId: agreement.id,
      store: nodes.consumer.store,
      blobs: nodes.consumer.blobs,
      manifestCheck: { lookup: nodes.lookup, labelBinder: nodes.labelBinder },
      clock: () => new Date(),
      concurrency: 3,
      retryDelayMs: 10,
    });
    assert.equal(pulled.ok, true, pulled.ok ? '' : pulled.detail);
    assert.ok(proxy.cuts >= 1, 'the proxy cut at least one connection');
  } finally {
    agent.destroy();
    await proxy.close();
  }
  const opened = await openAtConsumer(manifest, agreement.id);
  assert.deepEqual(opened, { ok: true, digest: data.digest() });
});

test('a pull stopped by a dead link resumes later without fetching again what arrived', async () => {
  const data = source(6 * MIB + 4, 11);
  const { manifest, agreement } = await nodes.seal(data.bytes);
  const common = {
    objectId: manifest.body.objectId,
    agreementId: agreement.id,
    store: nodes.consumer.store,
    blobs: nodes.consumer.blobs,
    manifestCheck: { lookup: nodes.lookup, labelBinder: nodes.labelBinder },
    clock: () => new Date(),
    concurrency: 1,
    retryDelayMs: 1,
  };
  // Every connection dies after 2.5 MiB: the first attempt gets some segments through, then gives up.
  const bad = await cuttingProxy(nodes.port, () => 2.5 * MIB);
  const agent1 = nodes.agentFor(DEU);
  const first = await pullObject({
    ...common,
    baseUrl: `https://127.0.0.1:${bad.port}/dataplane`,
    agent: agent1,
    attempts: 1,
  });
  agent1.destroy();
  await bad.close();
  assert.equal(first.ok, false);
  // "Restart": a new agent and a new call; only the missing segments travel.
  const agent2 = nodes.agentFor(DEU);
  const second = await pullObject({
    ...common,
    baseUrl: `https://127.0.0.1:${nodes.port}/dataplane`,
    agent: agent2,
  });
  agent2.destroy();
  assert.equal(second.ok, true, second.ok ? '' : second.detail);
  const { fetched, alreadyHeld } = second.ok ? second.value : { fetched: 0, alreadyHeld: 0 };
  assert.ok(alreadyHeld >= 1, `segments kept from the first attempt: ${alreadyHeld}`);
  assert.equal(fetched + alreadyHeld, 7);
  assert.deepEqual(await openAtConsumer(manifest, agreement.id), { ok: true, digest: data.digest() });
});

test('after revocation the recipient holds the ciphertext but can no longer open it', async () => {
  const data = source(2 * MIB, 3);
  const { manifest, agreement } = await nodes.seal(data.bytes);
  const agent = nodes.agentFor(DEU);
  const pulled = await pullObject({
    baseUrl: `https://127.0.0.1:${nodes.port}/dataplane`,
    agent,
    objectId: manifest.body.objectId,
    agreementId: agreement.id,
    store: nodes.consumer.store,
    blobs: nodes.consumer.blobs,
    manifestCheck: { lookup: nodes.lookup, labelBinder: nodes.labelBinder },
    clock: () => new Date(),
  });
  agent.destroy();
  assert.equal(pulled.ok, true);
  assert.equal((await openAtConsumer(manifest, agreement.id)).ok, true);
  nodes.agreements.set(agreement.id, { ...agreement, state: 'revoked' });
  for (const segment of manifest.body.integrity.segments)
    assert.equal(await nodes.consumer.blobs.has(segment.hash), true);
  const refused = await openAtConsumer(manifest, agreement.id);
  assert.deepEqual(refused.ok ? undefined : [refused.status, refused.problem.code], [
    403,
    'agreement-not-active',
  ]);
  assert.equal(nodes.audited.at(-1)?.kind, 'key.refused');
});

test('another participant with a valid certificate is refused the manifest, the segments and the key', async () => {
  const { manifest, agreement } = await nodes.seal(source(1024, 5).bytes);
  const agent = nodes.agentFor(ITA);
  const base = `https://127.0.0.1:${nodes.port}/dataplane/objects/${encodeURIComponent(manifest.body.objectId)}`;
  try {
    for (const url of [
      `${base}/manifest?agreement=${agreement.id}`,
      `${base}/segments/${manifest.body.integrity.segments[0]!.hash}?agreement=${agreement.id}`,
    ]) {
      await assert.rejects(
        expectOk(await call({ url, agent }), 'fetch'),
        (error: { reason?: string; status?: number }) =>
          error.reason === 'not-agreement-party' && error.status === 403,
      );
    }
  } finally {
    agent.destroy();
  }
});

test('a client without a federation certificate cannot even connect', async () => {
  const { Agent } = await import('node:https');
  const agent = new Agent({ rejectUnauthorized: false });
  await assert.rejects(
    call({ url: `https://127.0.0.1:${nodes.port}/dataplane/objects/x/manifest?agreement=a`, agent }),
  );
  agent.destroy();
});
