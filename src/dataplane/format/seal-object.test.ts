import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunked, LABEL, memoryReader, memorySink, pattern, sealBytes } from '../_internal/test-fixtures.ts';
import { decryptSegments } from './decrypt-segments.ts';
import { sealObject } from './seal-object.ts';
import { MIB, TAG_LENGTH } from './segment-crypto.ts';
import { verifyManifest } from './verify-manifest.ts';

async function openAll(sealed: Awaited<ReturnType<typeof sealBytes>>) {
  const out: Buffer[] = [];
  const result = await decryptSegments({
    manifest: sealed.manifest,
    dataKey: sealed.dataKey,
    read: memoryReader(sealed.segments),
    sink: async (chunk) => {
      out.push(Buffer.from(chunk));
    },
  });
  return { result, plaintext: Buffer.concat(out) };
}

for (const size of [0, 1, MIB - 1, MIB, MIB + 1, 3 * MIB + 12_345]) {
  test(`sealObject() then decryptSegments() gives back ${size} bytes unchanged`, async () => {
    const data = pattern(size, size + 7);
    const sealed = await sealBytes(data, { chunkSize: 77_777 });
    const verified = await verifyManifest(JSON.parse(JSON.stringify(sealed.manifest)), sealed);
    assert.equal(verified.ok, true, verified.ok ? '' : verified.detail);
    const { result, plaintext } = await openAll(sealed);
    assert.deepEqual(result, { ok: true, value: { plaintextSize: size } });
    assert.ok(plaintext.equals(data));
    const expectedSegments = Math.max(1, Math.ceil(size / MIB));
    assert.equal(sealed.manifest.body.integrity.segments.length, expectedSegments);
    assert.equal(
      sealed.manifest.body.integrity.segments.at(-1)?.size,
      size - (expectedSegments - 1) * MIB + TAG_LENGTH,
    );
  });
}

test('sealObject() signs with Ed25519 as well as ES384', async () => {
  const sealed = await sealBytes(pattern(5000), { alg: 'EdDSA' });
  const verified = await verifyManifest(sealed.manifest, sealed);
  assert.equal(verified.ok, true);
});

test('sealObject() gives each object a fresh data key, nonce prefix and ciphertext for the same plaintext', async () => {
  const data = pattern(10_000);
  const a = await sealBytes(data);
  const b = await sealBytes(data);
  assert.notDeepEqual(a.dataKey, b.dataKey);
  assert.notEqual(a.manifest.body.encryption.noncePrefix, b.manifest.body.encryption.noncePrefix);
  assert.notEqual(a.manifest.body.integrity.root, b.manifest.body.integrity.root);
});

test('sealObject() refuses a segment size outside 1 to 4 MiB', async () => {
  const sealed = await sealBytes(Buffer.alloc(1));
  for (const segmentSize of [MIB - 1, 4 * MIB + 1, 1.5]) {
    await assert.rejects(
      sealObject({
        source: chunked(Buffer.alloc(10), 10),
        sink: memorySink().sink,
        label: LABEL,
        labelBinder: sealed.labelBinder,
        signingKey: sealed.signingKey,
        keyServiceUrl: 'https://fra.example/keys',
        now: new Date(),
        segmentSize,
      }),
      /segment size/,
    );
  }
});

test('the ciphertext holds no run of the plaintext', async () => {
  const data = Buffer.alloc(MIB, 'A');
  const sealed = await sealBytes(data);
  const ciphertext = sealed.segments.get(0) as Buffer;
  assert.equal(ciphertext.includes(Buffer.alloc(32, 'A')), false);
});
