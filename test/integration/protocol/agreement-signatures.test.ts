/**
 * Agreements signed by both nodes, through the real shells and DSP routes: each side keeps both signatures with the
 * certificate that verifies each, and a signature that does not verify terminates the negotiation with its reason.
 * The signers use real Ed25519 keys; the stand-in certificate `certificate:<name>` names the key of that node.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { signAgreement, verifyAgreementSignature } from '../../../src/protocol/agreement-signature.ts';
import type { Agreement } from '../../../src/protocol/messages/odrl.ts';
import type { AgreementSigner } from '../../../src/protocol/service/deciders.ts';
import { getNegotiation, startNegotiation } from '../../../src/protocol/service/negotiations.ts';
import { createFederation, nodeOf, type Federation } from './harness.ts';

const keys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>(
  ['FRA', 'DEU'].map((name) => [name, generateKeyPairSync('ed25519')] as const),
);

function testSigner(name: string, options: { tamper?: boolean } = {}): AgreementSigner {
  const own = keys.get(name);
  if (own === undefined) throw new Error(`No key for ${name}`);
  return {
    sign: (agreement) =>
      signAgreement({
        // A dishonest or broken signer: its signature covers another agreement than the one it sends.
        agreement: options.tamper === true ? { ...agreement, target: 'urn:dataset:other' } : agreement,
        key: own.privateKey,
        alg: 'EdDSA',
        kid: name,
      }),
    verify: async ({ agreement, signature, certificate, participant }) => {
      if (signature === null || certificate !== `certificate:${participant}`) {
        return { ok: false, detail: `No signature of "${participant}" to verify` };
      }
      const key = keys.get(participant)?.publicKey;
      if (key === undefined) return { ok: false, detail: `Unknown participant "${participant}"` };
      const verified = await verifyAgreementSignature({ agreement, jws: signature, key });
      return verified.ok ? { ok: true } : { ok: false, detail: verified.detail };
    },
  };
}

const offer = { '@type': 'Offer' as const, '@id': 'urn:offer:d-7', target: 'urn:dataset:d-7' };

async function negotiate(f: Federation) {
  const deu = nodeOf(f, 'DEU');
  const { pid } = await startNegotiation(deu.deps, {
    provider: 'FRA',
    providerAddress: nodeOf(f, 'FRA').deps.address,
    offer: { ...offer, permission: [{ action: 'use' }] },
    actor: 'user:dora',
  });
  await f.pump();
  const consumer = await getNegotiation(deu.deps, { pid });
  assert.ok(consumer.ok);
  const providerPid = consumer.value.providerPid ?? '';
  const provider = await getNegotiation(nodeOf(f, 'FRA').deps, { pid: providerPid });
  assert.ok(provider.ok);
  return { pid, providerPid, consumer: consumer.value, provider: provider.value };
}

describe('agreements signed by both nodes', () => {
  const federations: Federation[] = [];
  after(async () => {
    for (const f of federations) await f.close();
  });

  test('both sides keep both signatures, each with the certificate that verifies it', async () => {
    const f = await createFederation({ names: ['FRA', 'DEU'], signerOf: (name) => testSigner(name) });
    federations.push(f);
    const { pid, providerPid, consumer, provider } = await negotiate(f);
    assert.deepEqual([consumer.state, provider.state], ['FINALIZED', 'FINALIZED']);
    for (const [name, own] of [
      ['DEU', pid],
      ['FRA', providerPid],
    ] as const) {
      const row = await nodeOf(f, name)
        .store.db.selectFrom('dsp_agreement')
        .selectAll()
        .where('negotiation_pid', '=', own)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.provider_certificate, row.consumer_certificate],
        ['certificate:FRA', 'certificate:DEU'],
      );
      for (const [jws, signer] of [
        [row.provider_signature, 'FRA'],
        [row.consumer_signature, 'DEU'],
      ] as const) {
        const verified = await verifyAgreementSignature({
          agreement: row.agreement as Agreement,
          jws: jws ?? '',
          key: keys.get(signer)?.publicKey as KeyObject,
        });
        assert.ok(verified.ok, `${name} keeps a valid ${signer} signature`);
      }
    }
  });

  test('a provider signature that does not cover the agreement terminates the negotiation with the reason', async () => {
    const f = await createFederation({
      names: ['FRA', 'DEU'],
      signerOf: (name) => testSigner(name, { tamper: name === 'FRA' }),
    });
    federations.push(f);
    const { consumer, provider, pid } = await negotiate(f);
    assert.deepEqual([consumer.state, provider.state], ['TERMINATED', 'TERMINATED']);
    const outcome = await nodeOf(f, 'DEU')
      .store.db.selectFrom('dsp_negotiation')
      .select('outcome')
      .where('pid', '=', pid)
      .executeTakeFirstOrThrow();
    assert.equal((outcome.outcome as { terminated: string }).terminated, 'invalid-agreement-signature');
  });

  test('a consumer that verifies without a valid signature is refused by the provider before it finalizes', async () => {
    const f = await createFederation({
      names: ['FRA', 'DEU'],
      signerOf: (name) => testSigner(name, { tamper: name === 'DEU' }),
    });
    federations.push(f);
    const { consumer, provider, providerPid } = await negotiate(f);
    assert.deepEqual([consumer.state, provider.state], ['TERMINATED', 'TERMINATED']);
    const outcome = await nodeOf(f, 'FRA')
      .store.db.selectFrom('dsp_negotiation')
      .select('outcome')
      .where('pid', '=', providerPid)
      .executeTakeFirstOrThrow();
    assert.equal((outcome.outcome as { terminated: string }).terminated, 'invalid-agreement-signature');
  });
});
