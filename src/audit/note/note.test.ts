import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromHex } from '../merkle/hash.ts';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { cosign, verifyCosignature, withSignature } from './cosignature.ts';
import {
  createSigner,
  formatVerifierKey,
  generateSigner,
  parseVerifierKey,
  privateKeyFromSeed,
  SIG_COSIGNATURE_V1,
  verifierOf,
} from './keys.ts';
import { formatNote, parseNote } from './note.ts';
import { openCheckpoint, signCheckpoint } from './signed-checkpoint.ts';
import { openCosignedCheckpoint } from './verify-cosigned.ts';

// The signed-note example of golang.org/x/mod/sumdb/note (data only): Ed25519 is deterministic, so a correct
// implementation reproduces the published signature byte for byte.
const PETER_SKEY_MATERIAL = 'AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_NOTE = `${PETER_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
// A published witness (type 0x04) verifier key, used to check the cosigner key ID derivation.
const COSIGNER_VKEY = 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2';

const peter = () => {
  const seed = new Uint8Array(Buffer.from(PETER_SKEY_MATERIAL, 'base64')).subarray(1);
  return createSigner({ name: 'PeterNeumann', privateKey: privateKeyFromSeed(seed) });
};

test('createSigner() reproduces the Go sumdb/note example key and signature byte for byte', () => {
  const signer = peter();
  assert.equal(formatVerifierKey(signer), PETER_VKEY);
  const signature = signer.sign(new TextEncoder().encode(PETER_TEXT));
  assert.equal(
    formatNote({ text: PETER_TEXT, signatures: [{ name: signer.name, keyId: signer.keyId, signature }] }),
    PETER_NOTE,
  );
});

test('parseNote() reads the example note and its signature verifies with the published key', () => {
  const note = parseNote(PETER_NOTE);
  assert.ok(note.ok);
  const verifier = parseVerifierKey(PETER_VKEY);
  const sig = note.value.signatures[0];
  assert.ok(sig !== undefined && sig.keyId === verifier.keyId);
  assert.ok(verifier.verify(new TextEncoder().encode(note.value.text), sig.signature));
  assert.ok(
    !verifier.verify(new TextEncoder().encode(note.value.text.replace('answer', 'Answer')), sig.signature),
  );
});

test('parseVerifierKey() reads a key whose base64 material contains a plus sign', () => {
  // Published by transparency-dev/formats (note/note_cosigv1_test.go), as data.
  const plus = parseVerifierKey('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6');
  assert.equal(plus.name, 'TEST');
  for (let i = 0; i < 20; i++) {
    const key = generateSigner({ name: `w${i}.example/witness`, type: SIG_COSIGNATURE_V1 });
    assert.equal(parseVerifierKey(formatVerifierKey(key)).keyId, key.keyId);
  }
});

test('parseVerifierKey() accepts a published cosigner key and refuses one whose key ID does not match', () => {
  const cosigner = parseVerifierKey(COSIGNER_VKEY);
  assert.equal(cosigner.type, SIG_COSIGNATURE_V1);
  assert.equal(formatVerifierKey(cosigner), COSIGNER_VKEY);
  assert.throws(() => parseVerifierKey(COSIGNER_VKEY.replace('da77ade7', 'da77ade8')), /does not match/);
});

test('parseNote() refuses notes without a blank line, with control characters or a bad signature line', () => {
  for (const bad of [
    PETER_TEXT,
    `${PETER_TEXT}\n— PeterNeumann !!!\n`,
    `a\u0007\n\n— k AAAAAAA=\n`,
    `${PETER_TEXT}\n- k AAAAAAA=\n`,
  ]) {
    assert.equal(parseNote(bad).ok, false, JSON.stringify(bad));
  }
});

const root = fromHex('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');

test('a checkpoint round-trips and opens with the log key, and not with another', () => {
  const log = generateSigner({ name: 'fra.foedera.example/audit' });
  const checkpoint = { origin: log.name, size: 8, root };
  assert.deepEqual(parseCheckpoint(formatCheckpoint(checkpoint)), { ok: true, value: checkpoint });
  const note = signCheckpoint(checkpoint, log);
  const opened = openCheckpoint(note, { logKey: verifierOf(log) });
  assert.ok(opened.ok);
  assert.equal(opened.value.checkpoint.size, 8);
  const other = generateSigner({ name: log.name });
  const refused = openCheckpoint(note, { logKey: verifierOf(other) });
  assert.equal(refused.ok ? 'ok' : refused.reason, 'not-signed-by-log');
});

test('openCheckpoint() names a forged log signature when the size is raised', () => {
  const log = generateSigner({ name: 'fra.foedera.example/audit' });
  const note = signCheckpoint({ origin: log.name, size: 8, root }, log).replace('\n8\n', '\n9\n');
  const opened = openCheckpoint(note, { logKey: verifierOf(log) });
  assert.equal(opened.ok ? 'ok' : opened.reason, 'forged-signature');
  assert.match(
    opened.ok ? '' : opened.detail,
    /size 9: signature of log key "fra.foedera.example\/audit" does not verify/,
  );
});

test('a witness cosignature verifies with its timestamp, and a forged one is named', () => {
  const log = generateSigner({ name: 'fra.foedera.example/audit' });
  const witness = generateSigner({ name: 'deu.foedera.example/witness', type: SIG_COSIGNATURE_V1 });
  const eve = generateSigner({ name: 'deu.foedera.example/witness', type: SIG_COSIGNATURE_V1 });
  const opened = openCheckpoint(signCheckpoint({ origin: log.name, size: 8, root }, log), {
    logKey: verifierOf(log),
  });
  assert.ok(opened.ok);
  const cosigned = withSignature(
    opened.value.note,
    cosign({ note: opened.value.note, witness, timestamp: 1764133200 }),
  );
  assert.deepEqual(verifyCosignature(cosigned, verifierOf(witness)), {
    ok: true,
    value: { timestamp: 1764133200 },
  });

  const full = openCosignedCheckpoint(formatNote(cosigned), {
    logKey: verifierOf(log),
    witnesses: [verifierOf(witness)],
  });
  assert.ok(full.ok);
  assert.deepEqual(full.value.cosigners, [{ name: witness.name, timestamp: 1764133200 }]);

  // Eve's key has the witness's name; her signature carries her key ID, so it is ignored, and the quorum fails.
  const byEve = withSignature(
    opened.value.note,
    cosign({ note: opened.value.note, witness: eve, timestamp: 1 }),
  );
  const noQuorum = openCosignedCheckpoint(formatNote(byEve), {
    logKey: verifierOf(log),
    witnesses: [verifierOf(witness)],
  });
  assert.equal(noQuorum.ok ? 'ok' : noQuorum.reason, 'quorum-not-met');

  // A cosignature with the right key ID whose timestamp was changed is a forgery, named as such.
  const sig = cosigned.signatures[1];
  assert.ok(sig !== undefined);
  const tampered = new Uint8Array(sig.signature);
  tampered[7] = (tampered[7] ?? 0) ^ 1;
  const forged = formatNote({
    text: cosigned.text,
    signatures: [cosigned.signatures[0]!, { ...sig, signature: tampered }],
  });
  const result = openCosignedCheckpoint(forged, {
    logKey: verifierOf(log),
    witnesses: [verifierOf(witness)],
  });
  assert.equal(result.ok ? 'ok' : result.reason, 'forged-signature');
  assert.match(result.ok ? '' : result.detail, /witness "deu.foedera.example\/witness"/);
});
