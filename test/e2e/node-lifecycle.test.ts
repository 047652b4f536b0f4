/**
 * One node through its life, as a real process: run.json, health and discovery documents, the management API's
 * token checks, SIGKILL in the middle of writes followed by a restart on the same stores, and a clean SIGTERM.
 */
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { issueCrl } from '../../src/trust/crl.ts';
import { loadCa } from '../../src/trust/federation/load-ca.ts';
import { loadIdpKey } from '../../src/trust/tokens/idp-key.ts';
import { issueToken } from '../../src/trust/tokens/issue-token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import {
  callProtocol,
  credentialsOf,
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  type NodeProcess,
} from './support/federation.ts';

const ALICE = {
  nationality: 'FRA',
  clearances: { FRA: 'SECRET', NATO: 'NATO SECRET' },
  coi: ['EUFOR'],
  roles: ['analyst'],
};

describe('a node process', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let node: NodeProcess | undefined;
  const home = () => join(dir.path, 'FRA');
  const api = (path: string, token?: string) =>
    fetch(
      `${node?.run.managementUrl}${path}`,
      token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
    );

  before(async () => {
    dir = await tempDir('life');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU']);
    await writeUserDirectory(join(home(), 'idp', 'users.json'), { users: { alice: ALICE } });
    await writeUserDirectory(join(dir.path, 'DEU', 'idp', 'users.json'), { users: { alice: ALICE } });
    node = await startNodeProcess(home());
  });

  after(async () => {
    await stopNodeProcess(node);
    await dir.remove();
  });

  test('writes run.json with its pid and the URLs it actually listens on', async () => {
    const run = JSON.parse(await readFile(join(home(), 'run.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(run.pid, node?.child.pid);
    assert.equal(run.participantId, 'FRA');
    assert.match(String(run.protocolUrl), /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(String(run.managementUrl), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await api('/healthz')).status, 200);
    const ready = await api('/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { ready: true, checks: { metadata: 'ok' } });
  });

  test('publishes OpenAPI 3.1, OIDC discovery, its key set and Prometheus metrics without a token', async () => {
    const openapi = (await (await api('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.equal(openapi.openapi, '3.1.0');
    assert.ok('/v1/me' in openapi.paths && '/v1/federation/probe' in openapi.paths);
    const discovery = (await (await api('/.well-known/openid-configuration')).json()) as Record<
      string,
      string
    >;
    assert.equal(discovery.issuer, 'urn:foedera:idp:FRA');
    assert.equal(discovery.jwks_uri, `${node?.run.managementUrl}/.well-known/jwks.json`);
    const jwks = (await (await fetch(discovery.jwks_uri ?? '')).json()) as {
      keys: { kty: string; crv: string }[];
    };
    assert.deepEqual(
      jwks.keys.map((k) => [k.kty, k.crv]),
      [['EC', 'P-384']],
    );
    const metrics = await api('/metrics');
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(await metrics.text(), /^process_resident_memory_bytes \d+$/m);
  });

  test('the management API accepts a valid token of its own identity provider', async () => {
    const token = await issueUserToken({ home: home(), user: 'alice', ttl: '5m' });
    const response = await api('/v1/me', token);
    assert.equal(response.status, 200);
    const me = (await response.json()) as Record<string, unknown>;
    assert.equal(me.subject, 'alice');
    assert.equal(me.participant, 'FRA');
    assert.deepEqual(me.clearances, ALICE.clearances);
  });

  const refusals: [string, () => Promise<string | undefined>, string][] = [
    ['a missing token', async () => undefined, 'token-missing'],
    ['a malformed token', async () => 'not.a-jwt', 'token-malformed'],
    [
      'an expired token',
      async () => {
        const config = JSON.parse(await readFile(join(home(), 'foedera.json'), 'utf8')) as {
          idp: { issuer: string; audience: string };
        };
        return issueToken({
          key: await loadIdpKey(join(home(), 'idp', 'signing-key.pem')),
          issuer: config.idp.issuer,
          audience: config.idp.audience,
          participant: 'FRA',
          subject: 'alice',
          attributes: ALICE,
          ttlSeconds: 60,
          now: new Date(Date.now() - 3_600_000),
        });
      },
      'token-expired',
    ],
    [
      'a token of another node',
      () => issueUserToken({ home: join(dir.path, 'DEU'), user: 'alice', ttl: '5m' }),
      'token-invalid',
    ],
  ];
  for (const [what, make, code] of refusals) {
    test(`the management API answers ${what} with 401 and a problem document (${code})`, async () => {
      const response = await api('/v1/me', await make());
      assert.equal(response.status, 401);
      assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/);
      const problem = (await response.json()) as { status: number; code: string; type: string };
      assert.equal(problem.status, 401);
      assert.equal(problem.code, code);
      assert.equal(problem.type, `urn:foedera:problem:${code}`);
    });
  }

  test('SIGKILL in the middle of writes leaves both stores readable on restart', async () => {
    const ca = await loadCa(dir.path);
    const fra = await credentialsOf(home());
    const url = node?.run.protocolUrl ?? '';
    let pushed = 0;
    let stop = false;
    // Each pushed list is written to the blob store and the event log; each refused client to the event log.
    // Lists are issued one per second and never dated in the future: a list not yet valid would make TLS refuse
    // every client, and a list no newer than the current one is ignored.
    const pushing = (async () => {
      for (let last = 0; !stop;) {
        const second = Math.floor(Date.now() / 1000);
        if (second <= last) {
          await new Promise((r) => setTimeout(r, (last + 1) * 1000 - Date.now() + 5));
          continue;
        }
        last = second;
        const pem = await issueCrl(ca, { entries: [], now: new Date(second * 1000) });
        const result = await pushCrl(`${url}/federation/crl`, fra, pem).catch(() => undefined);
        if (result === 200) pushed++;
      }
    })();
    const refusing = (async () => {
      while (!stop) await callProtocol(`${url}/federation/whoami`, { ca: fra.ca });
    })();
    while (pushed < 5) await new Promise((r) => setTimeout(r, 20));
    node?.child.kill('SIGKILL');
    await node?.exited;
    stop = true;
    await Promise.all([pushing, refusing]);

    node = await startNodeProcess(home());
    assert.equal((await api('/readyz')).status, 200);
    const token = await issueUserToken({ home: home(), user: 'alice', ttl: '5m' });
    const listed = (await (await api('/v1/trust/events?kind=crl-applied&limit=1000', token)).json()) as {
      events: { detail: { sha256: string } }[];
    };
    // The restart applied the published list once more; before it, at least the pushed lists that committed.
    assert.ok(listed.events.length >= 2, `expected stored events, got ${listed.events.length}`);
    const refused = (await (await api('/v1/trust/events?kind=tls-refused&limit=5', token)).json()) as {
      events: unknown[];
    };
    assert.ok(refused.events.length > 0);
    for (const event of listed.events) {
      const crl = await api(`/v1/trust/crl/${event.detail.sha256}`, token);
      assert.equal(crl.status, 200);
      assert.match(await crl.text(), /^-----BEGIN X509 CRL-----/);
    }
  });

  test('SIGTERM shuts the node down cleanly: exit code 0 and run.json removed', async () => {
    node?.child.kill('SIGTERM');
    assert.equal(await node?.exited, 0);
    await assert.rejects(access(join(home(), 'run.json')));
    const stopped = node?.logs().some((l) => l.msg === 'Node stopped');
    assert.ok(stopped, 'the node logged its stop');
  });
});

async function pushCrl(
  url: string,
  credentials: { key: string; cert: string; ca: string },
  pem: string,
): Promise<number> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'PUT',
        agent: false,
        ...credentials,
        headers: { 'content-type': 'application/pkix-crl' },
        checkServerIdentity: () => undefined,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(pem);
  });
}
