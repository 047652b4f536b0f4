/**
 * Compute-to-data between two node processes over mutual TLS: FRA holds a dataset whose only offer permits
 * `foedera:compute`; DEU negotiates it and sends WASI jobs instead of taking the data. The output comes back
 * labelled with the high-water mark, bound by FRA's signature, recorded as a derived artefact at DEU; the hostile
 * jobs are stopped with their reason; the run is audited on both sides; a user the label does not admit is refused.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { COUNT_BYTES_JOB, assembleWat } from '../../src/compute/sandbox/wat.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import { api, negotiateCompute, publishComputeDataset } from '../integration/compute/node-fixtures.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  type NodeProcess,
} from './support/federation.ts';

type Run = {
  id: string;
  status: string;
  reason?: string;
  detail?: string;
  exitCode?: number;
  output?: string;
  label?: { classification: string; categories: { values: string[] }[] };
  labelBinding?: { jws: string };
  artefact?: string;
  provider: string;
};

const dataset = 'urn:uuid:fra-sensor-readings';
const content = Buffer.from(
  ['time,sensor,value', ...Array.from({ length: 500 }, (_, i) => `${i},s${i % 7},${(i * 37) % 101}`)].join(
    '\n',
  ) + '\n',
);

async function moduleOf(path: URL | string): Promise<string> {
  const assembled = await assembleWat(await readFile(path, 'utf8'), String(path));
  assert.ok(assembled.ok, assembled.ok ? '' : assembled.detail);
  return Buffer.from(assembled.value).toString('base64');
}
const hostile = (name: string) =>
  moduleOf(new URL(`../integration/compute/jobs/${name}.wat`, import.meta.url));

describe('compute-to-data between two running nodes', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let fra: NodeProcess | undefined;
  let deu: NodeProcess | undefined;
  const tokens: Record<string, string> = {};
  let agreementId = '';

  before(async () => {
    dir = await tempDir('compute');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU']);
    await writeUserDirectory(join(dir.path, 'FRA', 'idp', 'users.json'), {
      users: {
        francois: {
          nationality: 'FRA',
          clearances: { NATO: 'NATO SECRET' },
          coi: [],
          roles: ['publisher', 'operator'],
        },
      },
    });
    await writeUserDirectory(join(dir.path, 'DEU', 'idp', 'users.json'), {
      users: {
        dora: { nationality: 'DEU', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['analyst'] },
        piotr: { nationality: 'POL', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['analyst'] },
      },
    });
    [fra, deu] = await Promise.all([
      startNodeProcess(join(dir.path, 'FRA')),
      startNodeProcess(join(dir.path, 'DEU')),
    ]);
    tokens.francois = await issueUserToken({ home: join(dir.path, 'FRA'), user: 'francois', ttl: '30m' });
    tokens.dora = await issueUserToken({ home: join(dir.path, 'DEU'), user: 'dora', ttl: '30m' });
    tokens.piotr = await issueUserToken({ home: join(dir.path, 'DEU'), user: 'piotr', ttl: '30m' });
    const { offerId } = await publishComputeDataset({
      node: fra,
      token: tokens.francois ?? '',
      id: dataset,
      content,
      releasableTo: ['FRA', 'DEU'],
    });
    agreementId = await negotiateCompute({
      consumer: deu,
      consumerToken: tokens.dora ?? '',
      provider: fra,
      providerId: 'FRA',
      target: dataset,
      offerId,
    });
  });

  after(async () => {
    await Promise.all([stopNodeProcess(fra), stopNodeProcess(deu)]);
    await dir?.remove();
  });

  const run = async (module: string, user = 'dora') => {
    const answer = await api({
      node: deu,
      token: tokens[user] ?? '',
      path: '/compute/runs',
      body: { agreementId, module },
    });
    return answer;
  };

  test('a compute-only agreement runs a job at the provider; only its labelled output comes back', async () => {
    const answer = await run(await moduleOf(COUNT_BYTES_JOB));
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const view = answer.body as Run;
    assert.equal(view.status, 'completed', JSON.stringify(view));
    assert.equal(view.exitCode, 0);
    assert.equal(Buffer.from(view.output ?? '', 'base64').toString(), `bytes=${content.length} lines=501\n`);
    assert.equal(view.provider, 'FRA');
    assert.equal(view.label?.classification, 'NATO UNCLASSIFIED');
    assert.deepEqual([...(view.label?.categories[0]?.values ?? [])].sort(), ['DEU', 'FRA']);
    assert.match(view.labelBinding?.jws ?? '', /^[\w-]+\.\.[\w-]+$/);
    // Recorded at DEU as a derived artefact of FRA's dataset, with its lineage.
    assert.match(view.artefact ?? '', /^sha256:[0-9a-f]{64}$/, JSON.stringify(view));
    const lineage = await api({
      node: deu,
      token: tokens.dora ?? '',
      path: `/lineage/${encodeURIComponent(view.artefact ?? '')}`,
    });
    assert.equal(lineage.status, 200, JSON.stringify(lineage.body));
    assert.match(JSON.stringify(lineage.body), new RegExp(dataset));
    assert.match(JSON.stringify(lineage.body), /compute-job/);
  });

  test('hostile jobs are stopped at the provider, each with its reason', async () => {
    const cases = [
      ['loop', 'time-limit'],
      ['grow', 'memory-limit'],
      ['huge-memory', 'memory-limit'],
      ['flood', 'output-limit'],
      ['escape', 'sandbox-escape'],
      ['env-import', 'forbidden-import'],
      ['socket', 'forbidden-import'],
    ] as const;
    for (const [name, reason] of cases) {
      const answer = await run(await hostile(name));
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      const view = answer.body as Run;
      assert.deepEqual([name, view.status, view.reason], [name, 'stopped', reason], JSON.stringify(view));
      assert.match(view.detail ?? '', /^(Job stopped|Cannot run job)/);
      assert.equal(view.output, undefined);
    }
  });

  test('a user whose nationality the label does not release to is refused by the provider, with the reason', async () => {
    const answer = await run(await moduleOf(COUNT_BYTES_JOB), 'piotr');
    const view = answer.body as Run;
    assert.deepEqual([view.status, view.reason], ['refused', 'access-denied'], JSON.stringify(view));
    assert.match(view.detail ?? '', /denied \(.*not-releasable/);
  });

  test('foedera compute run sends a .wat job and prints its output; a stopped job exits with code 3', async () => {
    const cli = (args: string[]) =>
      promisify(execFile)(
        process.execPath,
        [fileURLToPath(new URL('../../bin/foedera.js', import.meta.url)), ...args],
        {
          env: {
            ...process.env,
            FOEDERA_URL: deu?.run.managementUrl ?? '',
            FOEDERA_TOKEN: tokens.dora ?? '',
          },
        },
      ).then(
        (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
        (failed: { code: number; stdout: string; stderr: string }) => failed,
      );
    const ran = await cli([
      'compute',
      'run',
      '--agreement',
      agreementId,
      fileURLToPath(COUNT_BYTES_JOB),
      '--json',
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    const view = JSON.parse(ran.stdout) as Run;
    assert.equal(Buffer.from(view.output ?? '', 'base64').toString(), `bytes=${content.length} lines=501\n`);
    const escaped = await cli([
      'compute',
      'run',
      '--agreement',
      agreementId,
      fileURLToPath(new URL('../integration/compute/jobs/escape.wat', import.meta.url)),
    ]);
    assert.equal(escaped.code, 3, escaped.stderr);
    assert.match(escaped.stderr, /Compute job stopped: sandbox-escape: Job stopped: it tried to reach/);
  });

  test('the runs are audited on both sides', async () => {
    type Entry = { kind: string; actor: string; details: { status?: string; reason?: string } };
    const auditOf = async (node: NodeProcess | undefined, token: string, subject: string) => {
      const answer = await api({
        node,
        token,
        path: `/audit/entries?subject=${encodeURIComponent(subject)}&limit=200`,
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return (answer.body as { entries: Entry[] }).entries;
    };
    const atFra = await auditOf(fra, tokens.francois ?? '', `dataset:${dataset}`);
    const atDeu = await auditOf(deu, tokens.dora ?? '', `dataset:${dataset}`);
    const kinds = (entries: Entry[]) => new Set(entries.map((e) => e.kind));
    for (const kind of [
      'decision.permit',
      'decision.deny',
      'dataset.compute.completed',
      'dataset.compute.stopped',
    ]) {
      assert.ok(kinds(atFra).has(kind), `FRA lacks ${kind}: ${[...kinds(atFra)].join(', ')}`);
    }
    assert.ok(
      atFra.some((e) => e.kind === 'dataset.compute.stopped' && e.details.reason === 'sandbox-escape'),
    );
    assert.ok(atFra.some((e) => e.actor === 'user:dora'));
    for (const kind of [
      'dataset.compute.requested',
      'dataset.compute.completed',
      'dataset.compute.stopped',
      'dataset.compute.refused',
    ]) {
      assert.ok(kinds(atDeu).has(kind), `DEU lacks ${kind}: ${[...kinds(atDeu)].join(', ')}`);
    }
  });
});
