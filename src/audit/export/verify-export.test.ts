import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeEntry, sealEntry } from '../entry/codec.ts';
import type { AuditEntry } from '../entry/entry.ts';
import { MemoryTree } from '../merkle/memory-tree.ts';
import { cosign, withSignature } from '../note/cosignature.ts';
import { generateSigner, SIG_COSIGNATURE_V1, verifierOf } from '../note/keys.ts';
import { formatNote, parseNote } from '../note/note.ts';
import { signCheckpoint } from '../note/signed-checkpoint.ts';
import { buildExport } from './build-export.ts';
import type { AuditExport } from './format.ts';
import { verifyExport, type Finding } from './verify-export.ts';

const log = generateSigner({ name: 'fra.foedera.example/audit' });
const witnesses = [1, 2].map((n) =>
  generateSigner({ name: `w${n}.foedera.example/witness`, type: SIG_COSIGNATURE_V1 }),
);
const trusted = { logKey: verifierOf(log), witnesses: witnesses.map(verifierOf) };

function fixture(size = 20) {
  const tree = new MemoryTree();
  const entries: AuditEntry[] = [];
  for (let i = 0; i < size; i++) {
    const entry = sealEntry(
      {
        time: `2026-11-26T05:00:${String(i % 60).padStart(2, '0')}Z`,
        node: 'FRA',
        kind: i % 2 === 0 ? 'decision.permit' : 'transfer.completed',
        actor: `user:u${i}`,
        subject: `dataset:d-${i}`,
        details: { n: i },
      },
      i,
    );
    entries.push(entry);
    tree.appendEntries([encodeEntry(entry)]);
  }
  let note = parseNote(signCheckpoint({ origin: log.name, size, root: tree.root() }, log));
  assert.ok(note.ok);
  let cosigned = note.value;
  for (const witness of witnesses)
    cosigned = withSignature(cosigned, cosign({ note: cosigned, witness, timestamp: 1764133200 }));
  note = { ok: true, value: cosigned };
  const exp = buildExport({
    origin: log.name,
    treeSize: size,
    start: 0,
    end: size,
    entries: entries.map((entry) => ({ entry, proof: tree.inclusionProof(entry.index) })),
  });
  return { exp, checkpoint: formatNote(note.value) };
}

function clone(exp: AuditExport): AuditExport {
  return JSON.parse(JSON.stringify(exp)) as AuditExport;
}

function firstFinding(exp: AuditExport, checkpoint: string): Finding | undefined {
  const result = verifyExport(exp, checkpoint, trusted);
  assert.equal(result.ok, false, 'expected the export to fail');
  return 'findings' in result ? result.findings[0] : undefined;
}

test('verifyExport() accepts an untouched export against a checkpoint cosigned by both witnesses', () => {
  const { exp, checkpoint } = fixture();
  const result = verifyExport(exp, checkpoint, trusted);
  assert.ok(result.ok);
  assert.equal(result.value.verified, 20);
  assert.equal(result.value.complete, true);
});

test('verifyExport() names an altered entry by its index', () => {
  const { exp, checkpoint } = fixture();
  const bad = clone(exp);
  (bad.entries[7]?.entry as { details: unknown }).details = { n: 700 };
  const finding = firstFinding(bad, checkpoint);
  assert.deepEqual([finding?.kind, finding?.index, finding?.position], ['altered', 7, 7]);
  assert.match(finding?.message ?? '', /^Entry 7 \(at position 7\) was altered/);
});

test('verifyExport() names a dropped entry as missing', () => {
  const { exp, checkpoint } = fixture();
  const bad = clone(exp);
  bad.entries.splice(11, 1);
  const finding = firstFinding(bad, checkpoint);
  assert.deepEqual([finding?.kind, finding?.index], ['missing', 11]);
});

test('verifyExport() names the entry moved out of order', () => {
  const { exp, checkpoint } = fixture();
  const bad = clone(exp);
  const [a, b] = [bad.entries[7], bad.entries[8]];
  assert.ok(a && b);
  bad.entries[7] = b;
  bad.entries[8] = a;
  const finding = firstFinding(bad, checkpoint);
  assert.deepEqual([finding?.kind, finding?.index, finding?.position], ['out-of-order', 8, 7]);
});

test('verifyExport() names an inserted entry and its position', () => {
  const { exp, checkpoint } = fixture();
  const bad = clone(exp);
  const forged = sealEntry(
    {
      time: '2026-11-26T05:00:05Z',
      node: 'FRA',
      kind: 'decision.permit',
      actor: 'user:mallory',
      subject: 'dataset:d-5',
      details: {},
    },
    5,
  );
  bad.entries.splice(5, 0, { entry: forged, proof: bad.entries[5]?.proof ?? [] });
  const finding = firstFinding(bad, checkpoint);
  assert.deepEqual([finding?.kind, finding?.index, finding?.position], ['inserted', 5, 5]);
});

test('verifyExport() names a duplicated entry', () => {
  const { exp, checkpoint } = fixture();
  const bad = clone(exp);
  bad.entries.splice(15, 0, bad.entries[3] as AuditExport['entries'][number]);
  const finding = firstFinding(bad, checkpoint);
  assert.deepEqual([finding?.kind, finding?.index, finding?.position], ['duplicate', 3, 15]);
});

test('verifyExport() notices a truncated range only through the declared end', () => {
  const { exp, checkpoint } = fixture();
  const bad = clone(exp);
  bad.entries.pop();
  assert.deepEqual(firstFinding(bad, checkpoint)?.index, 19);
});

test('verifyExport() refuses a checkpoint whose witness cosignature was forged and names the witness', () => {
  const { exp, checkpoint } = fixture();
  const lines = checkpoint.split('\n');
  const last = lines[lines.length - 2] ?? '';
  const sig = Buffer.from(last.slice(last.lastIndexOf(' ') + 1), 'base64');
  sig[20] = (sig[20] ?? 0) ^ 1;
  lines[lines.length - 2] = `${last.slice(0, last.lastIndexOf(' '))} ${sig.toString('base64')}`;
  const result = verifyExport(exp, lines.join('\n'), trusted);
  assert.equal(result.ok ? 'ok' : result.reason, 'forged-signature');
  assert.match(result.ok ? '' : result.detail, /witness "w2.foedera.example\/witness"/);
});

test('verifyExport() refuses a checkpoint of another size than the export', () => {
  const { checkpoint } = fixture(20);
  const { exp } = fixture(21);
  const result = verifyExport(exp, checkpoint, trusted);
  assert.equal(result.ok ? 'ok' : result.reason, 'size-mismatch');
});

test('verifyExport() locates a single tampering wherever it happens', () => {
  const { exp, checkpoint } = fixture(33);
  for (let i = 0; i < 33; i++) {
    const altered = clone(exp);
    (altered.entries[i]?.entry as { actor: string }).actor = 'user:mallory';
    assert.equal(firstFinding(altered, checkpoint)?.index, i, `altered ${i}`);
    const dropped = clone(exp);
    dropped.entries.splice(i, 1);
    assert.equal(firstFinding(dropped, checkpoint)?.index, i, `dropped ${i}`);
  }
});
