/**
 * Three nodes' audit shells on real sockets (HTTP on loopback; mutual TLS is the node's job), each with its own
 * store and keys, witnessing each other: cosigning, quorum verification of an export, and fork detection when one
 * node is made to present a rewritten history.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { installProblemHandling } from '../../../src/http/problem-handler.ts';
import { reasonTable } from '../../../src/http/reason-status.ts';
import { verifyExport } from '../../../src/audit/export/verify-export.ts';
import { AUDIT_REASONS } from '../../../src/audit/http/reasons.ts';
import { auditManagementRoutes } from '../../../src/audit/http/management-routes.ts';
import { auditProtocolRoutes } from '../../../src/audit/http/protocol-routes.ts';
import {
  generateSigner,
  SIG_COSIGNATURE_V1,
  verifierOf,
  type NoteSigner,
} from '../../../src/audit/note/keys.ts';
import { openCosignedCheckpoint } from '../../../src/audit/note/verify-cosigned.ts';
import type { AuditDeps, AuditPeer, AuditPeerTransport } from '../../../src/audit/service/deps.ts';
import { witnessRound } from '../../../src/audit/service/witness-worker.ts';
import { appendAuditBatch } from '../../../src/audit/store/append.ts';
import { publishCheckpoint } from '../../../src/audit/store/checkpoints.ts';
import { verifyForkEvidence } from '../../../src/audit/witness/verify-evidence.ts';
import type { ForkEvidence } from '../../../src/audit/witness/witness.ts';
import { IN_MEMORY, openMetadataStore } from '../../../src/store/metadata/open.ts';
import type { MetadataStore } from '../../../src/store/metadata/port.ts';
import { input } from './audit-log-contract.ts';

type TestNode = {
  name: string;
  log: NoteSigner;
  witness: NoteSigner;
  stores: MetadataStore[];
  current: MetadataStore;
  deps: AuditDeps;
  app: FastifyInstance;
  url: string;
  alarms: ForkEvidence[];
};

const transport: AuditPeerTransport = {
  async getText(url) {
    const res = await fetch(url);
    return { status: res.status, body: await res.text() };
  },
  async postJson(url, body) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.text() };
  },
};

/** A store whose database can be swapped underneath the routes: how a node is made to present another history. */
function swappable(node: { current: MetadataStore }): MetadataStore {
  return {
    kind: 'pglite',
    get db() {
      return node.current.db;
    },
    transaction: (fn) => node.current.transaction(fn),
    ping: () => node.current.ping(),
    appliedMigrations: () => node.current.appliedMigrations(),
    close: () => node.current.close(),
  };
}

const nodes: TestNode[] = [];

async function append(node: TestNode, count: number, offset = 0): Promise<void> {
  await node.current.transaction((trx) =>
    appendAuditBatch(
      trx,
      Array.from({ length: count }, (_, i) => input(offset + i)),
    ),
  );
  await publishCheckpoint(node.current, { signer: node.log });
}

before(async () => {
  for (const name of ['fra', 'deu', 'eda']) {
    const store = await openMetadataStore({ dataDir: IN_MEMORY });
    const node = {
      name,
      log: generateSigner({ name: `${name}.foedera.example/audit` }),
      witness: generateSigner({ name: `${name}.foedera.example/witness`, type: SIG_COSIGNATURE_V1 }),
      stores: [store],
      current: store,
      alarms: [] as ForkEvidence[],
    } as TestNode;
    node.app = Fastify();
    installProblemHandling(node.app, reasonTable([AUDIT_REASONS]));
    nodes.push(node);
  }
  for (const node of nodes) {
    const peers: AuditPeer[] = [];
    node.deps = {
      store: swappable(node),
      logSigner: node.log,
      witnessSigner: node.witness,
      peers,
      clock: () => new Date('2026-11-26T06:00:00Z'),
      onAlarm: (evidence) => node.alarms.push(evidence),
    };
    await node.app.register(auditProtocolRoutes(node.deps), { prefix: '/audit' });
    await node.app.register(auditManagementRoutes(node.deps), { prefix: '/v1/audit' });
    node.url = await node.app.listen({ host: '127.0.0.1', port: 0 });
  }
  for (const node of nodes) {
    for (const other of nodes.filter((n) => n !== node)) {
      (node.deps.peers as AuditPeer[]).push({
        participant: other.name,
        url: `${other.url}/audit`,
        logKey: verifierOf(other.log),
        witnessKey: verifierOf(other.witness),
      });
    }
  }
});

after(async () => {
  for (const node of nodes) {
    await node.app.close();
    for (const store of node.stores) await store.close();
  }
});

const fra = (): TestNode => nodes[0] as TestNode;
const deu = (): TestNode => nodes[1] as TestNode;
const eda = (): TestNode => nodes[2] as TestNode;

test('three nodes cosign each other and an export verifies offline against the quorum-cosigned checkpoint', async () => {
  for (const [i, node] of nodes.entries()) await append(node, 20 + i * 7);
  for (const node of nodes) {
    const rounds = await witnessRound(node.deps, transport);
    assert.deepEqual(
      rounds.map((r) => r.status),
      ['cosigned', 'cosigned'],
      JSON.stringify(rounds),
    );
  }
  // The log grows; the next round checks consistency from the sizes seen and cosigns again.
  await append(fra(), 45, 100);
  const rounds = await witnessRound(deu().deps, transport);
  assert.deepEqual(
    rounds.map((r) => [r.peer, r.status, 'size' in r ? r.size : -1]),
    [
      ['fra', 'cosigned', 65],
      ['eda', 'unchanged', 34],
    ],
  );
  await witnessRound(eda().deps, transport);

  const checkpoint = await (await fetch(`${fra().url}/v1/audit/checkpoint`)).text();
  const trusted = {
    logKey: verifierOf(fra().log),
    witnesses: [verifierOf(deu().witness), verifierOf(eda().witness)],
    quorum: 2,
  };
  const opened = openCosignedCheckpoint(checkpoint, trusted);
  assert.ok(opened.ok, opened.ok ? '' : opened.detail);
  assert.equal(opened.value.checkpoint.size, 65);

  const exported = await (await fetch(`${fra().url}/v1/audit/export?start=0&end=65`)).json();
  const verified = verifyExport(exported, checkpoint, trusted);
  assert.ok(verified.ok, verified.ok ? '' : verified.detail);
  assert.equal(verified.value.complete, true);

  const tampered = JSON.parse(JSON.stringify(exported)) as { entries: { entry: { subject: string } }[] };
  (tampered.entries[42] as { entry: { subject: string } }).entry.subject = 'dataset:elsewhere';
  const failed = verifyExport(tampered, checkpoint, trusted);
  assert.equal(failed.ok, false);
  assert.match(failed.ok ? '' : failed.detail, /^Entry 42 \(at position 42\) was altered/);
});

test('a witness raises an alarm with re-checkable evidence when a node presents a rewritten history', async () => {
  // FRA's database is replaced by one where entry 7 reads differently, and the log has grown past the size DEU saw.
  const forked = await openMetadataStore({ dataDir: IN_MEMORY });
  fra().stores.push(forked);
  fra().current = forked;
  await forked.transaction((trx) =>
    appendAuditBatch(
      trx,
      Array.from({ length: 80 }, (_, i) => input(i === 7 ? 7777 : i < 20 ? i : 100 + i - 20)),
    ),
  );
  await publishCheckpoint(forked, { signer: fra().log });

  const rounds = await witnessRound(deu().deps, transport);
  const fraRound = rounds.find((r) => r.peer === 'fra');
  assert.equal(fraRound?.status, 'fork');
  assert.equal(deu().alarms.length, 1);
  const evidence = deu().alarms[0] as ForkEvidence;
  assert.equal(evidence.reason, 'inconsistent-proof');
  assert.match(evidence.detail, /size 80 is not consistent with its size 65/);
  assert.ok(verifyForkEvidence(evidence, verifierOf(fra().log)).ok);

  const listed = (await (await fetch(`${deu().url}/v1/audit/alarms`)).json()) as {
    alarms: { origin: string; reason: string }[];
  };
  assert.deepEqual(
    listed.alarms.map((a) => [a.origin, a.reason]),
    [['fra.foedera.example/audit', 'inconsistent-proof']],
  );

  // EDA is offered the forked checkpoint through the push endpoint, with a proof from the size it holds: refused.
  const note = await (await fetch(`${fra().url}/audit/checkpoint`)).text();
  const proof = (await (await fetch(`${fra().url}/audit/proof/consistency?first=65&second=80`)).json()) as {
    proof: string[];
  };
  const res = await fetch(`${eda().url}/audit/add-checkpoint`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ oldSize: 65, proof: proof.proof, checkpoint: note }),
  });
  assert.equal(res.status, 409);
  assert.equal(((await res.json()) as { code: string }).code, 'audit-fork-detected');
  assert.equal(eda().alarms.length, 1);
});

test('add-checkpoint answers 409 with the size it holds when the log proves from another size', async () => {
  const res = await fetch(`${eda().url}/audit/add-checkpoint`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      oldSize: 3,
      proof: [],
      checkpoint: await (await fetch(`${deu().url}/audit/checkpoint`)).text(),
    }),
  });
  assert.equal(res.status, 409);
  assert.deepEqual(await res.json(), { code: 'audit-size-conflict', size: 27 });
});
