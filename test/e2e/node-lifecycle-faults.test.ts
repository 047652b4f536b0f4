/**
 * A node that cannot start says why, naming the file: a damaged key or certificate, and a revocation list dated
 * far in the future (with which TLS would refuse every client).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FOEDERA_BIN } from '../../src/node/spawn-node.ts';
import { issueCrl } from '../../src/trust/crl.ts';
import { loadCa } from '../../src/trust/federation/load-ca.ts';
import { makeFederation, tempDir } from './support/federation.ts';

let dir: { path: string; remove: () => Promise<void> };
const home = () => join(dir.path, 'FRA');

before(async () => {
  dir = await tempDir('faults');
  await makeFederation(dir.path, 'E2E', ['FRA']);
});
after(() => dir.remove());

function start(): { status: number | null; stderr: string } {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return spawnSync(process.execPath, [FOEDERA_BIN, 'node', 'start', '--home', home()], {
    encoding: 'utf8',
    env: { ...env, FOEDERA_LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
}

/** Replaces `file` by `content` for one start, then puts it back. */
async function withFile(file: string, content: string, check: () => void): Promise<void> {
  const original = await readFile(file, 'utf8');
  await writeFile(file, content);
  try {
    check();
  } finally {
    await writeFile(file, original);
  }
}

const DAMAGED = (label: string) => `-----BEGIN ${label}-----\nAAAAnotDER\n-----END ${label}-----\n`;

test('a damaged node key or certificate stops the start with a message naming the file', async () => {
  const key = join(home(), 'node.key.pem');
  await withFile(key, DAMAGED('PRIVATE KEY'), () => {
    const result = start();
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`Cannot parse node key "${key}"`));
  });
  const certificate = join(home(), 'node.crt.pem');
  await withFile(certificate, DAMAGED('CERTIFICATE'), () => {
    const result = start();
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`Cannot parse node certificate "${certificate}"`));
  });
});

test('a revocation list dated an hour ahead stops the start with crl-not-yet-valid', async () => {
  const pem = await issueCrl(await loadCa(dir.path), { entries: [], now: new Date(Date.now() + 3_600_000) });
  await withFile(join(dir.path, 'crl.pem'), pem, () => {
    const result = start();
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /Cannot apply revocation list of ".*FRA": .*dated in the future/);
  });
});
