/**
 * The audit log in a real node process: the node audits its own start, the management API lists entries with an
 * inclusion proof that verifies against the page's tree head, the publisher signs a checkpoint with the node's
 * audit key (created 0600 in the home), and peers read that checkpoint over mutual TLS.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import { entryLeafHash } from '../../src/audit/entry/codec.ts';
import type { AuditEntry } from '../../src/audit/entry/entry.ts';
import { fromHex, toHex } from '../../src/audit/merkle/hash.ts';
import { verifyInclusion } from '../../src/audit/merkle/verify-inclusion.ts';
import { createSigner, formatVerifierKey, verifierOf } from '../../src/audit/note/keys.ts';
import { openCheckpoint } from '../../src/audit/note/signed-checkpoint.ts';
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

const ALICE = { nationality: 'FRA', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['auditor'] };

type Page = { treeHead: { size: number; root: string }; entries: AuditEntry[] };
type ConsoleProof = { index: number; size: number; root: string; proof: string[] };

describe('the audit log of a node process', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let node: NodeProcess | undefined;
  let token = '';
  const home = () => join(dir.path, 'FRA');
  const api = (path: string, bearer?: string) =>
    fetch(
      `${node?.run.managementUrl}${path}`,
      bearer === undefined ? {} : { headers: { authorization: `Bearer ${bearer}` } },
    );
  // The node's log key as the home holds it: what the checkpoint must verify with.
  const logKeyFromHome = async () =>
    verifierOf(
      createSigner({
        name: 'foedera/FRA',
        privateKey: createPrivateKey(await readFile(join(home(), 'audit', 'log-key.pem'), 'utf8')),
      }),
    );

  before(async () => {
    dir = await tempDir('audit');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU']);
    await writeUserDirectory(join(home(), 'idp', 'users.json'), { users: { alice: ALICE } });
    node = await startNodeProcess(home());
    token = await issueUserToken({ home: home(), user: 'alice', ttl: '10m' });
  });

  after(async () => {
    await stopNodeProcess(node);
    await dir.remove();
  });

  test('the management API refuses to list audit entries without a token', async () => {
    const response = await api('/v1/audit/entries?limit=10');
    assert.equal(response.status, 401);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  });

  test('an entry listed with a valid token has an inclusion proof that verifies against the tree head', async () => {
    const response = await api('/v1/audit/entries?limit=10', token);
    assert.equal(response.status, 200);
    const page = (await response.json()) as Page;
    assert.ok(page.treeHead.size >= 1, `tree head size ${page.treeHead.size}`);
    assert.ok(page.entries.every((e) => e.index < page.treeHead.size));
    const started = page.entries.find((e) => e.kind === 'node.started');
    assert.ok(started !== undefined, 'the node audits its own start');
    assert.equal(started.node, 'FRA');

    const proofResponse = await api(
      `/v1/audit/entries/${started.index}/proof?size=${page.treeHead.size}`,
      token,
    );
    assert.equal(proofResponse.status, 200);
    const proof = (await proofResponse.json()) as ConsoleProof;
    assert.equal(proof.root, page.treeHead.root);
    assert.equal(proof.size, page.treeHead.size);
    const claim = {
      leafHash: entryLeafHash(started),
      index: started.index,
      size: proof.size,
      proof: proof.proof.map(fromHex),
      root: fromHex(page.treeHead.root),
    };
    assert.equal(verifyInclusion(claim), true);
    // The same proof must not verify an altered entry.
    const altered = { ...started, actor: 'participant:DEU' };
    assert.equal(verifyInclusion({ ...claim, leafHash: entryLeafHash(altered) }), false);
  });

  test('a proof beyond the tree head is refused with a problem document', async () => {
    const response = await api('/v1/audit/entries/0/proof?size=1000000', token);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { code: string }).code, 'audit-out-of-range');
  });

  test('the node publishes a checkpoint signed with its audit key, kept 0600 in its home', async () => {
    let note = '';
    await waitFor(
      async () => {
        const response = await api('/v1/audit/checkpoint', token);
        note = response.status === 200 ? await response.text() : '';
        return note !== '';
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'a published checkpoint' },
    );
    assert.equal((await stat(join(home(), 'audit', 'log-key.pem'))).mode & 0o777, 0o600);
    const logKey = await logKeyFromHome();
    const opened = openCheckpoint(note, { logKey });
    assert.ok(opened.ok, opened.ok ? '' : opened.detail);
    assert.equal(opened.value.checkpoint.origin, 'foedera/FRA');
    assert.ok(opened.value.checkpoint.size >= 1);

    const keys = (await (await api('/v1/audit/keys', token)).json()) as { log: string; witness: string };
    assert.equal(keys.log, formatVerifierKey(logKey));
    assert.notEqual(keys.witness, keys.log);

    // The checkpoint commits to the tree the entries are proven in.
    const page = (await (await api(`/v1/audit/entries?limit=1`, token)).json()) as Page;
    const atSize = (await (
      await api(`/v1/audit/entries/0/proof?size=${opened.value.checkpoint.size}`, token)
    ).json()) as ConsoleProof;
    assert.equal(atSize.root, toHex(opened.value.checkpoint.root));
    assert.ok(page.treeHead.size >= opened.value.checkpoint.size);
  });

  test('a peer reads the checkpoint over mutual TLS on the protocol surface', async () => {
    const deu = await credentialsOf(join(dir.path, 'DEU'));
    const result = await callProtocol(`${node?.run.protocolUrl}/audit/checkpoint`, deu);
    assert.equal(result.refused, false);
    if (result.refused) return;
    assert.equal(result.status, 200);
    const opened = openCheckpoint(result.body, { logKey: await logKeyFromHome() });
    assert.ok(opened.ok, opened.ok ? '' : opened.detail);
  });

  test('the audit CLI searches, proves and exports from the node, and the export verifies offline', async () => {
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        ['bin/foedera.js', 'audit', ...args, '--url', node?.run.managementUrl ?? '', '--token', token],
        { encoding: 'utf8' },
      );
    const listed = cli(['list', '--family', 'node', '--json']);
    assert.equal(listed.status, 0, listed.stderr);
    const page = JSON.parse(listed.stdout) as Page;
    assert.ok(page.entries.length >= 1 && page.entries.every((e) => e.kind.startsWith('node.')));

    const proved = cli([
      'proof',
      'inclusion',
      '--index',
      '0',
      '--size',
      String(page.treeHead.size),
      '--json',
    ]);
    assert.equal(proved.status, 0, proved.stderr);
    const proof = (JSON.parse(proved.stdout) as { proof: string[] }).proof;
    const started = page.entries.find((e) => e.index === 0);
    assert.ok(started !== undefined);
    assert.ok(
      verifyInclusion({
        leafHash: entryLeafHash(started),
        index: 0,
        size: page.treeHead.size,
        proof: proof.map((p) => new Uint8Array(Buffer.from(p, 'base64'))),
        root: fromHex(page.treeHead.root),
      }),
    );
    const consistency = cli(['proof', 'consistency', '--first', '0', '--second', '1', '--json']);
    assert.equal(consistency.status, 0, consistency.stderr);

    const out = join(dir.path, 'fra-export.json');
    const exported = cli(['export', '--start', '0', '--end', '1000', '-o', out, '--json']);
    assert.equal(exported.status, 0, exported.stderr);
    const written = JSON.parse(exported.stdout) as { entries: number; size: number };
    assert.equal(written.entries, written.size);
    const keys = JSON.parse(cli(['keys', '--json']).stdout) as { log: string };
    const verified = spawnSync(
      process.execPath,
      [
        'bin/foedera.js',
        'audit',
        'verify',
        out,
        '--checkpoint',
        `${out}.checkpoint`,
        '--key',
        keys.log,
        '--json',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(verified.status, 0, verified.stderr);
    assert.equal((JSON.parse(verified.stdout) as { complete: boolean }).complete, true);

    // An unknown option or a bad number is a usage error naming it.
    const bad = cli(['proof', 'inclusion', '--index', 'x']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--index "x"/);
  });
});
