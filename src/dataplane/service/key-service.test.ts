import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { AuditEntry } from '../../audit/entry/entry.ts';
import { IN_MEMORY, openMetadataStore, type MetadataStore } from '../../store/metadata/open.ts';
import { err, ok } from '../../shared/result.ts';
import { OWNER, owner, pattern, sealBytes } from '../_internal/test-fixtures.ts';
import type { LabelBinder } from '../format/label-binding.ts';
import { KeyRequestBook } from '../keys/key-request-book.ts';
import { generateNodeSigningKey, staticKeyLookup } from '../keys/node-signing-key.ts';
import { acceptKeyResponse, openLease } from '../keys/obtain-data-key.ts';
import { generateRecipientKeyPair, publishRecipientKeys } from '../keys/recipient-keys.ts';
import { createKeyService, type KeyRequest } from './key-service.ts';
import { saveOwnedObject } from './owned-objects.ts';
import type { AgreementView } from './ports.ts';
import { policyDecision } from './policy-decision.ts';
import { appendAudit } from '../../audit/store/append.ts';
import { compilePolicy } from '../../policy/compile-policy.ts';
import type { User } from '../../policy/request.ts';

const DEU = 'urn:foedera:participant:DEU';
const ITA = 'urn:foedera:participant:ITA';
const T0 = new Date('2026-11-26T06:00:00Z');
const ANNA: User = {
  id: 'anna@deu',
  nationality: 'DEU',
  clearances: [{ policy: 'NATO', classification: 'NATO RESTRICTED' }],
  communities: [],
  roles: [],
};

let store: MetadataStore;
before(async () => {
  store = await openMetadataStore({ dataDir: IN_MEMORY });
});
after(async () => {
  await store.close();
});

async function setup(
  options: { agreement?: Partial<AgreementView>; permission?: unknown[]; labelBinder?: LabelBinder } = {},
) {
  const sealed = await sealBytes(pattern(2 * 1024 * 1024 + 10));
  const master = { kid: 'master-1', key: randomBytes(32) };
  const datasetId = `dataset:${randomBytes(4).toString('hex')}`;
  await saveOwnedObject(store.db, { manifest: sealed.manifest, datasetId, dataKey: sealed.dataKey, master });
  const deuNode = generateNodeSigningKey({ participant: DEU, kid: 'deu-1' });
  const itaNode = generateNodeSigningKey({ participant: ITA, kid: 'ita-1' });
  const participantKeys = staticKeyLookup([
    { participant: DEU, kid: 'deu-1', publicKey: deuNode.publicKey },
    { participant: ITA, kid: 'ita-1', publicKey: itaNode.publicKey },
  ]);
  const keyPair = generateRecipientKeyPair({ participant: DEU, kid: 'deu-kem-1' });
  const recipientKeys = await publishRecipientKeys({
    keyPair,
    signingKey: deuNode.signingKey,
    now: T0,
    validSeconds: 86400,
  });
  const agreement: AgreementView = {
    id: `agr-${randomBytes(4).toString('hex')}`,
    state: 'active',
    provider: OWNER,
    consumer: DEU,
    target: datasetId,
    ...options.agreement,
  };
  const agreements = new Map([[agreement.id, agreement]]);
  const audited: AuditEntry[] = [];
  const clock = { now: T0 };
  const service = createKeyService({
    store,
    signingKey: sealed.signingKey,
    master,
    agreements: async (id) => agreements.get(id),
    decide: policyDecision({
      policyOf: (view) => {
        const compiled = compilePolicy({
          '@id': view.id,
          '@type': 'Agreement',
          target: view.target,
          assigner: view.provider,
          assignee: view.consumer,
          permission: options.permission ?? [{ action: 'use' }],
        });
        return compiled.ok ? compiled.value : undefined;
      },
    }),
    audit: async (trx, entry) => {
      audited.push(await appendAudit(trx, entry));
    },
    labelBinder: options.labelBinder ?? sealed.labelBinder,
    participantKeys,
    clock: () => clock.now,
  });
  const book = new KeyRequestBook({ clock: () => clock.now });
  const objectId = sealed.manifest.body.objectId;
  const request = (extra: Partial<KeyRequest> = {}): KeyRequest => ({
    objectId,
    agreementId: agreement.id,
    subject: { participant: { id: DEU, country: 'DEU' }, user: ANNA },
    recipientKeys,
    nonce: book.issue({ objectId, agreementId: agreement.id }),
    ...extra,
  });
  const expected = {
    owner: OWNER,
    objectId,
    agreementId: agreement.id,
    keyPair,
    lookup: sealed.lookup,
    book,
  };
  return { sealed, service, request, expected, agreements, agreement, audited, clock, itaNode, keyPair };
}

test('requestKey() grants the data key, wrapped for the consumer, and audits decision and grant', async () => {
  const { sealed, service, request, expected, audited } = await setup();
  const grant = await service.requestKey(request());
  assert.equal(grant.ok, true, grant.ok ? '' : grant.detail);
  const opened = await acceptKeyResponse(grant.ok ? grant.value.response : '', expected);
  assert.deepEqual(opened.ok && opened.value.dataKey, sealed.dataKey);
  assert.deepEqual(
    audited.map((e) => e.kind),
    ['decision.permit', 'key.granted'],
  );
  assert.equal(audited[1]?.actor, 'user:anna@deu');
  assert.equal(
    audited[1]?.index,
    (audited[0]?.index ?? -2) + 1,
    'both entries are in the audit log, in order',
  );
});

test('requestKey() refuses every request after the agreement is revoked or terminated, naming the state', async () => {
  for (const state of ['revoked', 'terminated', 'suspended'] as const) {
    const { service, request, agreements, agreement, audited } = await setup();
    assert.equal((await service.requestKey(request())).ok, true);
    agreements.set(agreement.id, { ...agreement, state });
    const refused = await service.requestKey(request());
    assert.deepEqual(
      refused.ok ? undefined : [refused.reason, refused.refusal, refused.detail.includes(state)],
      ['agreement-not-active', `agreement-${state}`, true],
    );
    assert.deepEqual(
      [audited.at(-1)?.kind, audited.at(-1)?.details['refusal']],
      ['key.refused', `agreement-${state}`],
    );
  }
});

test('requestKey() refuses an object whose label binding does not verify as label-binding-mismatch', async () => {
  // Another key under the owner's key id: the binding the real owner made does not verify with it.
  const { service, request, audited } = await setup({ labelBinder: owner().labelBinder });
  const refused = await service.requestKey(request());
  assert.deepEqual(refused.ok ? undefined : [refused.reason, refused.refusal], [
    'access-denied',
    'label-binding-mismatch',
  ]);
  assert.deepEqual(
    (audited[0]?.details['reasons'] as { code: string }[]).map((reason) => reason.code),
    ['label-binding-invalid'],
  );
});

test('requestKey() refuses a participant that is not the agreement’s consumer', async () => {
  const { service, request, audited, itaNode } = await setup();
  const itaKeys = await publishRecipientKeys({
    keyPair: generateRecipientKeyPair({ participant: ITA, kid: 'ita-kem' }),
    signingKey: itaNode.signingKey,
    now: T0,
    validSeconds: 3600,
  });
  const refused = await service.requestKey(
    request({ subject: { participant: { id: ITA, country: 'ITA' } }, recipientKeys: itaKeys }),
  );
  assert.deepEqual(refused.ok ? undefined : [refused.reason, refused.refusal], [
    'not-agreement-party',
    'not-agreement-party',
  ]);
  assert.deepEqual(
    audited.map((e) => [e.kind, e.details['reason'], e.details['refusal']]),
    [['key.refused', 'not-agreement-party', 'not-agreement-party']],
  );
});

test('requestKey() refuses recipient keys signed for another participant than the requester', async () => {
  const { service, request, itaNode } = await setup();
  const foreign = await publishRecipientKeys({
    keyPair: generateRecipientKeyPair({ participant: ITA, kid: 'ita-kem' }),
    signingKey: itaNode.signingKey,
    now: T0,
    validSeconds: 3600,
  });
  const refused = await service.requestKey(request({ recipientKeys: foreign }));
  assert.equal(!refused.ok && refused.reason, 'recipient-keys-invalid');
});

test('requestKey() refuses when the decision point denies, and audits the denial with its reasons', async () => {
  const { service, request, audited } = await setup();
  const refused = await service.requestKey(
    request({ subject: { participant: { id: DEU, country: 'DEU' }, user: { ...ANNA, nationality: 'ITA' } } }),
  );
  assert.deepEqual(refused.ok ? undefined : [refused.reason, refused.refusal], [
    'access-denied',
    'not-releasable',
  ]);
  assert.deepEqual(
    audited.map((e) => e.kind),
    ['decision.deny', 'key.refused'],
  );
  const reasons = audited[0]?.details['reasons'] as { code: string }[];
  assert.deepEqual(
    reasons.map((reason) => reason.code),
    ['not-releasable'],
  );
});

test('requestKey() refuses an unknown object, an unknown agreement or one for another dataset', async () => {
  const { service, request } = await setup();
  assert.equal(
    await service.requestKey(request({ objectId: 'urn:uuid:nope' })).then((r) => !r.ok && r.reason),
    'unknown-object',
  );
  assert.equal(
    await service.requestKey(request({ agreementId: 'agr-nope' })).then((r) => !r.ok && r.reason),
    'unknown-agreement',
  );
  const other = await setup({ agreement: { target: 'dataset:other' } });
  assert.equal(
    await other.service.requestKey(other.request()).then((r) => !r.ok && r.reason),
    'agreement-not-for-object',
  );
});

test('a lease granted by the agreement opens offline until it ends, and revocation stops fresh grants', async () => {
  const { sealed, service, request, expected, agreements, agreement, clock } = await setup({
    agreement: { leaseSeconds: 3600 },
  });
  const grant = await service.requestKey(request());
  assert.ok(grant.ok && grant.value.leaseUntil?.getTime() === T0.getTime() + 3600_000);
  const jws = grant.ok ? grant.value.response : '';
  assert.equal((await acceptKeyResponse(jws, expected)).ok, true);
  agreements.set(agreement.id, { ...agreement, state: 'revoked' });
  clock.now = new Date(T0.getTime() + 600_000);
  assert.equal(await service.requestKey(request()).then((r) => !r.ok && r.reason), 'agreement-not-active');
  assert.deepEqual(await openLease(jws, { ...expected, now: clock.now }), ok(sealed.dataKey));
  const late = await openLease(jws, { ...expected, now: new Date(T0.getTime() + 3601_000) });
  assert.deepEqual(late.ok ? undefined : late.reason, err('lease-expired', '').reason);
});

test('requestKey() puts the stated purpose to the decision point and audits it with the decision', async () => {
  const { service, request, audited } = await setup({
    permission: [
      {
        action: 'use',
        constraint: [
          {
            leftOperand: 'purpose',
            operator: 'isAnyOf',
            rightOperand: ['demand-forecasting', 'logistics-planning'],
          },
        ],
      },
    ],
  });
  const granted = await service.requestKey(request({ purpose: 'logistics-planning' }));
  assert.equal(granted.ok, true, JSON.stringify(granted));
  assert.deepEqual(
    audited.map((e) => [e.kind, e.details['purpose']]),
    [
      ['decision.permit', 'logistics-planning'],
      ['key.granted', 'logistics-planning'],
    ],
  );
  const denied = async (purpose?: string) => {
    audited.length = 0;
    const refused = await service.requestKey(request(purpose === undefined ? {} : { purpose }));
    assert.equal(!refused.ok && refused.reason, 'access-denied');
    return (audited[0]?.details['reasons'] as { code: string }[]).map((reason) => reason.code);
  };
  assert.deepEqual(await denied('targeting'), ['purpose-not-permitted']);
  assert.equal(audited[0]?.details['purpose'], 'targeting');
  assert.deepEqual(await denied(), ['missing-context']);
});
