/** `foedera audit verify` as an auditor runs it: a real process, files on disk, exit codes and messages. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { encodeEntry, sealEntry } from '../../../src/audit/entry/codec.ts';
import { buildExport } from '../../../src/audit/export/build-export.ts';
import { MemoryTree } from '../../../src/audit/merkle/memory-tree.ts';
import { cosign, withSignature } from '../../../src/audit/note/cosignature.ts';
import { formatVerifierKey, generateSigner, SIG_COSIGNATURE_V1 } from '../../../src/audit/note/keys.ts';
import { formatNote, parseNote } from '../../../src/audit/note/note.ts';
import { signCheckpoint } from '../../../src/audit/note/signed-checkpoint.ts';
import { input } from './audit-log-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'foedera-audit-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const log = generateSigner({ name: 'fra.foedera.example/audit' });
const witness = generateSigner({ name: 'deu.foedera.example/witness', type: SIG_COSIGNATURE_V1 });
const tree = new MemoryTree();
const entries = Array.from({ length: 12 }, (_, i) =>
  sealEntry(input(i, i === 4 ? 'decision.deny' : 'decision.permit'), i),
);
tree.appendEntries(entries.map(encodeEntry));
const signed = parseNote(signCheckpoint({ origin: log.name, size: 12, root: tree.root() }, log));
assert.ok(signed.ok);
const checkpoint = formatNote(
  withSignature(signed.value, cosign({ note: signed.value, witness, timestamp: 1764133200 })),
);
const exported = buildExport({
  origin: log.name,
  treeSize: 12,
  start: 0,
  end: 12,
  entries: entries.map((entry) => ({ entry, proof: tree.inclusionProof(entry.index) })),
});
writeFileSync(join(dir, 'checkpoint'), checkpoint);
writeFileSync(join(dir, 'log.vkey'), `${formatVerifierKey(log)}\n`);

function verify(file: string, extra: string[] = []) {
  const args = [
    'bin/foedera.js',
    'audit',
    'verify',
    file,
    '--checkpoint',
    join(dir, 'checkpoint'),
    '--key',
    join(dir, 'log.vkey'),
  ];
  return spawnSync(process.execPath, [...args, '--witness', formatVerifierKey(witness), ...extra], {
    encoding: 'utf8',
  });
}

test('foedera audit verify accepts an untouched export and says what it proved', () => {
  writeFileSync(join(dir, 'good.json'), JSON.stringify(exported));
  const run = verify(join(dir, 'good.json'));
  assert.equal(run.status, 0, run.stderr);
  assert.match(
    run.stdout,
    /Verified 12 entries \[0, 12\) of "fra.foedera.example\/audit" at size 12, cosigned by deu.foedera.example\/witness \(the whole log\)/,
  );
});

test('foedera audit verify exits non-zero and names the altered entry', () => {
  const bad = JSON.parse(JSON.stringify(exported)) as typeof exported;
  (bad.entries[4]?.entry as { kind: string }).kind = 'decision.permit';
  writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
  const run = verify(join(dir, 'bad.json'));
  assert.equal(run.status, 1);
  assert.match(run.stderr, /Entry 4 \(at position 4\) was altered/);
});

test('foedera audit verify exits non-zero when a required witness did not cosign', () => {
  const other = generateSigner({ name: 'eda.foedera.example/witness', type: SIG_COSIGNATURE_V1 });
  const run = verify(join(dir, 'good.json'), ['--witness', formatVerifierKey(other), '--quorum', '2']);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /1 of 2 required witnesses cosigned it/);
});
