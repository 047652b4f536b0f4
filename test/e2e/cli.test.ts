/**
 * The `foedera` command as an operator meets it: real processes, real files. Exit codes: 0 ok, 1 failure,
 * 2 usage error, 3 refused (src/cli/exit-codes.ts); errors are one line naming the field or the file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, stat, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FOEDERA_BIN } from '../../src/node/spawn-node.ts';
import { verifyCrl } from '../../src/trust/crl.ts';
import { identityFromCertificate } from '../../src/trust/participant-identity.ts';
import * as x509 from '../../src/trust/x509.ts';
import { tempDir } from './support/federation.ts';

function foedera(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return spawnSync(process.execPath, [FOEDERA_BIN, ...args], { encoding: 'utf8', env, timeout: 120_000 });
}

describe('the foedera command', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let fed = '';

  before(async () => {
    dir = await tempDir('cli');
    fed = join(dir.path, 'fed');
  });
  after(async () => dir.remove());

  test('federation create makes a CA, a signed revocation list and one home per participant', async () => {
    const result = foedera(
      'federation',
      'create',
      '--dir',
      fed,
      '--name',
      'CLI test',
      '--participants',
      'FRA,DEU,EDA',
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal((await stat(join(fed, 'ca', 'ca.key.pem'))).mode & 0o777, 0o600);
    const ca = new x509.X509Certificate(await readFile(join(fed, 'ca.crt.pem'), 'utf8'));
    const crl = await verifyCrl(await readFile(join(fed, 'crl.pem'), 'utf8'), ca);
    assert.ok(crl.ok && crl.value.revoked.size === 0);
    for (const id of ['FRA', 'DEU', 'EDA']) {
      assert.equal((await stat(join(fed, id, 'node.key.pem'))).mode & 0o777, 0o600);
      assert.equal((await stat(join(fed, id, 'idp', 'signing-key.pem'))).mode & 0o777, 0o600);
      const identity = identityFromCertificate(await readFile(join(fed, id, 'node.crt.pem'), 'utf8'));
      assert.ok(identity.ok && identity.value.participantId === id);
      const config = JSON.parse(await readFile(join(fed, id, 'foedera.json'), 'utf8')) as {
        protocol: { port: number };
      };
      assert.equal(config.protocol.port, 0);
    }
  });

  test('usage errors exit with 2 and one line naming the option', () => {
    const unknown = foedera(
      'federation',
      'create',
      '--dir',
      fed,
      '--name',
      'X',
      '--participants',
      'FRA',
      '--bogus',
    );
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown option '--bogus'/);
    const country = foedera(
      'federation',
      'create',
      '--dir',
      join(dir.path, 'x'),
      '--name',
      'X',
      '--participants',
      'FRA,ACME',
    );
    assert.equal(country.status, 2);
    assert.equal(
      country.stderr.trim(),
      'foedera: Cannot add participant "ACME": no known country for "ACME" (write ACME=DEU)',
    );
  });

  test('participant add admits a new participant; adding it twice is refused with 3', () => {
    const added = foedera('participant', 'add', '--dir', fed, '--id', 'ACME=NLD');
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /Participant ACME \(NL\) added/);
    const again = foedera('participant', 'add', '--dir', fed, '--id', 'ACME=NLD');
    assert.equal(again.status, 3);
    assert.match(again.stderr, /already in the federation register/);
  });

  test('participant revoke publishes a newer signed list naming the certificate', async () => {
    const ca = new x509.X509Certificate(await readFile(join(fed, 'ca.crt.pem'), 'utf8'));
    const before = await verifyCrl(await readFile(join(fed, 'crl.pem'), 'utf8'), ca);
    const result = foedera('participant', 'revoke', '--dir', fed, '--id', 'ACME');
    assert.equal(result.status, 0, result.stderr);
    const after = await verifyCrl(await readFile(join(fed, 'crl.pem'), 'utf8'), ca);
    const serial = identityFromCertificate(await readFile(join(fed, 'ACME', 'node.crt.pem'), 'utf8'));
    assert.ok(before.ok && after.ok && serial.ok);
    assert.ok(after.value.thisUpdate > before.value.thisUpdate);
    assert.ok(after.value.revoked.has(serial.value.serialNumber));
  });

  test('user add and token issue give a signed token; a bad clearance is a usage error', () => {
    const home = join(fed, 'FRA');
    const add = foedera(
      'user',
      'add',
      '--home',
      home,
      '--id',
      'alice',
      '--nationality',
      'FRA',
      '--clearance',
      'FRA:SECRET',
      '--clearance',
      'NATO:NATO SECRET',
      '--coi',
      'EUFOR',
      '--role',
      'analyst',
    );
    assert.equal(add.status, 0, add.stderr);
    const token = foedera('token', 'issue', '--home', home, '--user', 'alice', '--ttl', '10m');
    assert.equal(token.status, 0, token.stderr);
    const payload = JSON.parse(
      Buffer.from(token.stdout.trim().split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    assert.equal(payload.sub, 'alice');
    assert.deepEqual(payload['foedera:clearances'], { FRA: 'SECRET', NATO: 'NATO SECRET' });
    const bad = foedera(
      'user',
      'add',
      '--home',
      home,
      '--id',
      'bob',
      '--nationality',
      'FRA',
      '--clearance',
      'SECRET',
    );
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Invalid --clearance "SECRET": expected POLICY:LEVEL/);
    const unknownLevel = foedera(
      'user',
      'add',
      '--home',
      home,
      '--id',
      'bob',
      '--nationality',
      'FRA',
      '--clearance',
      'NATO:NATO-SECRET',
    );
    assert.equal(unknownLevel.status, 2);
    assert.match(unknownLevel.stderr, /policy NATO has no level "NATO-SECRET" \(.*"NATO SECRET"/);
  });

  test('node start with a bad config exits 2 naming the file and the field', async () => {
    const home = join(fed, 'DEU');
    const file = join(home, 'foedera.json');
    const config = JSON.parse(await readFile(file, 'utf8')) as { management: { port: unknown } };
    config.management.port = 'eighty';
    await writeFile(file, JSON.stringify(config));
    const result = foedera('node', 'start', '--home', home);
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr.trim(),
      `foedera: Invalid node config "${file}": field "management.port" must be integer`,
    );
  });

  test('node start with an unreadable or exposed key exits 1 naming the key file', async () => {
    const home = join(fed, 'EDA');
    const key = join(home, 'node.key.pem');
    await chmod(key, 0o644);
    const exposed = foedera('node', 'start', '--home', home);
    assert.equal(exposed.status, 1);
    assert.match(exposed.stderr, new RegExp(`Refusing node key "${key}": readable by group or others`));
    await writeFile(
      join(home, 'foedera.json'),
      (await readFile(join(home, 'foedera.json'), 'utf8')).replace('node.key.pem', 'gone.pem'),
    );
    const missing = foedera('node', 'start', '--home', home);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /Cannot read node key ".*gone\.pem": ENOENT/);
  });
});
