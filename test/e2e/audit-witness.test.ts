/**
 * Two node processes witness each other's audit logs over mutual TLS once their operators pin each other's audit
 * keys in `audit/peers.json`: each cosigns the other's checkpoint, and the cosigned checkpoint verifies with the
 * log's key and the witness's key as the peers publish them.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import { parseVerifierKey } from '../../src/audit/note/keys.ts';
import { openCosignedCheckpoint } from '../../src/audit/note/verify-cosigned.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';

const USER = { nationality: 'FRA', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['auditor'] };
const IDS = ['FRA', 'DEU'] as const;
type Id = (typeof IDS)[number];
type Keys = { log: string; witness: string };

describe('two node processes witnessing each other', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const nodes = new Map<Id, NodeProcess>();
  const tokens = new Map<Id, string>();
  const keys = new Map<Id, Keys>();
  const api = async (id: Id, path: string) =>
    fetch(`${nodes.get(id)?.run.managementUrl}${path}`, {
      headers: { authorization: `Bearer ${tokens.get(id)}` },
    });

  before(async () => {
    dir = await tempDir('audit-witness');
    await makeFederation(dir.path, 'E2E', IDS);
    for (const id of IDS) {
      await writeUserDirectory(join(dir.path, id, 'idp', 'users.json'), { users: { alice: USER } });
      // Short intervals (the node config's audit settings): the defaults (10 s, 15 s) made each wait a round or two.
      const file = join(dir.path, id, 'foedera.json');
      const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      config['audit'] = { checkpointIntervalMs: 500, witnessIntervalMs: 1000 };
      await writeFile(file, JSON.stringify(config, null, 2));
    }
    const started = await Promise.all(IDS.map((id) => startNodeProcess(join(dir.path, id))));
    IDS.forEach((id, i) => nodes.set(id, started[i] as NodeProcess));
    for (const id of IDS) {
      tokens.set(id, await issueUserToken({ home: join(dir.path, id), user: 'alice', ttl: '10m' }));
      keys.set(id, (await (await api(id, '/v1/audit/keys')).json()) as Keys);
    }
    // Each operator pins the other node's audit keys and protocol URL.
    for (const [self, other] of [
      ['FRA', 'DEU'],
      ['DEU', 'FRA'],
    ] as const) {
      const peerKeys = keys.get(other) as Keys;
      const peers = [
        {
          participant: other,
          url: `${nodes.get(other)?.run.protocolUrl}/audit`,
          logKey: peerKeys.log,
          witnessKey: peerKeys.witness,
        },
      ];
      await writeFile(join(dir.path, self, 'audit', 'peers.json'), JSON.stringify({ peers }));
    }
  });

  after(async () => {
    await Promise.all([...nodes.values()].map((node) => stopNodeProcess(node)));
    await dir.remove();
  });

  for (const [log, witness] of [
    ['FRA', 'DEU'],
    ['DEU', 'FRA'],
  ] as const) {
    test(`${witness} cosigns the checkpoint of ${log}, and the cosignature verifies with ${witness}'s key`, async () => {
      const logKey = parseVerifierKey(keys.get(log)?.log ?? '');
      const witnessKey = parseVerifierKey(keys.get(witness)?.witness ?? '');
      let note = '';
      await waitFor(
        async () => {
          const response = await api(log, '/v1/audit/checkpoint');
          note = response.status === 200 ? await response.text() : '';
          return note !== '' && openCosignedCheckpoint(note, { logKey, witnesses: [witnessKey] }).ok;
        },
        { timeoutMs: 120_000, intervalMs: 500, what: `${witness}'s cosignature on ${log}'s checkpoint` },
      );
      const opened = openCosignedCheckpoint(note, { logKey, witnesses: [witnessKey] });
      assert.ok(opened.ok, opened.ok ? '' : opened.detail);
      assert.ok(opened.value.checkpoint.size >= 1);
      // The witness records the log's size it verified.
      const seen = (await (await api(witness, '/v1/audit/peers')).json()) as {
        peers: { participant: string; size: number | null }[];
      };
      const entry = seen.peers.find((p) => p.participant === log);
      assert.ok(entry !== undefined && entry.size !== null && entry.size >= 1);
      // No fork was raised by honest logs.
      const alarms = (await (await api(witness, '/v1/audit/alarms')).json()) as { alarms: unknown[] };
      assert.deepEqual(alarms.alarms, []);
    });
  }
});
