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

function tampered(name: string, change: (copy: typeof exported) => void): string {
  const copy = JSON.parse(JSON.stringify(exported)) as typeof exported;
  change(copy);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(copy));
  return file;
}

test('foedera audit verify names a dropped entry as missing', () => {
  const run = verify(tampered('dropped', (copy) => copy.entries.splice(7, 1)));
  assert.equal(run.status, 1);
  assert.match(run.stderr, /Entry 7 is missing from the export/);
});

test('foedera audit verify names the entry moved out of order and where it was found', () => {
  const run = verify(
    tampered('reordered', (copy) => {
      const [moved] = copy.entries.splice(2, 1);
      if (moved !== undefined) copy.entries.splice(9, 0, moved);
    }),
  );
  assert.equal(run.status, 1);
  assert.match(run.stderr, /Entry 2 is out of order: found at position 9/);
});

test('foedera audit verify names an inserted entry by its position', () => {
  const run = verify(
    tampered('inserted', (copy) => {
      const forged = { ...(copy.entries[3] as (typeof copy.entries)[number]) };
      forged.entry = { ...(forged.entry as object), details: { n: 'forged' } };
      copy.entries.splice(5, 0, forged);
    }),
  );
  assert.equal(run.status, 1);
  assert.match(run.stderr, /Entry at position 5 claiming index 3 is not in the log: it was inserted/);
});

test('foedera audit verify refuses a checkpoint whose log signature was forged, naming the key', () => {
  const forged = checkpoint.replace(/\n12\n/, '\n13\n');
  writeFileSync(join(dir, 'forged.checkpoint'), forged);
  const args = ['bin/foedera.js', 'audit', 'verify', join(dir, 'good.json'), '--checkpoint'];
  const run = spawnSync(
    process.execPath,
    [...args, join(dir, 'forged.checkpoint'), '--key', join(dir, 'log.vkey')],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 1);
  assert.match(run.stderr, /fra\.foedera\.example\/audit/);
  assert.match(run.stderr, /forged|does not verify/i);
});

test('foedera audit verify --previous detects a fork: another root signed for an earlier size', () => {
  // The auditor kept a checkpoint of size 8 from another history the log signed (a different entry 5).
  const other = new MemoryTree();
  other.appendEntries(
    entries.slice(0, 8).map((e, i) => encodeEntry(i === 5 ? { ...e, details: { n: 'other' } } : e)),
  );
  writeFileSync(
    join(dir, 'other-8.checkpoint'),
    signCheckpoint({ origin: log.name, size: 8, root: other.root() }, log),
  );
  const withProof = tampered('since-8', (copy) => {
    copy.consistency = {
      first: 8,
      proof: tree.consistencyProof(8, 12).map((h) => Buffer.from(h).toString('base64')),
    };
  });
  const run = verify(withProof, ['--previous', join(dir, 'other-8.checkpoint')]);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /forked: its tree of size 12 does not extend its tree of size 8/);

  // The honest earlier checkpoint passes, and --json says so.
  writeFileSync(
    join(dir, 'honest-8.checkpoint'),
    signCheckpoint({ origin: log.name, size: 8, root: tree.root(8) }, log),
  );
  const honest = verify(withProof, ['--previous', join(dir, 'honest-8.checkpoint'), '--json']);
  assert.equal(honest.status, 0, honest.stderr);
  const report = JSON.parse(honest.stdout) as { ok: boolean; previousSize: number; verified: number };
  assert.deepEqual([report.ok, report.previousSize, report.verified], [true, 8, 12]);
});

test('foedera audit verify --previous names a fork at the same size and a rollback', () => {
  const other = new MemoryTree();
  other.appendEntries(entries.map((e, i) => encodeEntry(i === 11 ? { ...e, details: { n: 'other' } } : e)));
  writeFileSync(
    join(dir, 'other-12.checkpoint'),
    signCheckpoint({ origin: log.name, size: 12, root: other.root() }, log),
  );
  const fork = verify(join(dir, 'good.json'), ['--previous', join(dir, 'other-12.checkpoint')]);
  assert.equal(fork.status, 1);
  assert.match(fork.stderr, /forked at size 12: it signed root \S+ and root \S+/);

  const bigger = new MemoryTree();
  bigger.appendEntries([...entries.map(encodeEntry), encodeEntry(sealEntry(input(12), 12))]);
  writeFileSync(
    join(dir, 'later-13.checkpoint'),
    signCheckpoint({ origin: log.name, size: 13, root: bigger.root() }, log),
  );
  const rollback = verify(join(dir, 'good.json'), ['--previous', join(dir, 'later-13.checkpoint')]);
  assert.equal(rollback.status, 1);
  assert.match(rollback.stderr, /went back: the export is at size 12, the previous checkpoint at size 13/);
});

test('foedera audit verify --json lists every finding with its index and position', () => {
  const run = verify(
    tampered('json', (copy) => {
      (copy.entries[1]?.entry as { actor: string }).actor = 'user:mallory@fra';
      copy.entries.splice(10, 1);
    }),
    ['--json'],
  );
  assert.equal(run.status, 1);
  const report = JSON.parse(run.stdout) as {
    ok: boolean;
    findings: { kind: string; index: number; position: number | null }[];
  };
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.findings.map((f) => [f.kind, f.index]),
    [
      ['altered', 1],
      ['missing', 10],
    ],
  );
});
