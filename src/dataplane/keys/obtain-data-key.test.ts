import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { KeyRequestBook } from './key-request-book.ts';
import { signKeyResponse } from './key-response.ts';
import { wrapDataKey } from './key-wrap.ts';
import { generateNodeSigningKey, staticKeyLookup } from './node-signing-key.ts';
import { acceptKeyResponse, openLease } from './obtain-data-key.ts';
import { generateRecipientKeyPair } from './recipient-keys.ts';

const FRA = 'urn:foedera:participant:FRA';
const DEU = 'urn:foedera:participant:DEU';
const owner = generateNodeSigningKey({ participant: FRA, kid: 'fra-1' });
const lookup = staticKeyLookup([{ participant: FRA, kid: 'fra-1', publicKey: owner.publicKey }]);
const keyPair = generateRecipientKeyPair({ participant: DEU, kid: 'deu-kem-1' });
const objectId = 'urn:uuid:o-1';
const agreementId = 'agr-1';
const T0 = new Date('2026-11-26T06:00:00Z');

function setup(now = { value: T0 }) {
  const book = new KeyRequestBook({ clock: () => now.value, ttlSeconds: 60 });
  const dataKey = randomBytes(32);
  const respond = (nonce: string, extra: { sub?: string; exp?: number; lease?: { notAfter: number } } = {}) =>
    signKeyResponse(
      {
        sub: extra.sub ?? DEU,
        objectId,
        agreementId,
        nonce,
        iat: T0.getTime() / 1000,
        exp: extra.exp ?? T0.getTime() / 1000 + 60,
        wrappedKey: wrapDataKey({
          dataKey,
          recipientKey: keyPair.publicKey,
          context: { objectId, agreementId, recipient: DEU, recipientKid: keyPair.kid },
        }),
        ...(extra.lease === undefined ? {} : { lease: extra.lease }),
      },
      owner.signingKey,
    );
  const expected = { owner: FRA, objectId, agreementId, keyPair, lookup, book };
  return { book, dataKey, respond, expected, now };
}

test('acceptKeyResponse() unwraps a fresh answer to this node’s request', async () => {
  const { book, dataKey, respond, expected } = setup();
  const jws = await respond(book.issue({ objectId, agreementId }));
  const result = await acceptKeyResponse(jws, expected);
  assert.deepEqual(result.ok && result.value.dataKey, dataKey);
});

test('acceptKeyResponse() refuses the same answer replayed', async () => {
  const { book, respond, expected } = setup();
  const jws = await respond(book.issue({ objectId, agreementId }));
  assert.equal((await acceptKeyResponse(jws, expected)).ok, true);
  const again = await acceptKeyResponse(jws, expected);
  assert.equal(!again.ok && again.reason, 'replayed-key-response');
  const unknownNonce = await acceptKeyResponse(await respond('A'.repeat(24)), expected);
  assert.equal(!unknownNonce.ok && unknownNonce.reason, 'replayed-key-response');
});

test('acceptKeyResponse() refuses an expired answer', async () => {
  const now = { value: T0 };
  const { book, respond, expected } = setup(now);
  const jws = await respond(book.issue({ objectId, agreementId }));
  now.value = new Date(T0.getTime() + 61_000);
  const result = await acceptKeyResponse(jws, expected);
  assert.equal(!result.ok && result.reason, 'key-response-expired');
});

test('acceptKeyResponse() refuses an answer addressed to another participant or signed by another node', async () => {
  const { book, respond, expected } = setup();
  const toOther = await respond(book.issue({ objectId, agreementId }), {
    sub: 'urn:foedera:participant:ITA',
  });
  assert.equal(await acceptKeyResponse(toOther, expected).then((r) => !r.ok && r.reason), 'wrong-recipient');
  const impostor = generateNodeSigningKey({ participant: FRA, kid: 'fra-1' });
  const forged = await signKeyResponse(
    {
      sub: DEU,
      objectId,
      agreementId,
      nonce: book.issue({ objectId, agreementId }),
      iat: 0,
      exp: 2e9,
      wrappedKey: wrapDataKey({
        dataKey: randomBytes(32),
        recipientKey: keyPair.publicKey,
        context: { objectId, agreementId, recipient: DEU, recipientKid: keyPair.kid },
      }),
    },
    impostor.signingKey,
  );
  assert.equal(
    await acceptKeyResponse(forged, expected).then((r) => !r.ok && r.reason),
    'key-response-invalid',
  );
  const wrongObject = await acceptKeyResponse(await respond(book.issue({ objectId, agreementId })), {
    ...expected,
    objectId: 'urn:uuid:o-2',
  });
  assert.equal(!wrongObject.ok && wrongObject.reason, 'key-response-mismatch');
});

test('openLease() opens offline until the lease ends, then refuses', async () => {
  const { book, dataKey, respond, expected } = setup();
  const notAfter = T0.getTime() / 1000 + 3600;
  const jws = await respond(book.issue({ objectId, agreementId }), { lease: { notAfter } });
  assert.equal((await acceptKeyResponse(jws, expected)).ok, true);
  const within = await openLease(jws, { ...expected, now: new Date(T0.getTime() + 1800_000) });
  assert.deepEqual(within, { ok: true, value: dataKey });
  const after = await openLease(jws, { ...expected, now: new Date(notAfter * 1000) });
  assert.equal(!after.ok && after.reason, 'lease-expired');
});

test('openLease() refuses an answer that carries no lease', async () => {
  const { book, respond, expected } = setup();
  const jws = await respond(book.issue({ objectId, agreementId }));
  const result = await openLease(jws, { ...expected, now: T0 });
  assert.equal(!result.ok && result.reason, 'no-lease');
});
