/**
 * Complete contract negotiations per second between two nodes (consumer DEU, provider FRA), each a process of its own
 * as in a deployment, with its own metadata store, its protocol surface served by the node's protocol server
 * (mutual TLS with federation certificates, the caller named by its certificate) and the node's mutual-TLS peer
 * client, and its own protocol workers (decisions and outbox) as the node composes them: the provider decides each
 * request at the decision point's contract stage against a labelled dataset of its catalog, both nodes sign the
 * agreement with their federation keys and verify each other's signature, and every step appends its entries to the
 * node's audit log in the step's transaction. A negotiation counts when the consumer holds it FINALIZED.
 * Printed beside the rate: the CPU time of each process per negotiation (store client included; on PostgreSQL the
 * server excluded, on PGlite the embedded database included), the database round trips per negotiation of each
 * process (every query the PostgreSQL driver sends, BEGIN and COMMIT included) and the load average.
 * FOEDERA_BENCH_CPU_PROF=<dir> runs the two nodes under `node --cpu-prof` into that directory.
 * Children run this file with FOEDERA_PROTOCOL_BENCH=<node>.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:https';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { appendAuditBatch } from '../src/audit/store/append.ts';
import type { CatalogDataset } from '../src/catalog/index.ts';
import { putDataset } from '../src/catalog/index.ts';
import { createPeerClient } from '../src/http/peer-client.ts';
import { createProtocolServer } from '../src/http/protocol-server.ts';
import { peerOf } from '../src/http/request-guards.ts';
import { createMetrics } from '../src/node/metrics.ts';
import { dspRoutes } from '../src/protocol/http/dsp-routes.ts';
import type { MessageOffer } from '../src/protocol/messages/odrl.ts';
import { agreementSigner } from '../src/protocol/node/agreement-signer.ts';
import { policyContractDecision } from '../src/protocol/node/contract-decision.ts';
import { peerCertificatePem } from '../src/protocol/node/peer-certificate.ts';
import { peerTransport } from '../src/protocol/node/peer-transport.ts';
import { automaticDeciders } from '../src/protocol/service/deciders.ts';
import { startNegotiation } from '../src/protocol/service/negotiations.ts';
import type { ProtocolDeps } from '../src/protocol/service/ports.ts';
import { startProtocolWorkers } from '../src/protocol/service/workers.ts';
import { systemClock } from '../src/shared/clock.ts';
import { IN_MEMORY, openMetadataStore } from '../src/store/metadata/open.ts';
import type { MetadataStore } from '../src/store/metadata/port.ts';
import { createScratchSchema } from '../src/store/metadata/scratch-schema.ts';
import { RevocationState } from '../src/trust/revocation-state.ts';
import * as x509 from '../src/trust/x509.ts';
import { benchPki, type BenchMaterial } from './support/pki.ts';
import { figure, skipped } from './report.ts';

const SELF = fileURLToPath(import.meta.url);
const DATASETS = 10;
/** Negotiations a user population starts at once, as a management API under load would see them. */
const WAVE = 16;

type NodeName = 'FRA' | 'DEU';
type Pki = Record<NodeName, BenchMaterial>;
type Usage = { cpuMs: number; roundTrips: number; connections: number };
type ToChild = { cmd: 'usage' } | { cmd: 'run'; count: number; provider: string } | { cmd: 'stop' };
type FromChild = { ready: string } | { usage: Usage } | { ran: { seconds: number; finalized: number } };

/** The provider's catalog: labelled datasets releasable to both nations, each with one offer to use it. */
function dataset(i: number): CatalogDataset {
  return {
    id: `urn:dataset:bench-${i}`,
    title: `Bench dataset ${i}`,
    keywords: ['bench'],
    publisher: 'FRA',
    issued: '2026-11-01T00:00:00Z',
    modified: '2026-11-20T00:00:00Z',
    distributions: [{ format: 'HttpData-PULL', mediaType: 'application/octet-stream' }],
    offers: [{ '@type': 'Offer', '@id': `urn:offer:bench-${i}`, permission: [{ action: 'use' }] }],
    label: {
      policy: 'NATO',
      classification: 'NATO RESTRICTED',
      categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] }],
      originator: 'FRA',
      creationTime: '2026-11-26T05:00:00Z',
    },
  };
}

/**
 * Counts every query the PostgreSQL driver sends from this process (one round trip each), except those of the
 * clients in `uncounted` (the bench's own polling).
 */
function countRoundTrips(uncounted: WeakSet<object>): () => number {
  let count = 0;
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = prototype.query;
  prototype.query = function (this: object, ...args: unknown[]) {
    if (!uncounted.has(this)) count += 1;
    return query.apply(this, args);
  };
  return () => count;
}

/** One node: its store, protocol surface, peer client and workers, steered by the parent over IPC. */
async function node(name: NodeName): Promise<void> {
  const uncounted = new WeakSet<object>();
  const roundTrips = countRoundTrips(uncounted);
  const material = (JSON.parse(process.env['FOEDERA_BENCH_PKI'] ?? '{}') as Pki)[name];
  const databaseUrl = process.env['FOEDERA_BENCH_DATABASE_URL'] ?? '';
  const store: MetadataStore = await openMetadataStore(
    databaseUrl === '' ? { dataDir: IN_MEMORY } : { databaseUrl },
  );
  const ca = new x509.X509Certificate(material.ca);
  const revocation = await RevocationState.create(ca, material.crl);
  if (!revocation.ok) throw new Error(`Cannot apply the bench CRL: ${revocation.detail}`);
  const app = createProtocolServer({
    tls: { key: material.key, certificate: material.cert, ca: material.ca },
    revocation: revocation.value,
    logger: pino({ level: 'silent' }),
    metrics: createMetrics({ startedAt: new Date() }),
  });
  let address = '';
  const deps: ProtocolDeps = {
    store,
    node: name,
    get address() {
      return address;
    },
    clock: systemClock,
    audit: async (trx, entries) => {
      await appendAuditBatch(trx, entries);
    },
    newPid: () => `urn:uuid:${randomUUID()}`,
    certificate: material.cert,
  };
  const signing = Promise.resolve({ key: createPrivateKey(material.key), kid: material.serial, ca });
  const deciders = automaticDeciders(deps, {
    decideContract: policyContractDecision({ node: name }),
    signer: agreementSigner(() => signing),
  });
  const peers = createPeerClient({
    key: material.key,
    certificate: material.cert,
    ca: material.ca,
    revocation: revocation.value,
  });
  const workers = startProtocolWorkers(deps, {
    transport: peerTransport(peers),
    deciders,
    onError: (error) => console.error(`# ${name} worker: ${String(error)}`),
  });
  await app.register(
    dspRoutes({
      protocol: deps,
      participantOf: (request) => peerOf(request).participantId,
      peerEvidence: (request) => ({
        country: peerOf(request).countryAlpha3,
        certificate: () => peerCertificatePem(request),
      }),
      kick: workers.kick,
    }),
    { prefix: '/dsp' },
  );
  let connections = 0;
  (app.server as Server).on('secureConnection', () => {
    connections += 1;
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  address = `https://127.0.0.1:${((app.server as Server).address() as { port: number }).port}/dsp`;
  if (name === 'FRA') {
    for (let i = 0; i < DATASETS; i += 1) await putDataset(store.db, dataset(i));
  }

  const run = async (count: number, provider: string) => {
    const offer = (i: number): MessageOffer & { target: string } => ({
      '@type': 'Offer',
      '@id': `urn:offer:bench-${i % DATASETS}`,
      target: `urn:dataset:bench-${i % DATASETS}`,
      permission: [{ action: 'use' }],
    });
    const began = process.hrtime.bigint();
    const pids: string[] = [];
    for (let i = 0; i < count; i += WAVE) {
      const started = await Promise.all(
        Array.from({ length: Math.min(WAVE, count - i) }, (_, j) =>
          startNegotiation(deps, {
            provider: 'FRA',
            providerAddress: provider,
            offer: offer(i + j),
            actor: 'bench',
          }),
        ),
      );
      pids.push(...started.map((s) => s.pid));
      workers.kick();
    }
    // The bench's polls go through a client of their own on PostgreSQL, left out of the round trips counted.
    const poller = databaseUrl === '' ? undefined : new pg.Client({ connectionString: databaseUrl });
    if (poller !== undefined) {
      uncounted.add(poller);
      await poller.connect();
    }
    const ended = async (): Promise<{ state: string }[]> => {
      if (poller === undefined) {
        return store.db
          .selectFrom('dsp_negotiation')
          .select(['state'])
          .where('pid', 'in', pids)
          .where('state', 'in', ['FINALIZED', 'TERMINATED'])
          .execute();
      }
      const result = await poller.query<{ state: string }>(
        `select state from dsp_negotiation where pid = any($1) and state in ('FINALIZED', 'TERMINATED')`,
        [pids],
      );
      return result.rows;
    };
    let rows = await ended();
    while (rows.length < count) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      rows = await ended();
    }
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    await poller?.end();
    return { seconds, finalized: rows.filter((r) => r.state === 'FINALIZED').length };
  };

  const send = (message: FromChild) => process.send?.(message);
  const usage = (): Usage => {
    const cpu = process.cpuUsage();
    // The polls of the run loop above are the bench's, not the node's: they are left in, and small.
    return { cpuMs: (cpu.user + cpu.system) / 1000, roundTrips: roundTrips(), connections };
  };
  process.on('message', (message: ToChild) => {
    if (message.cmd === 'usage') send({ usage: usage() });
    else if (message.cmd === 'run') void run(message.count, message.provider).then((ran) => send({ ran }));
    else {
      void (async () => {
        await workers.stop();
        await app.close();
        peers.close();
        await store.close();
        process.exit(0);
      })();
    }
  });
  send({ ready: address });
}

function child(name: NodeName, env: Record<string, string>): ChildProcess {
  const profile = process.env['FOEDERA_BENCH_CPU_PROF'];
  return fork(SELF, [], {
    execArgv: [
      '--import',
      'tsx',
      ...(profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', join(profile, name)]),
    ],
    env: { ...process.env, FOEDERA_PROTOCOL_BENCH: name, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The next message from `node` that `pick` accepts. */
function answer<T>(node: ChildProcess, pick: (message: FromChild) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromChild) => {
      const value = pick(message);
      if (value === undefined) return;
      node.off('message', onMessage);
      node.off('exit', onExit);
      resolve(value);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`Bench node exited with ${code} before answering`));
    node.on('message', onMessage);
    node.once('exit', onExit);
  });
}

const usageOf = (node: ChildProcess): Promise<Usage> => {
  node.send({ cmd: 'usage' } satisfies ToChild);
  return answer(node, (m) => ('usage' in m ? m.usage : undefined));
};

/**
 * CPU seconds spent so far by the PostgreSQL backends serving `databaseUrl`'s database, from /proc (the server runs
 * on this machine); undefined where /proc cannot be read.
 */
async function serverCpuSeconds(databaseUrl: string): Promise<Map<number, number> | undefined> {
  if ((await readFile('/proc/self/stat', 'utf8').catch(() => undefined)) === undefined) return undefined;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const seconds = new Map<number, number>();
    for (const { pid } of rows) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
      // Fields 14 and 15 (utime, stime) in clock ticks, counted after the command name in parentheses.
      const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields === undefined) continue; // ended since the query
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    }
    return seconds;
  } finally {
    await client.end();
  }
}

/** Linux clock ticks per second (`getconf CLK_TCK`), in which /proc reports CPU time. */
const CLOCK_TICKS = 100;

function serverCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

async function measure(options: {
  label: string;
  tls: Pki;
  databaseUrls: Record<NodeName, string>;
  count: number;
}): Promise<number> {
  const pkiEnv = JSON.stringify(options.tls);
  const start = (name: NodeName) =>
    child(name, { FOEDERA_BENCH_PKI: pkiEnv, FOEDERA_BENCH_DATABASE_URL: options.databaseUrls[name] });
  const fra = start('FRA');
  const deu = start('DEU');
  try {
    const [provider] = await Promise.all([
      answer(fra, (m) => ('ready' in m ? m.ready : undefined)),
      answer(deu, (m) => ('ready' in m ? m.ready : undefined)),
    ]);
    const run = async (count: number) => {
      deu.send({ cmd: 'run', count, provider } satisfies ToChild);
      const ran = await answer(deu, (m) => ('ran' in m ? m.ran : undefined));
      if (ran.finalized !== count)
        throw new Error(`Cannot finish the benchmark: ${ran.finalized}/${count} finalized`);
      return ran;
    };
    await run(Math.min(32, options.count)); // warm-up: JIT, connection pools, TLS connections
    const server = options.databaseUrls.FRA === '' ? undefined : options.databaseUrls.FRA;
    const serverBefore = server === undefined ? undefined : await serverCpuSeconds(server);
    const before = await Promise.all([usageOf(fra), usageOf(deu)]);
    const ran = await run(options.count);
    const after = await Promise.all([usageOf(fra), usageOf(deu)]);
    const serverAfter = server === undefined ? undefined : await serverCpuSeconds(server);
    const per = (i: 0 | 1, key: keyof Usage) => (after[i][key] - before[i][key]) / options.count;
    const embedded = options.label.endsWith('pglite');
    console.log(
      `# ${options.label}: ${options.count} negotiations in ${ran.seconds.toFixed(2)} s; CPU per negotiation ` +
        `provider ${per(0, 'cpuMs').toFixed(2)} ms, consumer ${per(1, 'cpuMs').toFixed(2)} ms ` +
        `(store client included, ${embedded ? 'embedded database included' : 'PostgreSQL server excluded'})` +
        (embedded
          ? ''
          : `; database round trips per negotiation provider ${per(0, 'roundTrips').toFixed(1)}, consumer ${per(1, 'roundTrips').toFixed(1)}`) +
        (serverBefore === undefined || serverAfter === undefined
          ? ''
          : `; PostgreSQL backends of both nodes ${((serverCpuBetween(serverBefore, serverAfter) * 1000) / options.count).toFixed(2)} ms CPU per negotiation`) +
        `; TLS connections accepted during the run provider ${after[0].connections - before[0].connections}, consumer ${after[1].connections - before[1].connections}` +
        `; load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    return options.count / ran.seconds;
  } finally {
    for (const node of [deu, fra]) {
      if (node.exitCode === null) {
        const exited = new Promise((resolve) => node.once('exit', resolve));
        node.send({ cmd: 'stop' } satisfies ToChild);
        await exited;
      }
    }
  }
}

export async function run(options: { scale: number }): Promise<void> {
  const tls = await benchPki(['FRA', 'DEU']);
  const pglite = await measure({
    label: 'negotiations-pglite',
    tls,
    databaseUrls: { FRA: '', DEU: '' },
    count: Math.round(200 * options.scale),
  });
  figure('negotiations-pglite', pglite, 'negotiations/s');
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    skipped('negotiations-postgres', 'DATABASE_URL is not set');
    return;
  }
  const fra = await createScratchSchema(url, 'bench_protocol_fra');
  const deu = await createScratchSchema(url, 'bench_protocol_deu');
  try {
    const postgres = await measure({
      label: 'negotiations-postgres',
      tls,
      databaseUrls: { FRA: fra.databaseUrl, DEU: deu.databaseUrl },
      count: Math.round(1000 * options.scale),
    });
    figure('negotiations-postgres', postgres, 'negotiations/s');
  } finally {
    await fra.drop();
    await deu.drop();
  }
}

const role = process.env['FOEDERA_PROTOCOL_BENCH'];
if (role === 'FRA' || role === 'DEU') await node(role);
