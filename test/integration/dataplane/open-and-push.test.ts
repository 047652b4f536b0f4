import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AuditEntryInput } from '../../../src/audit/entry/entry.ts';
import { openReceived } from '../../../src/dataplane/open/open-received.ts';
import { blobSegmentReader } from '../../../src/dataplane/transfer/blob-segments.ts';
import { pushObject } from '../../../src/dataplane/transfer/push.ts';
import { findReceived } from '../../../src/dataplane/transfer/receive.ts';
import { httpKeyRequester } from '../../../src/dataplane/transfer/request-key.ts';
import { cuttingProxy, DEU, twoNodes } from './harness.ts';

const MIB = 1024 * 1024;
let nodes: Awaited<ReturnType<typeof twoNodes>>;
let receiver: { port: number; close: () => Promise<void> };

before(async () => {
  nodes = await twoNodes();
  receiver = await nodes.startReceiver();
});
after(async () => {
  await receiver.close();
  await nodes.close();
});

async function* bytesOf(data: Buffer) {
  for (let offset = 0; offset < data.length; offset += 100_000) yield data.subarray(offset, offset + 100_000);
}

/** DEU's data plane endpoint for its push transfer `pid`, as the transfer's DataAddress names it, at `port`. */
const pushTarget = (port: number, pid: string) =>
  `https://127.0.0.1:${port}/dataplane/transfers/${encodeURIComponent(pid)}`;

test('a push cut mid-way resumes with only the missing segments, then the consumer opens it under a lease', async () => {
  const data = Buffer.alloc(5 * MIB + 17);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 12)) & 0xff;
  const { manifest, agreement } = await nodes.seal(bytesOf(data));
  nodes.agreements.set(agreement.id, { ...agreement, leaseSeconds: 600 });
  const pid = await nodes.startPushTransfer(agreement.id);

  // Every connection through this proxy dies after 2.5 MiB of upload answers and requests: the push fails part-way.
  const proxy = await cuttingProxy(receiver.port, () => 2.5 * MIB);
  const push = {
    manifest,
    agreementId: agreement.id,
    blobs: nodes.owner.blobs,
    concurrency: 1,
    retryDelayMs: 1,
  };
  const owner1 = nodes.agentFor('FRA');
  const first = await pushObject({
    ...push,
    baseUrl: pushTarget(proxy.port, pid),
    agent: owner1,
    attempts: 1,
  });
  owner1.destroy();
  await proxy.close();
  // Whether the proxy cut the upload or the answer, the second push must only send what is missing.
  const owner2 = nodes.agentFor('FRA');
  const second = await pushObject({
    ...push,
    baseUrl: pushTarget(receiver.port, pid),
    agent: owner2,
  });
  owner2.destroy();
  assert.equal(second.ok, true, second.ok ? '' : second.detail);
  const { sent, alreadyHeld } = second.ok ? second.value : { sent: 0, alreadyHeld: 0 };
  assert.equal(sent + alreadyHeld, 6);
  assert.equal(first.ok, false, 'the proxy cut the first push');
  assert.ok(alreadyHeld >= 1 && sent < 6, `the resumed push sent ${sent} of 6 segments`);
  assert.equal((await findReceived(nodes.consumer.store.db, manifest.body.objectId))?.state, 'complete');

  const audited: AuditEntryInput[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'foedera-open-'));
  const agent = nodes.agentFor(DEU);
  const common = {
    objectId: manifest.body.objectId,
    node: DEU,
    store: nodes.consumer.store,
    blobs: nodes.consumer.blobs,
    keyPair: nodes.recipient,
    ownerKeys: nodes.lookup,
    book: nodes.book,
    audit: async (_trx: unknown, entry: AuditEntryInput) => void audited.push(entry),
    clock: () => new Date(),
    user: { id: 'anna@deu', nationality: 'DEU', clearances: [], communities: [], roles: [] },
  };
  const online = httpKeyRequester({
    url: `https://127.0.0.1:${nodes.port}/dataplane/keys`,
    agent,
    recipientKeys: nodes.recipientKeys,
  });
  const opened = await openReceived({ ...common, path: join(dir, 'a.bin'), requestKey: online });
  assert.deepEqual(opened, { ok: true, value: { plaintextSize: data.length, via: 'grant' } });
  assert.ok((await readFile(join(dir, 'a.bin'))).equals(data));

  // The owner is now unreachable: the kept lease opens the data offline.
  const offline = httpKeyRequester({
    url: 'https://127.0.0.1:1/dataplane/keys',
    agent,
    recipientKeys: nodes.recipientKeys,
  });
  const leased = await openReceived({ ...common, path: join(dir, 'b.bin'), requestKey: offline });
  assert.deepEqual(leased, { ok: true, value: { plaintextSize: data.length, via: 'lease' } });
  // After the lease ends, offline opening is refused and nothing is written.
  const late = await openReceived({
    ...common,
    path: join(dir, 'c.bin'),
    requestKey: offline,
    clock: () => new Date(Date.now() + 601_000),
  });
  assert.equal(!late.ok && late.reason, 'lease-expired');

  // Revoked: the owner refuses, and the kept lease is discarded, so even offline opening stops.
  nodes.agreements.set(agreement.id, { ...agreement, state: 'revoked' });
  const revoked = await openReceived({ ...common, path: join(dir, 'd.bin'), requestKey: online });
  assert.equal(!revoked.ok && revoked.reason, 'agreement-not-active');
  const afterRevocation = await openReceived({ ...common, path: join(dir, 'e.bin'), requestKey: offline });
  assert.equal(!afterRevocation.ok && afterRevocation.reason, 'key-service-unreachable');
  agent.destroy();

  assert.deepEqual((await readdir(dir)).sort(), ['a.bin', 'b.bin']);
  assert.deepEqual(
    audited.map((e) => [e.kind, e.details['via'] ?? e.details['reason']]),
    [
      ['dataset.opened', 'grant'],
      ['dataset.opened', 'lease'],
      ['dataset.open-refused', 'lease-expired'],
      ['dataset.open-refused', 'agreement-not-active'],
      ['dataset.open-refused', 'key-service-unreachable'],
    ],
  );
  assert.equal(audited[0]?.actor, 'user:anna@deu');
  // The ciphertext is still held by the recipient.
  const hash = createHash('sha256');
  for await (const chunk of (await blobSegmentReader(nodes.consumer.blobs)({
    ...manifest.body.integrity.segments[0]!,
    index: 0,
  }))!)
    hash.update(chunk);
  assert.equal(hash.digest('hex'), manifest.body.integrity.segments[0]!.hash);
});

test('a push of a manifest signed by someone else than the pushing owner is refused', async () => {
  const { manifest, agreement } = await nodes.seal(bytesOf(Buffer.alloc(1000, 1)));
  const tampered = structuredClone(manifest);
  tampered.body.createdAt = '2020-01-01T00:00:00.000Z';
  const pid = await nodes.startPushTransfer(agreement.id);
  const agent = nodes.agentFor('FRA');
  const pushed = await pushObject({
    baseUrl: pushTarget(receiver.port, pid),
    agent,
    manifest: tampered,
    agreementId: agreement.id,
    blobs: nodes.owner.blobs,
  });
  agent.destroy();
  assert.equal(!pushed.ok && pushed.reason, 'manifest-signature-invalid');
});
