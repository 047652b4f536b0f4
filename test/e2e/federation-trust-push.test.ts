/**
 * Revocation lists reaching a node outside the shared federation directory (pushed by `foedera participant revoke`),
 * and lists dated in the future, which a node must not install early: OpenSSL would then refuse every client.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FOEDERA_BIN } from '../../src/node/spawn-node.ts';
import { issueCrl } from '../../src/trust/crl.ts';
import { loadCa } from '../../src/trust/federation/load-ca.ts';
import { readRegister } from '../../src/trust/federation/register.ts';
import { federationFiles } from '../../src/trust/federation/layout.ts';
import {
  callProtocol,
  credentialsOf,
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';

describe('a node outside the shared federation directory', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let away: { path: string; remove: () => Promise<void> };
  let deu: NodeProcess | undefined;
  const deuHome = () => join(away.path, 'DEU');
  const whoami = () => `${deu?.run.protocolUrl ?? ''}/federation/whoami`;

  before(async () => {
    dir = await tempDir('push');
    away = await tempDir('push-away');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU', 'EDA']);
    // DEU's home is elsewhere, with its own copy of the list: it never sees the federation's crl.pem change.
    await cp(join(dir.path, 'DEU'), deuHome(), { recursive: true });
    await cp(join(dir.path, 'crl.pem'), join(away.path, 'crl.pem'));
    deu = await startNodeProcess(deuHome());
  });

  after(async () => {
    await stopNodeProcess(deu);
    await Promise.all([dir.remove(), away.remove()]);
  });

  test('applies the list `foedera participant revoke --push` sends it within one second', async () => {
    const eda = await credentialsOf(join(dir.path, 'EDA'));
    const before = await callProtocol(whoami(), eda);
    assert.equal(before.refused, false);

    const revoke = spawnSync(
      process.execPath,
      [
        FOEDERA_BIN,
        'participant',
        'revoke',
        '--dir',
        dir.path,
        '--id',
        'EDA',
        '--push',
        deu?.run.protocolUrl ?? '',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(revoke.status, 0, revoke.stderr);
    assert.match(revoke.stdout, /Pushed to node \(https:\/\/127\.0\.0\.1:\d+\): applied/);
    const revokedAt = Date.now();
    await waitFor(async () => (await callProtocol(whoami(), eda)).refused, {
      timeoutMs: 1000,
      intervalMs: 25,
      what: 'the revoked client to be refused',
    });
    assert.ok(Date.now() - revokedAt <= 1000);
    assert.equal(await readFile(join(away.path, 'crl.pem'), 'utf8').then((t) => t.includes('CRL')), true);
    const fra = await callProtocol(whoami(), await credentialsOf(join(dir.path, 'FRA')));
    assert.equal(fra.refused, false, 'a participant not revoked is still admitted');
  });

  test('defers a list dated a few seconds ahead and keeps admitting clients until it is valid', async () => {
    const ca = await loadCa(dir.path);
    const register = await readRegister(federationFiles(dir.path).register);
    const entries = register.certificates
      .filter((e) => e.revokedAt !== undefined)
      .map((e) => ({ serialNumber: e.serialNumber, revokedAt: new Date(e.revokedAt ?? 0) }));
    const due = new Date((Math.floor(Date.now() / 1000) + 8) * 1000);
    const pem = await issueCrl(ca, { entries, now: due });
    await writeFile(join(away.path, 'future-crl.pem'), pem);

    const pushed = await push(pem);
    assert.equal(pushed.status, 202);
    assert.equal(pushed.body.outcome, 'deferred');
    const fra = await credentialsOf(join(dir.path, 'FRA'));
    // While the list waits, TLS still admits members: it was not handed to OpenSSL early.
    const meanwhile = await callProtocol(whoami(), fra);
    assert.equal(meanwhile.refused, false, meanwhile.refused ? meanwhile.error : '');
    assert.ok(Date.now() < due.getTime(), 'the check ran before the list became valid');

    await waitFor(
      async () => {
        const current = await callProtocol(`${deu?.run.protocolUrl ?? ''}/federation/crl`, fra);
        return !current.refused && current.body.trim() === pem.trim();
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the deferred list to be in force' },
    );
    assert.ok(Date.now() >= due.getTime(), 'the list was not installed before its thisUpdate');
    const after = await callProtocol(whoami(), fra);
    assert.equal(after.refused, false, 'members are admitted under the new list');
  });

  test('refuses a list dated an hour ahead with crl-not-yet-valid, and logs the reason', async () => {
    const ca = await loadCa(dir.path);
    const pem = await issueCrl(ca, { entries: [], now: new Date(Date.now() + 3_600_000) });
    const pushed = await push(pem);
    assert.equal(pushed.status, 422);
    assert.equal(pushed.body.code, 'crl-not-yet-valid');
    await waitFor(
      () =>
        (deu?.logs() ?? []).some(
          (l) => l.msg === 'Revocation list refused' && l.reason === 'crl-not-yet-valid',
        ),
      { timeoutMs: 5000, what: 'the refusal log line' },
    );
    const fra = await callProtocol(whoami(), await credentialsOf(join(dir.path, 'FRA')));
    assert.equal(fra.refused, false, 'the node still admits members');
  });

  /** PUT /federation/crl without a client certificate, as the CA operator pushes. */
  async function push(pem: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const { request } = await import('node:https');
    const ca = await readFile(join(dir.path, 'ca.crt.pem'), 'utf8');
    return new Promise((resolve, reject) => {
      const req = request(
        `${deu?.run.protocolUrl ?? ''}/federation/crl`,
        {
          method: 'PUT',
          agent: false,
          ca,
          checkServerIdentity: () => undefined,
          headers: { 'content-type': 'application/pkix-crl' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(pem);
    });
  }
});
