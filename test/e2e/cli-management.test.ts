/**
 * The management verbs of `foedera` as a user meets them: the real command (node bin/foedera.js) against two real
 * node processes of one federation. A publisher at FRA publishes labelled datasets, an operator at DEU refreshes
 * its federated catalog, negotiates to FINALIZED, lists agreements and starts a transfer; refusals and usage errors
 * end with their exit codes (src/cli/exit-codes.ts) and a message naming the reason or the flag.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  type NodeProcess,
} from './support/federation.ts';
import { foedera, json, show } from './support/cli.ts';

const CONTENT_BYTES = 300_000;

type Dataset = { id: string; title: string; publisher: string; labelBinding?: unknown };
type Negotiation = { pid: string; state: string; target: string; agreement: { '@id': string } | null };

// Each verb is a process of its own and the nodes are busy: a loaded machine needs more than the default 5 minutes.
describe('foedera management verbs against running nodes', { timeout: 900_000 }, () => {
  let dir: { path: string; remove: () => Promise<void> };
  let fra: NodeProcess | undefined;
  let deu: NodeProcess | undefined;
  let fraHome = '';
  let deuHome = '';
  const asFra = () => ['--home', fraHome, '--user', 'francois'];
  const asDeu = () => ['--home', deuHome, '--user', 'dora'];
  const fuel = 'urn:uuid:00000000-0000-4000-8000-00000000f0e1';
  const fraOnly = 'urn:uuid:00000000-0000-4000-8000-00000000f0a0';
  let agreementId = '';
  let finalizedPid = '';

  before(async () => {
    dir = await tempDir('cli-mgmt');
    await makeFederation(dir.path, 'CLI E2E', ['FRA', 'DEU']);
    fraHome = join(dir.path, 'FRA');
    deuHome = join(dir.path, 'DEU');
    await writeUserDirectory(join(fraHome, 'idp', 'users.json'), {
      users: {
        francois: { nationality: 'FRA', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['publisher'] },
      },
    });
    await writeUserDirectory(join(deuHome, 'idp', 'users.json'), {
      users: { dora: { nationality: 'DEU', clearances: {}, coi: [], roles: ['operator'] } },
    });
    [fra, deu] = await Promise.all([startNodeProcess(fraHome), startNodeProcess(deuHome)]);
  });

  after(async () => {
    await Promise.all([stopNodeProcess(fra), stopNodeProcess(deu)]);
    await dir?.remove();
  });

  test('dataset create publishes labelled datasets from flags and from a JSON file; list shows their banners', async () => {
    const file = join(dir.path, 'fra-only.json');
    await writeFile(
      file,
      JSON.stringify({
        id: fraOnly,
        title: 'Fuel reserves (national)',
        distributions: [{ format: 'HttpData-PULL' }],
        offers: [{ '@id': 'urn:uuid:offer-fra-only', '@type': 'Offer', permission: [{ action: 'use' }] }],
        label: {
          policy: 'NATO',
          classification: 'NATO UNCLASSIFIED',
          categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA'] }],
          originator: 'urn:foedera:participant:FRA',
          creationTime: '2026-11-26T05:00:00Z',
        },
      }),
    );
    const [fromFlags, fromFile] = await Promise.all([
      foedera(
        'dataset',
        'create',
        ...asFra(),
        '--id',
        fuel,
        '--title',
        'Fuel consumption 2026',
        '--keyword',
        'logistics',
        '--format',
        'HttpData-PULL',
        '--media-type',
        'application/parquet',
        '--classification',
        'NATO:NATO UNCLASSIFIED',
        '--releasable-to',
        'FRA,DEU',
        '--not-after',
        '2035-01-01T00:00:00Z',
        '--purpose',
        'logistics-planning',
        '--json',
      ),
      foedera('dataset', 'create', ...asFra(), '--file', file, '--json'),
    ]);
    const created = json<Dataset>(fromFlags);
    assert.equal(created.id, fuel);
    assert.equal(created.publisher, 'urn:foedera:participant:FRA');
    assert.ok(created.labelBinding !== undefined, 'the node binds the label');
    assert.equal(json<Dataset>(fromFile).id, fraOnly);
    const content = join(dir.path, 'fuel.csv');
    await writeFile(content, 'depot,litres\n'.padEnd(CONTENT_BYTES, 'x'));
    const put = await foedera('data', 'put', content, '--dataset', fuel, ...asFra());
    assert.equal(put.status, 0, show(put));

    const listed = await foedera('dataset', 'list', ...asFra());
    assert.equal(listed.status, 0, show(listed));
    assert.match(listed.stdout, /^LABEL\s+TITLE\s+PUBLISHER/m);
    assert.match(listed.stdout, /^NATO UNCLASSIFIED \/\/ REL TO FRA, DEU\s+Fuel consumption 2026\s/m);
    assert.match(listed.stdout, /^NATO UNCLASSIFIED \/\/ REL TO FRA\s+Fuel reserves \(national\)\s/m);
  });

  test('a usage error exits 2 naming the flag, before anything is sent', async () => {
    const [bad, limit] = await Promise.all([
      foedera(
        'dataset',
        'create',
        ...asFra(),
        '--title',
        'X',
        '--format',
        'HttpData-PULL',
        '--classification',
        'NATO:NATO TOP',
        '--releasable-to',
        'FRA',
      ),
      foedera('negotiation', 'list', ...asDeu(), '--limit', 'many'),
    ]);
    assert.equal(bad.status, 2, show(bad));
    assert.match(
      bad.stderr,
      /^foedera: Invalid --classification "NATO:NATO TOP": .*"NATO TOP" is not a level/m,
    );
    assert.equal(bad.stdout, '');
    assert.equal(limit.status, 2, show(limit));
    assert.match(limit.stderr, /Invalid --limit "many"/);
  });

  test('the other node refreshes its federated catalog and sees only what FRA releases to it', async () => {
    const refreshed = json<{ peer: string; datasets: number }>(
      await foedera(
        'catalog',
        'refresh',
        ...asDeu(),
        '--peer',
        'FRA',
        '--address',
        fra?.run.protocolUrl ?? '',
        '--json',
      ),
    );
    assert.deepEqual([refreshed.peer, refreshed.datasets], ['FRA', 1]);
    const [found, human] = await Promise.all([
      foedera('catalog', ...asDeu(), '--federated', '--text', 'fuel', '--json'),
      foedera('catalog', ...asDeu(), '--federated', '--label', 'NATO:NATO RESTRICTED'),
    ]);
    assert.deepEqual(
      json<{ items: { dataset: Dataset; peer: string }[] }>(found).items.map((i) => [i.peer, i.dataset.id]),
      [['FRA', fuel]],
    );
    assert.equal(human.status, 0, show(human));
    assert.match(human.stdout, /NATO UNCLASSIFIED \/\/ REL TO FRA, DEU\s+Fuel consumption 2026\s+FRA/);
  });

  test('negotiation start --wait reaches FINALIZED with the offer and the address read from the catalog; the agreement is signed by both', async () => {
    const finalized = json<Negotiation>(
      await foedera('negotiation', 'start', ...asDeu(), '--dataset', fuel, '--wait', '--json'),
    );
    assert.equal(finalized.state, 'FINALIZED');
    assert.equal(finalized.target, fuel);
    finalizedPid = finalized.pid;
    agreementId = finalized.agreement?.['@id'] ?? '';
    assert.notEqual(agreementId, '');

    const [agreements, one] = await Promise.all([
      foedera('agreement', 'list', ...asDeu(), '--json'),
      foedera('agreement', 'get', agreementId, ...asFra()),
    ]);
    assert.deepEqual(
      json<{ items: { agreement_id: string; provider: string; consumer: string }[] }>(agreements)
        .items.filter((a) => a.agreement_id === agreementId)
        .map((a) => [a.provider, a.consumer]),
      [['FRA', 'DEU']],
    );
    assert.equal(one.status, 0, show(one));
    assert.match(
      one.stdout,
      /^terms:\s+may use \(purpose logistics-planning, until 2035-01-01T00:00:00Z\)$/m,
    );
    assert.match(one.stdout, /^provider:\s+FRA, signed \(ES384/m);
    assert.match(one.stdout, /^consumer:\s+DEU, signed \(ES384/m);
  });

  test('negotiations the provider refuses (another purpose, not releasable) exit 3 with the decision point reason', async () => {
    const offer = join(dir.path, 'offer.json');
    await writeFile(
      offer,
      JSON.stringify({ '@id': 'urn:uuid:offer-fra-only', permission: [{ action: 'use' }] }),
    );
    const start = (...args: string[]) =>
      foedera('negotiation', 'start', ...asDeu(), '--address', fra?.run.protocolUrl ?? '', '--wait', ...args);
    const [purpose, nation, unseen] = await Promise.all([
      start('--dataset', fuel, '--purpose', 'targeting', '--json'),
      start('--dataset', fraOnly, '--provider', 'FRA', '--offer-file', offer),
      // Without an offer of its own, the consumer only has the catalog, which never shows it this dataset.
      start('--dataset', fraOnly, '--provider', 'FRA'),
    ]);
    assert.equal(unseen.status, 2, show(unseen));
    assert.match(unseen.stderr, /Dataset "[^"]+f0a0" is not in the catalog FRA releases to this node/);
    assert.equal(purpose.status, 3, show(purpose));
    assert.equal((JSON.parse(purpose.stdout) as Negotiation).state, 'TERMINATED');
    assert.match(purpose.stderr, /^foedera: Negotiation .* ended TERMINATED: purpose-not-permitted: /m);
    assert.equal(nation.status, 3, show(nation));
    assert.match(nation.stdout, /^state:\s+TERMINATED$/m);
    assert.match(nation.stderr, /ended TERMINATED: not-releasable: .*DEU/);
  });

  test('negotiation list shows agreements and reasons; terminating a finalized one is refused with exit 3', async () => {
    const [listed, refused] = await Promise.all([
      foedera('negotiation', 'list', ...asDeu()),
      foedera('negotiation', 'terminate', finalizedPid, ...asDeu(), '--reason', 'changed my mind'),
    ]);
    assert.equal(listed.status, 0, show(listed));
    assert.match(
      listed.stdout,
      new RegExp(`^${finalizedPid}\\s+FINALIZED\\s+consumer\\s+FRA\\s+${fuel}\\s+${agreementId}$`, 'm'),
    );
    assert.match(
      listed.stdout,
      new RegExp(`TERMINATED\\s+consumer\\s+FRA\\s+${fraOnly}\\s+not-releasable: `),
    );
    assert.equal(refused.status, 3, show(refused));
    assert.match(refused.stderr, /in state FINALIZED \(invalid-transition, HTTP 409\)/);
  });

  test('transfer start --wait COMPLETED pulls the content under the agreement (sent where it was negotiated, no --address); received lists it', async () => {
    const completed = json<{ pid: string; state: string; agreementId: string; format: string }>(
      await foedera(
        'transfer',
        'start',
        ...asDeu(),
        '--agreement',
        agreementId,
        '--wait',
        'COMPLETED',
        '--timeout',
        '240',
        '--json',
      ),
    );
    assert.deepEqual(
      [completed.state, completed.agreementId, completed.format],
      ['COMPLETED', agreementId, 'HttpData-PULL'],
    );
    const received = json<{
      items: { agreementId: string; plaintextSize: number; transfer: string | null }[];
    }>(await foedera('received', ...asDeu(), '--json'));
    assert.deepEqual(
      received.items.filter((r) => r.agreementId === agreementId).map((r) => [r.plaintextSize, r.transfer]),
      [[CONTENT_BYTES, completed.pid]],
    );
  });

  test('a token the node does not accept is a refusal (exit 3), an unreachable node a failure (exit 1)', async () => {
    const [token, gone] = await Promise.all([
      foedera('me', '--url', fra?.run.managementUrl ?? '', '--token', 'not-a-jwt'),
      foedera('me', '--url', 'http://127.0.0.1:9', '--token', 'x'),
    ]);
    assert.equal(token.status, 3, show(token));
    assert.match(token.stderr, /token-malformed, HTTP 401/);
    assert.equal(gone.status, 1, show(gone));
    assert.match(gone.stderr, /no answer from the management API at http:\/\/127\.0\.0\.1:9/);
  });
});
