import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { unwrapDataKey, wrapDataKey, type WrapContext } from './key-wrap.ts';
import {
  exportRecipientKeyPair,
  generateRecipientKeyPair,
  importRecipientKeyPair,
  publishRecipientKeys,
  readRecipientKeys,
} from './recipient-keys.ts';
import { generateNodeSigningKey, staticKeyLookup } from './node-signing-key.ts';

const DEU = 'urn:foedera:participant:DEU';
const recipient = generateRecipientKeyPair({ participant: DEU, kid: 'deu-kem-1' });
const context: WrapContext = {
  objectId: 'urn:uuid:o-1',
  agreementId: 'agr-1',
  recipient: DEU,
  recipientKid: 'deu-kem-1',
};

test('unwrapDataKey() recovers the data key wrapped for this recipient', () => {
  const dataKey = randomBytes(32);
  const wrapped = wrapDataKey({ dataKey, recipientKey: recipient.publicKey, context });
  const result = unwrapDataKey({ wrapped, keyPair: recipient, context });
  assert.deepEqual(result, { ok: true, value: dataKey });
});

test('unwrapDataKey() refuses a key wrapped for another recipient key', () => {
  const other = generateRecipientKeyPair({ participant: DEU, kid: 'deu-kem-2' });
  const wrapped = wrapDataKey({
    dataKey: randomBytes(32),
    recipientKey: other.publicKey,
    context: { ...context, recipientKid: 'deu-kem-2' },
  });
  const result = unwrapDataKey({ wrapped, keyPair: recipient, context });
  assert.equal(!result.ok && result.reason, 'wrong-recipient-key');
  // The same key id on another key pair: decapsulation yields another secret and the tag fails.
  const impostor = { ...other, kid: 'deu-kem-1' };
  const forImpostor = wrapDataKey({ dataKey: randomBytes(32), recipientKey: impostor.publicKey, context });
  const second = unwrapDataKey({ wrapped: forImpostor, keyPair: recipient, context });
  assert.equal(!second.ok && second.reason, 'key-unwrap-failed');
});

test('unwrapDataKey() refuses the wrapped key under another object, agreement or recipient', () => {
  const wrapped = wrapDataKey({ dataKey: randomBytes(32), recipientKey: recipient.publicKey, context });
  for (const changed of [
    { objectId: 'urn:uuid:o-2' },
    { agreementId: 'agr-2' },
    { recipient: 'urn:foedera:participant:ITA' },
  ]) {
    const result = unwrapDataKey({ wrapped, keyPair: recipient, context: { ...context, ...changed } });
    assert.equal(!result.ok && result.reason, 'key-unwrap-failed', JSON.stringify(changed));
  }
});

test('unwrapDataKey() refuses any altered field of the wrapped key', () => {
  const wrapped = wrapDataKey({ dataKey: randomBytes(32), recipientKey: recipient.publicKey, context });
  const flip = (b64: string) => {
    const bytes = Buffer.from(b64, 'base64url');
    bytes[0] = (bytes[0] as number) ^ 1;
    return bytes.toString('base64url');
  };
  for (const field of ['encMlkem768', 'encX25519', 'iv', 'ciphertext'] as const) {
    const result = unwrapDataKey({
      wrapped: { ...wrapped, [field]: flip(wrapped[field]) },
      keyPair: recipient,
      context,
    });
    assert.equal(!result.ok && result.reason, 'key-unwrap-failed', field);
  }
});

test('readRecipientKeys() accepts the document its node signed and refuses a forged or expired one', async () => {
  const node = generateNodeSigningKey({ participant: DEU, kid: 'deu-1' });
  const lookup = staticKeyLookup([{ participant: DEU, kid: 'deu-1', publicKey: node.publicKey }]);
  const now = new Date('2026-11-26T06:00:00Z');
  const document = await publishRecipientKeys({
    keyPair: recipient,
    signingKey: node.signingKey,
    now,
    validSeconds: 3600,
  });
  const read = await readRecipientKeys(document, { lookup, now, participant: DEU });
  assert.equal(read.ok && read.value.kid, 'deu-kem-1');
  assert.deepEqual(
    read.ok && Buffer.from(read.value.publicKey.mlkem768),
    Buffer.from(recipient.publicKey.mlkem768),
  );
  const later = new Date(now.getTime() + 3601_000);
  assert.equal(
    await readRecipientKeys(document, { lookup, now: later, participant: DEU }).then(
      (r) => !r.ok && r.reason,
    ),
    'recipient-keys-expired',
  );
  const forger = generateNodeSigningKey({ participant: DEU, kid: 'deu-1' });
  const forged = await publishRecipientKeys({
    keyPair: recipient,
    signingKey: forger.signingKey,
    now,
    validSeconds: 3600,
  });
  assert.equal(
    await readRecipientKeys(forged, { lookup, now, participant: DEU }).then((r) => !r.ok && r.reason),
    'recipient-keys-invalid',
  );
  const asOther = await readRecipientKeys(document, {
    lookup,
    now,
    participant: 'urn:foedera:participant:ITA',
  });
  assert.equal(!asOther.ok && asOther.reason, 'recipient-keys-invalid');
});

test('importRecipientKeyPair() restores a key pair that unwraps what was wrapped for the original', () => {
  const restored = importRecipientKeyPair(exportRecipientKeyPair(recipient));
  const dataKey = randomBytes(32);
  const wrapped = wrapDataKey({ dataKey, recipientKey: recipient.publicKey, context });
  assert.deepEqual(unwrapDataKey({ wrapped, keyPair: restored, context }), { ok: true, value: dataKey });
});
