/**
 * The data plane plugged into a real node process: FRA's node serves an object it owns (sealed with its node key,
 * its data key under the master key in its home) on its protocol surface; DEU, over mutual TLS with its federation
 * certificate, fetches the manifest and every ciphertext segment and verifies them, and is refused a data key the
 * policy decision point does not permit, with the reason. The agreements are rows of the protocol module's tables.
 */
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, X509Certificate, randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { labelsModuleBinder } from '../../src/dataplane/format/label-binding.ts';
import type { Manifest } from '../../src/dataplane/format/manifest.ts';
import { sealObject } from '../../src/dataplane/format/seal-object.ts';
import { verifyManifest } from '../../src/dataplane/format/verify-manifest.ts';
import { staticKeyLookup, type NodeSigningKey } from '../../src/dataplane/keys/node-signing-key.ts';
import { acceptKeyResponse } from '../../src/dataplane/keys/obtain-data-key.ts';
import { KeyRequestBook } from '../../src/dataplane/keys/key-request-book.ts';
import { generateRecipientKeyPair, publishRecipientKeys } from '../../src/dataplane/keys/recipient-keys.ts';
import {
  loadOrCreateMasterKey,
  MASTER_KEY_FILE,
  RECIPIENT_KEY_FILE,
} from '../../src/dataplane/node/node-materials.ts';
import { saveOwnedObject } from '../../src/dataplane/service/owned-objects.ts';
import { loadNodeConfig } from '../../src/node/config/load-config.ts';
import { resolveInHome } from '../../src/node/read-material.ts';
import '../../src/protocol/store/tables.ts';
import { openBlobStore } from '../../src/store/blob/open.ts';
import { openMetadataStore } from '../../src/store/metadata/open.ts';
import { identityFromCertificate } from '../../src/trust/participant-identity.ts';
import {
  credentialsOf,
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  type Credentials,
  type NodeProcess,
} from './support/federation.ts';
import { insertFinalizedAgreement } from '../support/agreement-rows.ts';

const label = (releasableTo: string[]) => ({
  policy: 'NATO',
  classification: 'NATO RESTRICTED',
  categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: releasableTo }],
  originator: 'FRA',
  creationTime: '2026-11-26T05:00:00Z',
});

/** A node key's kid: its certificate's serial number in the form the node reads it (as CRL entries compare it). */
function serialOf(certificate: string): string {
  const identity = identityFromCertificate(certificate);
  assert.ok(identity.ok);
  return identity.value.serialNumber;
}

type Answer = { status: number; body: Buffer };

/** The user on whose behalf DEU's node asks, as DEU's node vouches for them. */
const DEU_ANALYST = {
  id: 'deu-analyst',
  nationality: 'DEU',
  clearances: [{ policy: 'NATO', classification: 'NATO SECRET' }],
  communities: [],
  roles: ['analyst'],
};

function call(url: string, credentials: Credentials, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: body === undefined ? 'GET' : 'POST',
        ...credentials,
        checkServerIdentity: () => undefined,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('the data plane of a node process', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let node: NodeProcess | undefined;
  let fraKeys: ReturnType<typeof staticKeyLookup>;
  const home = () => join(dir.path, 'FRA');
  type Owned = { manifest: Manifest; agreement: string; segments: Map<string, Buffer>; dataKey: Buffer };
  const objects: Record<string, Owned> = {};
  let fraSigner: NodeSigningKey;

  before(async () => {
    dir = await tempDir('dataplane');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU', 'ITA']);
    // FRA's node owns two objects before it starts: written with its own stores, node key and master key.
    const fra = await credentialsOf(home());
    const certificate = new X509Certificate(fra.cert);
    fraSigner = {
      participant: 'FRA',
      kid: serialOf(fra.cert),
      alg: 'ES384',
      privateKey: createPrivateKey(fra.key),
    };
    const master = await loadOrCreateMasterKey(join(home(), MASTER_KEY_FILE));
    const config = await loadNodeConfig(home());
    const store = await openMetadataStore({
      dataDir: resolveInHome(home(), `${config.store.dataDir}/metadata`),
    });
    const blobs = await openBlobStore({ dir: resolveInHome(home(), `${config.store.dataDir}/blobs`) });
    fraKeys = staticKeyLookup([{ participant: 'FRA', kid: fraSigner.kid, publicKey: certificate.publicKey }]);
    const labelBinder = labelsModuleBinder({ signingKey: fraSigner, lookup: fraKeys });
    try {
      for (const [name, releasableTo] of [
        ['shared', ['FRA', 'DEU']],
        ['national', ['FRA']],
      ] as const) {
        const datasetId = `urn:dataset:${name}`;
        const data = randomBytes(2_500_000);
        const segments = new Map<string, Buffer>();
        const sealed = await sealObject({
          source: (async function* () {
            yield data;
          })(),
          sink: async (segment) => {
            segments.set(segment.hash, Buffer.concat(segment.chunks));
            await blobs.put(Readable.from(segment.chunks), { sha256: segment.hash });
          },
          label: label([...releasableTo]),
          labelBinder,
          signingKey: fraSigner,
          keyServiceUrl: 'https://fra.example/dataplane/keys',
          now: new Date(),
          segmentSize: 1024 * 1024,
        });
        await saveOwnedObject(store.db, {
          manifest: sealed.manifest,
          datasetId,
          dataKey: sealed.dataKey,
          master,
        });
        const agreement = `urn:agreement:${name}`;
        const negotiation = `urn:uuid:${randomBytes(8).toString('hex')}`;
        await insertFinalizedAgreement(store.db, {
          agreementId: agreement,
          negotiationPid: negotiation,
          role: 'provider',
          provider: 'FRA',
          consumer: 'DEU',
          target: datasetId,
          counterpartyAddress: 'https://127.0.0.1:1/dsp',
        });
        objects[name] = { manifest: sealed.manifest, agreement, segments, dataKey: sealed.dataKey };
      }
    } finally {
      await store.close();
      await blobs.close();
    }
    node = await startNodeProcess(home());
  });

  after(async () => {
    await stopNodeProcess(node);
    await dir.remove();
  });

  const url = (path: string) => `${node?.run.protocolUrl}/dataplane${path}`;

  test('keeps the recipient key pair and master key it uses in its home, readable by the node only', async () => {
    for (const file of [MASTER_KEY_FILE, RECIPIENT_KEY_FILE]) {
      assert.equal((await stat(join(home(), file))).mode & 0o777, 0o600, file);
    }
  });

  test('serves an agreement consumer the manifest and every ciphertext segment over mutual TLS', async () => {
    const deu = await credentialsOf(join(dir.path, 'DEU'));
    const object = objects.shared!;
    const id = encodeURIComponent(object.manifest.body.objectId);
    const agreement = encodeURIComponent(object.agreement);
    const answer = await call(url(`/objects/${id}/manifest?agreement=${agreement}`), deu);
    assert.equal(answer.status, 200, answer.body.toString());
    const manifest = JSON.parse(answer.body.toString()) as unknown;
    assert.deepEqual(manifest, JSON.parse(JSON.stringify(object.manifest)));
    // DEU checks what it got against FRA's federation certificate, independently of the node.
    const verified = await verifyManifest(manifest, {
      lookup: fraKeys,
      labelBinder: labelsModuleBinder({ lookup: fraKeys }),
    });
    assert.ok(verified.ok, verified.ok ? '' : verified.detail);
    for (const entry of object.manifest.body.integrity.segments) {
      const segment = await call(url(`/objects/${id}/segments/${entry.hash}?agreement=${agreement}`), deu);
      assert.equal(segment.status, 200);
      assert.equal(createHash('sha256').update(segment.body).digest('hex'), entry.hash);
      assert.ok(segment.body.equals(object.segments.get(entry.hash)!));
    }
  });

  test('refuses the manifest to a participant the agreement is not assigned to', async () => {
    const ita = await credentialsOf(join(dir.path, 'ITA'));
    const object = objects.shared!;
    const id = encodeURIComponent(object.manifest.body.objectId);
    const answer = await call(
      url(`/objects/${id}/manifest?agreement=${encodeURIComponent(object.agreement)}`),
      ita,
    );
    assert.equal(answer.status, 403, answer.body.toString());
    assert.match(answer.body.toString(), /not-agreement-party/);
  });

  async function deuRecipient() {
    const deu = await credentialsOf(join(dir.path, 'DEU'));
    const keyPair = generateRecipientKeyPair({ participant: 'DEU', kid: 'deu-recipient-1' });
    const recipientKeys = await publishRecipientKeys({
      keyPair,
      signingKey: {
        participant: 'DEU',
        kid: serialOf(deu.cert),
        alg: 'ES384',
        privateKey: createPrivateKey(deu.key),
      },
      now: new Date(),
      validSeconds: 3600,
    });
    return { deu, keyPair, recipientKeys };
  }

  test('wraps the data key for the consumer when the decision point permits', async () => {
    const { deu, keyPair, recipientKeys } = await deuRecipient();
    const object = objects.shared!;
    const book = new KeyRequestBook({ clock: () => new Date() });
    const request = { objectId: object.manifest.body.objectId, agreementId: object.agreement };
    const answer = await call(url('/keys'), deu, {
      ...request,
      recipientKeys,
      nonce: book.issue(request),
      user: DEU_ANALYST,
    });
    assert.equal(answer.status, 200, answer.body.toString());
    const accepted = await acceptKeyResponse(answer.body.toString(), {
      owner: 'FRA',
      ...request,
      keyPair,
      lookup: fraKeys,
      book,
    });
    assert.ok(accepted.ok, accepted.ok ? '' : accepted.detail);
    assert.ok(accepted.value.dataKey.equals(object.dataKey));
  });

  test('refuses a data key the decision point does not permit, with its reason', async () => {
    const { deu, recipientKeys } = await deuRecipient();
    const object = objects.national!;
    const answer = await call(url('/keys'), deu, {
      objectId: object.manifest.body.objectId,
      agreementId: object.agreement,
      recipientKeys,
      nonce: randomBytes(16).toString('base64url'),
      user: DEU_ANALYST,
    });
    const body = JSON.parse(answer.body.toString()) as { type?: string; detail?: string };
    assert.equal(answer.status, 403, answer.body.toString());
    assert.match(String(body.type), /access-denied/);
    // Cleared for it, but the label does not release the object to DEU's nationals.
    assert.match(String(body.detail), /denied \(not-releasable(, not-releasable)*\)/);
  });
});
