/**
 * Two nodes of one federation, as real processes on real sockets: they talk over mutual TLS; clients of another
 * federation, without a certificate, with an expired certificate, or revoked while the node runs are refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { request as httpsRequest, Agent } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FOEDERA_BIN } from '../../src/node/spawn-node.ts';
import { issueParticipantCertificate } from '../../src/trust/certificates.ts';
import { loadCa } from '../../src/trust/federation/load-ca.ts';
import { generateKeyPair, privateKeyToPem } from '../../src/trust/keys.ts';
import { issueUserToken } from '../../src/cli/commands/token.ts';
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
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';

describe('a federation of two running nodes', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let fra: NodeProcess | undefined;
  let deu: NodeProcess | undefined;

  before(async () => {
    dir = await tempDir('mtls');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU', 'EDA']);
    await writeUserDirectory(join(dir.path, 'FRA', 'idp', 'users.json'), {
      users: { alice: { nationality: 'FRA', clearances: { FRA: 'SECRET' }, coi: [], roles: ['operator'] } },
    });
    [fra, deu] = await Promise.all([
      startNodeProcess(join(dir.path, 'FRA')),
      startNodeProcess(join(dir.path, 'DEU')),
    ]);
  });

  after(async () => {
    await Promise.all([stopNodeProcess(fra), stopNodeProcess(deu)]);
    await dir.remove();
  });

  const deuWhoami = () => `${deu?.run.protocolUrl ?? ''}/federation/whoami`;
  const refusals = (node: NodeProcess | undefined) =>
    (node?.logs() ?? []).filter((l) => l.msg === 'TLS client refused').map((l) => l.reason);

  test('node FRA calls node DEU over mutual TLS and each sees the other participant', async () => {
    const token = await issueUserToken({ home: join(dir.path, 'FRA'), user: 'alice', ttl: '5m' });
    const response = await fetch(`${fra?.run.managementUrl}/v1/federation/probe`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: deu?.run.protocolUrl, participant: 'DEU' }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { peer: string; answer: { participant: string; caller: string } };
    assert.equal(body.peer, 'DEU');
    assert.deepEqual(body.answer, { participant: 'DEU', federation: 'E2E', caller: 'FRA' });
  });

  test('a probe that expects another participant than the server is refused with 502', async () => {
    const token = await issueUserToken({ home: join(dir.path, 'FRA'), user: 'alice', ttl: '5m' });
    const response = await fetch(`${fra?.run.managementUrl}/v1/federation/probe`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: deu?.run.protocolUrl, participant: 'EDA' }),
    });
    assert.equal(response.status, 502);
    assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.match(((await response.json()) as { detail: string }).detail, /server is "DEU", expected "EDA"/);
  });

  test('a client without a certificate is refused and the node logs no-certificate', async () => {
    const { ca } = await credentialsOf(join(dir.path, 'FRA'));
    const result = await callProtocol(deuWhoami(), { ca });
    assert.equal(result.refused, true);
    await waitFor(() => refusals(deu).includes('no-certificate'), {
      timeoutMs: 5000,
      what: 'the refusal log line',
    });
  });

  test('a client certified by another federation is refused and the node logs unknown-ca', async () => {
    const other = await tempDir('other');
    try {
      await makeFederation(other.path, 'Other', ['FRA']);
      const foreign = await credentialsOf(join(other.path, 'FRA'));
      const { ca } = await credentialsOf(join(dir.path, 'FRA'));
      const result = await callProtocol(deuWhoami(), { key: foreign.key, cert: foreign.cert, ca });
      assert.equal(result.refused, true);
      await waitFor(() => refusals(deu).includes('unknown-ca'), {
        timeoutMs: 5000,
        what: 'the refusal log line',
      });
    } finally {
      await other.remove();
    }
  });

  test('a client with an expired certificate of the federation is refused and the node logs expired', async () => {
    const ca = await loadCa(dir.path);
    const keys = await generateKeyPair();
    const day = 86_400_000;
    const certificate = await issueParticipantCertificate(ca, {
      participantId: 'FRA',
      country: { alpha2: 'FR', alpha3: 'FRA' },
      federation: 'E2E',
      publicKey: keys.publicKey,
      hosts: ['localhost'],
      notBefore: new Date(Date.now() - 10 * day),
      notAfter: new Date(Date.now() - day),
    });
    const result = await callProtocol(deuWhoami(), {
      key: await privateKeyToPem(keys.privateKey),
      cert: certificate.toString('pem'),
      ca: ca.certificate.toString('pem'),
    });
    assert.equal(result.refused, true);
    await waitFor(() => refusals(deu).includes('expired'), { timeoutMs: 5000, what: 'the refusal log line' });
  });

  test('a participant revoked while the node runs is refused within one second, without restart', async () => {
    const eda = await credentialsOf(join(dir.path, 'EDA'));
    const before = await callProtocol(deuWhoami(), eda);
    assert.deepEqual(before.refused ? before : JSON.parse(before.body), {
      participant: 'DEU',
      federation: 'E2E',
      caller: 'EDA',
    });
    // A kept-alive connection opened before the revocation must not survive it either.
    const agent = new Agent({
      keepAlive: true,
      key: eda.key,
      cert: eda.cert,
      ca: eda.ca,
      checkServerIdentity: () => undefined,
    });
    const kept = await new Promise<{ closed: Promise<void> }>((resolve, reject) => {
      const req = httpsRequest(deuWhoami(), { agent }, (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ closed: new Promise((done) => req.socket?.once('close', () => done())) }),
        );
      });
      req.on('error', reject);
      req.end();
    });

    const revoke = spawnSync(
      process.execPath,
      [FOEDERA_BIN, 'participant', 'revoke', '--dir', dir.path, '--id', 'EDA'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(revoke.status, 0, revoke.stderr);
    const revokedAt = Date.now();
    await waitFor(async () => (await callProtocol(deuWhoami(), eda)).refused, {
      timeoutMs: 1000,
      intervalMs: 25,
      what: 'the revoked client to be refused',
    });
    assert.ok(Date.now() - revokedAt <= 1000);
    await Promise.race([
      kept.closed,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('kept-alive connection still open')), 1000),
      ),
    ]);
    agent.destroy();
    await waitFor(() => refusals(deu).includes('revoked'), { timeoutMs: 5000, what: 'the refusal log line' });
    assert.equal(deu?.child.exitCode, null, 'the node kept running');
    // Members not revoked are still admitted.
    const fraCredentials = await credentialsOf(join(dir.path, 'FRA'));
    const still = await callProtocol(deuWhoami(), fraCredentials);
    assert.equal(still.refused, false);
  });
});
