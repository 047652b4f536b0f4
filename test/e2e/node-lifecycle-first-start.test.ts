/**
 * A node process killed with SIGKILL during its very first start (while the embedded database is created, while
 * migrations run and key files are written) starts on the next try, with both stores readable.
 */
import assert from 'node:assert/strict';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { spawnNode } from '../../src/node/spawn-node.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import { makeFederation, startNodeProcess, stopNodeProcess, tempDir } from './support/federation.ts';

let dir: { path: string; remove: () => Promise<void> };
const home = () => join(dir.path, 'FRA');
const dataDir = () => join(home(), 'data');

before(async () => {
  dir = await tempDir('first-start');
  await makeFederation(dir.path, 'E2E', ['FRA']);
  await writeUserDirectory(join(home(), 'idp', 'users.json'), {
    users: { alice: { nationality: 'FRA', clearances: { FRA: 'SECRET' }, coi: [], roles: ['analyst'] } },
  });
});
after(() => dir.remove());

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function listData(): Promise<string[]> {
  return readdir(dataDir()).catch(() => []);
}

/** Starts a node and SIGKILLs it once `when` holds (checked every 10 ms); returns false if it got ready first. */
async function killWhen(what: string, when: () => Promise<boolean>): Promise<boolean> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const node = spawnNode({
    home: home(),
    // initdb itself, not a copy of the machine's cluster template (a fraction of a second), so that kills land in it.
    env: { ...env, FOEDERA_LOG_LEVEL: 'silent', FOEDERA_CLUSTER_TEMPLATE: 'off' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let ready = false;
  node.ready.then(
    () => (ready = true),
    () => undefined,
  );
  let exited = false;
  void node.exited.then(() => (exited = true));
  while (!ready && !exited && !(await when())) await new Promise((r) => setTimeout(r, 10));
  node.child.kill('SIGKILL');
  const code = await node.exited;
  assert.notEqual(exited && code !== 'SIGKILL', true, `the node exited by itself (${code}) during: ${what}`);
  return !ready;
}

test('SIGKILL at several moments of the first start leaves a home the next start runs on', async () => {
  const initialising = async () => (await listData()).some((n) => n.startsWith('.metadata.init-'));
  let since = 0;
  const moments: [string, () => Promise<boolean>][] = [
    ['the process has just started', async () => true],
    ['initdb has just begun', initialising],
    [
      'initdb has run for a while',
      async () => {
        if (!(await initialising())) return false;
        since ||= Date.now();
        return Date.now() - since > 1500;
      },
    ],
    ['the cluster is in place (migrations, keys)', () => exists(join(dataDir(), 'metadata', 'PG_VERSION'))],
  ];
  let killedDuringStart = 0;
  for (const [what, when] of moments) {
    since = 0;
    if (await killWhen(what, when)) killedDuringStart++;
  }
  assert.ok(killedDuringStart >= 3, `only ${killedDuringStart} kills landed before the node was ready`);

  const node = await startNodeProcess(home());
  try {
    const api = (path: string, token?: string) =>
      fetch(
        `${node.run.managementUrl}${path}`,
        token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
      );
    assert.equal((await api('/readyz')).status, 200);
    const token = await issueUserToken({ home: home(), user: 'alice', ttl: '5m' });
    const events = (await (await api('/v1/trust/events?kind=crl-applied&limit=10', token)).json()) as {
      events: { detail: { sha256: string } }[];
    };
    assert.ok(events.events.length > 0, 'the revocation list applied at start was recorded');
    for (const event of events.events) {
      const crl = await api(`/v1/trust/crl/${event.detail.sha256}`, token);
      assert.equal(crl.status, 200, 'the blob store holds every list the event log names');
    }
    assert.deepEqual(
      (await listData()).filter((n) => n.startsWith('.metadata.init')),
      [],
      'no temporary cluster is left beside the store',
    );
  } finally {
    await stopNodeProcess(node);
  }
});
