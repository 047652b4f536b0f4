import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { memoryReader, owner, pattern, sealBytes } from '../_internal/test-fixtures.ts';
import { generateNodeSigningKey, staticKeyLookup } from '../keys/node-signing-key.ts';
import { decryptSegments } from './decrypt-segments.ts';
import type { Manifest } from './manifest.ts';
import { signManifest } from './manifest-signature.ts';
import { merkleRoot } from './merkle.ts';
import { openToFile } from './open-to-file.ts';
import { MIB } from './segment-crypto.ts';
import { verifyManifest } from './verify-manifest.ts';

const DATA = pattern(3 * MIB + 500, 42);
const sealedPromise = sealBytes(DATA);

const copy = (manifest: Manifest): Manifest => structuredClone(manifest);

async function decryptWith(
  manifest: Manifest,
  dataKey: Buffer,
  segments: Map<number, Buffer> | { segments: Map<number, Buffer>; order: (i: number) => number },
) {
  const order = segments instanceof Map ? undefined : segments.order;
  if (!(segments instanceof Map)) segments = segments.segments;
  let emitted = 0;
  const result = await decryptSegments({
    manifest,
    dataKey,
    read: memoryReader(segments, order),
    sink: async (chunk) => {
      emitted += chunk.length;
    },
  });
  return { result, emitted };
}

test('openToFile() refuses a segment with one flipped bit and leaves no plaintext file behind', async () => {
  const sealed = await sealedPromise;
  const segments = new Map(sealed.segments);
  const bad = Buffer.from(segments.get(2) as Buffer);
  bad[1000] = (bad[1000] as number) ^ 1;
  segments.set(2, bad);
  const dir = await mkdtemp(join(tmpdir(), 'foedera-open-'));
  const result = await openToFile({
    manifest: sealed.manifest,
    dataKey: sealed.dataKey,
    read: memoryReader(segments),
    path: join(dir, 'out.bin'),
  });
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.reason, 'segment-hash-mismatch');
  assert.deepEqual(await readdir(dir), []);
});

test('openToFile() writes the plaintext under its name only when every segment verified', async () => {
  const sealed = await sealedPromise;
  const dir = await mkdtemp(join(tmpdir(), 'foedera-open-'));
  const path = join(dir, 'out.bin');
  const result = await openToFile({
    manifest: sealed.manifest,
    dataKey: sealed.dataKey,
    read: memoryReader(sealed.segments),
    path,
  });
  assert.equal(result.ok, true);
  assert.deepEqual(await readdir(dir), ['out.bin']);
  const { readFile } = await import('node:fs/promises');
  assert.ok((await readFile(path)).equals(DATA));
});

test('decryptSegments() refuses swapped segments before emitting the swapped one', async () => {
  const sealed = await sealedPromise;
  const swap = (i: number) => (i === 1 ? 2 : i === 2 ? 1 : i);
  const { result, emitted } = await decryptWith(sealed.manifest, sealed.dataKey, {
    segments: sealed.segments,
    order: swap,
  });
  assert.equal(!result.ok && result.reason, 'segment-hash-mismatch');
  assert.equal(emitted, MIB, 'only segment 0, which is genuine, reached the sink');
});

test('verifyManifest() refuses a segment list reordered in the manifest', async () => {
  const sealed = await sealedPromise;
  const manifest = copy(sealed.manifest);
  const list = manifest.body.integrity.segments;
  [list[0], list[1]] = [list[1]!, list[0]!];
  const result = await verifyManifest(manifest, sealed);
  assert.equal(!result.ok && result.reason, 'manifest-root-mismatch');
});

test('segments reordered with a recomputed root and a fresh owner signature still fail authentication', async () => {
  // Even a forger who holds the owner's signing key cannot move a segment: its index is in the nonce.
  const sealed = await sealedPromise;
  const manifest = copy(sealed.manifest);
  const list = manifest.body.integrity.segments;
  [list[0], list[1]] = [list[1]!, list[0]!];
  manifest.body.integrity.root = merkleRoot(list.map((s) => s.hash));
  const swap = (i: number) => (i === 0 ? 1 : i === 1 ? 0 : i);
  const { result, emitted } = await decryptWith(manifest, sealed.dataKey, {
    segments: sealed.segments,
    order: swap,
  });
  assert.equal(!result.ok && result.reason, 'policy-binding-invalid');
  // And with the policy binding left aside (the root it covers changed), the GCM layer refuses by itself:
  manifest.body.keyAccess = sealed.manifest.body.keyAccess;
  manifest.body.integrity.root = sealed.manifest.body.integrity.root;
  const raw = await decryptWith({ ...manifest }, sealed.dataKey, { segments: sealed.segments, order: swap });
  assert.equal(!raw.result.ok && raw.result.reason, 'segment-authentication-failed');
  assert.equal(raw.emitted + emitted, 0);
});

test('a truncated object fails even when its manifest is rewritten to match', async () => {
  const sealed = await sealedPromise;
  const manifest = copy(sealed.manifest);
  manifest.body.integrity.segments.pop();
  manifest.body.encryption.plaintextSize = 3 * MIB;
  // Keep the original root so that the policy binding passes: the truncation must be caught by the final flag.
  const { result } = await decryptWith(manifest, sealed.dataKey, sealed.segments);
  assert.equal(!result.ok && result.reason, 'segment-authentication-failed');
});

test('a segment from another object sealed under the same data key fails authentication', async () => {
  const sealed = await sealedPromise;
  const manifest = copy(sealed.manifest);
  manifest.body.objectId = 'urn:uuid:00000000-0000-4000-8000-000000000000';
  manifest.body.keyAccess = sealed.manifest.body.keyAccess;
  const { result } = await decryptWith(manifest, sealed.dataKey, sealed.segments);
  assert.equal(!result.ok && result.reason, 'policy-binding-invalid');
});

test('decryptSegments() refuses a missing or short segment', async () => {
  const sealed = await sealedPromise;
  const missing = new Map(sealed.segments);
  missing.delete(1);
  assert.equal(
    await decryptWith(sealed.manifest, sealed.dataKey, missing).then((r) => !r.result.ok && r.result.reason),
    'segment-missing',
  );
  const short = new Map(sealed.segments);
  short.set(3, (short.get(3) as Buffer).subarray(1));
  assert.equal(
    await decryptWith(sealed.manifest, sealed.dataKey, short).then((r) => !r.result.ok && r.result.reason),
    'segment-size-mismatch',
  );
});

test('decryptSegments() refuses a wrong data key', async () => {
  const sealed = await sealedPromise;
  const { result, emitted } = await decryptWith(sealed.manifest, Buffer.alloc(32, 9), sealed.segments);
  assert.equal(!result.ok && result.reason, 'policy-binding-invalid');
  assert.equal(emitted, 0);
});

test('verifyManifest() refuses any change to the signed body', async () => {
  const sealed = await sealedPromise;
  const edits: [string, (m: Manifest) => void][] = [
    ['createdAt', (m) => void (m.body.createdAt = '2030-01-01T00:00:00.000Z')],
    ['key service url', (m) => void (m.body.keyAccess[0]!.url = 'https://evil.example/keys')],
    [
      'label',
      (m) => void ((m.body.label.value as { classification: string }).classification = 'UNCLASSIFIED'),
    ],
    [
      'segment hash with root',
      (m) => {
        m.body.integrity.segments[0]!.hash = 'a'.repeat(64);
        m.body.integrity.root = merkleRoot(m.body.integrity.segments.map((s) => s.hash));
      },
    ],
  ];
  for (const [what, edit] of edits) {
    const manifest = copy(sealed.manifest);
    edit(manifest);
    const result = await verifyManifest(manifest, sealed);
    assert.equal(!result.ok && result.reason, 'manifest-signature-invalid', what);
  }
});

test('verifyManifest() refuses sizes that disagree with the segment list', async () => {
  const sealed = await sealedPromise;
  const manifest = copy(sealed.manifest);
  manifest.body.encryption.plaintextSize += 1;
  const result = await verifyManifest(manifest, sealed);
  assert.equal(!result.ok && result.reason, 'manifest-inconsistent');
});

test('verifyManifest() refuses a label changed and re-signed when its binding was not renewed', async () => {
  const sealed = await sealedPromise;
  const manifest = copy(sealed.manifest);
  (manifest.body.label.value as { classification: string }).classification = 'UNCLASSIFIED';
  const resigned = await signManifest(manifest.body, sealed.signingKey);
  const result = await verifyManifest(resigned, sealed);
  assert.equal(!result.ok && result.reason, 'label-binding-invalid');
});

test('a label swapped with a fresh binding and signature is still caught by the policy binding', async () => {
  const sealed = await sealedPromise;
  const manifest = copy(sealed.manifest);
  const label = { ...(manifest.body.label.value as object), classification: 'UNCLASSIFIED' };
  manifest.body.label = {
    value: label,
    binding: await sealed.labelBinder.bind({
      label,
      objectId: manifest.body.objectId,
      dataDigest: manifest.body.integrity.root,
      binder: manifest.body.owner,
    }),
  };
  const resigned = await signManifest(manifest.body, sealed.signingKey);
  assert.equal(
    (await verifyManifest(resigned, sealed)).ok,
    true,
    'a compromised signing key passes the signature checks',
  );
  const { result, emitted } = await decryptWith(resigned, sealed.dataKey, sealed.segments);
  assert.equal(!result.ok && result.reason, 'policy-binding-invalid');
  assert.equal(emitted, 0);
});

test('verifyManifest() refuses a signature by another key or an unknown signer', async () => {
  const sealed = await sealedPromise;
  const other = owner();
  const forged = await signManifest(copy(sealed.manifest).body, other.signingKey);
  assert.equal(
    await verifyManifest(forged, sealed).then((r) => !r.ok && r.reason),
    'manifest-signature-invalid',
  );
  const stranger = generateNodeSigningKey({ participant: 'urn:foedera:participant:XXX', kid: 'x' });
  const lookup = staticKeyLookup([
    { participant: 'urn:foedera:participant:XXX', kid: 'x', publicKey: stranger.publicKey },
  ]);
  const result = await verifyManifest(sealed.manifest, { lookup, labelBinder: sealed.labelBinder });
  assert.equal(!result.ok && result.reason, 'unknown-signer');
});

test('verifyManifest() refuses a malformed manifest or one for another object', async () => {
  const sealed = await sealedPromise;
  assert.equal(
    await verifyManifest({ body: 1 }, sealed).then((r) => !r.ok && r.reason),
    'malformed-manifest',
  );
  const extra = { ...copy(sealed.manifest), extra: true };
  assert.equal(await verifyManifest(extra, sealed).then((r) => !r.ok && r.reason), 'malformed-manifest');
  const result = await verifyManifest(sealed.manifest, { ...sealed, expectedObjectId: 'urn:uuid:other' });
  assert.equal(!result.ok && result.reason, 'unexpected-object');
});
