/**
 * Administration reaches the audit log of a real node process: a withdrawn dataset (`dataset.deleted`, in the
 * transaction of the delete), a user added or changed with `foedera user add` while the node runs or while it is
 * stopped (`user.added`/`user.changed`, from the identity provider's journal), and a participant revoked with
 * `foedera participant revoke` (`participant.revoked`, with the `crl-applied` trust event). A restart logs none
 * of them twice.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AuditEntry } from '../../src/audit/entry/entry.ts';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { FOEDERA_BIN } from '../../src/node/spawn-node.ts';
import { readRegister } from '../../src/trust/federation/register.ts';
import { normaliseSerial } from '../../src/trust/participant-identity.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';
import { managementCall, type ManagementInit } from './support/management.ts';

const ALICE = {
  nationality: 'FRA',
  clearances: { NATO: 'NATO SECRET' },
  coi: [],
  roles: ['publisher', 'auditor', 'operator'],
};
const START = { timeout: 300_000 };

function dataset(id: string) {
  return {
    id: `urn:uuid:${id}`,
    title: `Fuel consumption ${id}`,
    keywords: ['logistics'],
    distributions: [{ format: 'HttpData-PULL', mediaType: 'application/parquet' }],
    offers: [{ '@id': `urn:uuid:offer-${id}`, '@type': 'Offer', permission: [{ action: 'use' }] }],
    label: {
      policy: 'NATO',
      classification: 'NATO RESTRICTED',
      categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] }],
      originator: 'urn:foedera:participant:FRA',
      creationTime: '2026-11-26T05:00:00Z',
    },
  };
}

describe('administration in the audit log of a node process', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let node: NodeProcess | undefined;
  let token = '';
  const home = () => join(dir.path, 'FRA');
  const api = (path: string, init?: ManagementInit) => managementCall(node, token)(path, init);
  const entries = async (kind: string): Promise<AuditEntry[]> => {
    const response = await api(`/v1/audit/entries?limit=100&kind=${kind}`);
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as { entries: AuditEntry[] }).entries;
  };
  const foedera = (...args: string[]) => {
    const run = spawnSync(process.execPath, [FOEDERA_BIN, ...args], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  };
  const addBob = (nationality: string) =>
    foedera(
      'user',
      'add',
      '--home',
      home(),
      '--id',
      'bob',
      '--nationality',
      nationality,
      '--role',
      'analyst',
    );

  before(async () => {
    dir = await tempDir('audit-admin');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU', 'EDA']);
    await writeUserDirectory(join(home(), 'idp', 'users.json'), { users: { alice: ALICE } });
    node = await startNodeProcess(home());
    token = await issueUserToken({ home: home(), user: 'alice', ttl: '10m' });
  }, START);

  after(async () => {
    await stopNodeProcess(node);
    await dir.remove();
  });

  test('a withdrawn dataset is audited with who withdrew it and its label; a failed withdrawal is not', async () => {
    const published = await api('/v1/datasets', { method: 'POST', body: dataset('fuel') });
    assert.equal(published.status, 201, await published.clone().text());
    assert.equal((await api('/v1/datasets/urn:uuid:fuel', { method: 'DELETE' })).status, 204);
    assert.equal((await api('/v1/datasets/urn:uuid:fuel', { method: 'DELETE' })).status, 404);
    assert.equal((await api('/v1/datasets/urn:uuid:none', { method: 'DELETE' })).status, 404);
    const deleted = await entries('dataset.deleted');
    assert.equal(deleted.length, 1, JSON.stringify(deleted));
    assert.equal(deleted[0]?.actor, 'user:alice');
    assert.equal(deleted[0]?.subject, 'dataset:urn:uuid:fuel');
    assert.deepEqual(deleted[0]?.details, { dataset: 'urn:uuid:fuel', label: 'NATO RESTRICTED' });
  });

  test('a user added while the node runs is audited within seconds', async () => {
    addBob('FRA');
    await waitFor(async () => (await entries('user.added')).length === 1, {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'the user.added entry',
    });
    const [added] = await entries('user.added');
    assert.equal(added?.subject, 'user:bob');
    assert.match(added?.actor ?? '', /^operator:/);
    assert.deepEqual((added?.details as { attributes: unknown }).attributes, {
      nationality: 'FRA',
      clearances: {},
      coi: [],
      roles: ['analyst'],
    });
  });

  test('a revoked participant is audited with its serial, beside the crl-applied trust event', async () => {
    foedera('participant', 'revoke', '--dir', dir.path, '--id', 'EDA');
    const register = await readRegister(join(dir.path, 'ca', 'register.json'));
    const serial = normaliseSerial(
      register.certificates.find((e) => e.participantId === 'EDA')?.serialNumber ?? '',
    );
    await waitFor(async () => (await entries('participant.revoked')).length === 1, {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'the participant.revoked entry',
    });
    const [revoked] = await entries('participant.revoked');
    assert.deepEqual(revoked?.details.serials, [serial]);
    assert.deepEqual(revoked?.details.participants, ['EDA']);
    const events = (await (await api('/v1/trust/events?kind=crl-applied')).json()) as {
      events: { detail: { sha256: string; revoked: string[] } }[];
    };
    assert.ok(
      events.events.some(
        (e) => revoked?.subject === `revocation-list:${e.detail.sha256}` && e.detail.revoked.includes(serial),
      ),
      JSON.stringify(events),
    );
  });

  test(
    'a user changed while the node is stopped is audited at start; nothing is logged twice',
    START,
    async () => {
      await stopNodeProcess(node);
      addBob('DEU');
      node = await startNodeProcess(home());
      // The journal is carried into the log before the node serves.
      const changed = await entries('user.changed');
      assert.equal(changed.length, 1, JSON.stringify(changed));
      assert.equal(
        (changed[0]?.details as { attributes: { nationality: string } }).attributes.nationality,
        'DEU',
      );
      assert.equal((await entries('user.added')).length, 1);
      assert.equal((await entries('participant.revoked')).length, 1);
      assert.equal((await entries('dataset.deleted')).length, 1);
    },
  );
});
