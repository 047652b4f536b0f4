/**
 * Complete contract negotiations per second between two nodes (consumer DEU, provider FRA), each with its own
 * metadata store, DSP routes served by Fastify on loopback HTTP and its own protocol workers (decisions and outbox).
 * A negotiation counts when the consumer holds it FINALIZED: request, agreement, verification and finalization have
 * crossed the wire and each step committed with its outbox rows. Mutual TLS is left out (the caller is named in a
 * header), and the audit port is an in-memory sink until the audit log is wired in.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import { dspRoutes } from '../src/protocol/http/dsp-routes.ts';
import type { MessageOffer } from '../src/protocol/messages/odrl.ts';
import { automaticDeciders } from '../src/protocol/service/deciders.ts';
import { startNegotiation } from '../src/protocol/service/negotiations.ts';
import type { ProtocolDeps, TransportPort } from '../src/protocol/service/ports.ts';
import { startProtocolWorkers, type ProtocolWorkers } from '../src/protocol/service/workers.ts';
import { systemClock } from '../src/shared/clock.ts';
import { IN_MEMORY, openMetadataStore } from '../src/store/metadata/open.ts';
import type { MetadataStore } from '../src/store/metadata/port.ts';
import { createScratchSchema } from '../src/store/metadata/scratch-schema.ts';
import { figure, skipped } from './report.ts';

const PARTICIPANT = 'x-bench-participant';

type BenchNode = {
  name: string;
  deps: ProtocolDeps;
  app: FastifyInstance;
  workers: ProtocolWorkers[];
  store: MetadataStore;
};

const transportFrom =
  (from: string): TransportPort =>
  async ({ url, message }) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PARTICIPANT]: from },
      body: JSON.stringify(message),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };

async function startNode(options: {
  name: string;
  store: MetadataStore;
  workers: number;
}): Promise<BenchNode> {
  const app = Fastify();
  let address = '';
  let audited = 0;
  const deps: ProtocolDeps = {
    store: options.store,
    node: options.name,
    get address() {
      return address;
    },
    clock: systemClock,
    audit: async () => {
      audited += 1;
    },
    newPid: () => `urn:uuid:${randomUUID()}`,
  };
  const deciders = automaticDeciders(deps, { decideContract: () => ({ decision: 'permit', reasons: [] }) });
  const workers: ProtocolWorkers[] = [];
  await app.register(
    dspRoutes({
      protocol: deps,
      participantOf: (request) => {
        const header = request.headers[PARTICIPANT];
        return typeof header === 'string' ? header : undefined;
      },
      kick: () => workers.forEach((w) => w.kick()),
    }),
    { prefix: '/dsp' },
  );
  const listening = await app.listen({ host: '127.0.0.1', port: 0 });
  address = `${listening}/dsp`;
  for (let i = 0; i < options.workers; i += 1) {
    workers.push(
      startProtocolWorkers(deps, {
        transport: transportFrom(options.name),
        deciders,
        pollMs: 20,
        onError: (error) => console.error(`# ${options.name} worker: ${String(error)} (${audited} audited)`),
      }),
    );
  }
  return { name: options.name, deps, app, workers, store: options.store };
}

async function measure(options: {
  label: string;
  open: () => Promise<MetadataStore>;
  count: number;
  workers: number;
}): Promise<number> {
  const fra = await startNode({ name: 'FRA', store: await options.open(), workers: options.workers });
  const deu = await startNode({ name: 'DEU', store: await options.open(), workers: options.workers });
  try {
    const offer = (i: number): MessageOffer & { target: string } => ({
      '@type': 'Offer',
      '@id': `urn:offer:bench-${i}`,
      target: `urn:dataset:bench-${i % 10}`,
      permission: [{ action: 'use' }],
    });
    const run = async (count: number): Promise<number> => {
      const began = process.hrtime.bigint();
      const pids: string[] = [];
      // Users start negotiations concurrently, as a management API under load would see them (16 at a time).
      for (let i = 0; i < count; i += 16) {
        const started = await Promise.all(
          Array.from({ length: Math.min(16, count - i) }, (_, j) =>
            startNegotiation(deu.deps, {
              provider: 'FRA',
              providerAddress: fra.deps.address,
              offer: offer(i + j),
              actor: 'bench',
            }),
          ),
        );
        pids.push(...started.map((s) => s.pid));
        deu.workers.forEach((w) => w.kick());
      }
      for (;;) {
        const row = await deu.store.db
          .selectFrom('dsp_negotiation')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('pid', 'in', pids)
          .where('state', 'in', ['FINALIZED', 'TERMINATED'])
          .executeTakeFirstOrThrow();
        if (Number(row.n) === count) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const finalized = await deu.store.db
        .selectFrom('dsp_negotiation')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('pid', 'in', pids)
        .where('state', '=', 'FINALIZED')
        .executeTakeFirstOrThrow();
      if (Number(finalized.n) !== count)
        throw new Error(`Cannot finish the benchmark: ${finalized.n}/${count} finalized`);
      return (count * 1e9) / Number(process.hrtime.bigint() - began);
    };
    await run(Math.min(20, options.count)); // warm-up: JIT, connection pools, prepared statements
    const cpu = process.cpuUsage();
    const rate = await run(options.count);
    const used = process.cpuUsage(cpu);
    // The machine is shared: the rate follows the load, the CPU time a negotiation costs these node processes less so.
    const perNegotiation = (used.user + used.system) / 1000 / options.count;
    console.log(
      `# ${options.label}: ${perNegotiation.toFixed(2)} ms CPU per negotiation in the two nodes (both roles, store client` +
        ` included${options.label.endsWith('pglite') ? ', embedded database included' : ', PostgreSQL server excluded'}),` +
        ` load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    return rate;
  } finally {
    for (const node of [deu, fra]) {
      for (const w of node.workers) await w.stop();
      await node.app.close();
      await node.store.close();
    }
  }
}

export async function run(options: { scale: number }): Promise<void> {
  const count = Math.round(200 * options.scale);
  const pglite = await measure({
    label: 'negotiations-pglite',
    open: () => openMetadataStore({ dataDir: IN_MEMORY }),
    count,
    workers: 1,
  });
  figure('negotiations-pglite', pglite, 'negotiations/s');
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    skipped('negotiations-postgres', 'DATABASE_URL is not set');
    return;
  }
  const schemas: (() => Promise<void>)[] = [];
  try {
    const postgres = await measure({
      label: 'negotiations-postgres',
      open: async () => {
        const scratch = await createScratchSchema(url, 'bench_protocol');
        schemas.push(scratch.drop);
        return openMetadataStore({ databaseUrl: scratch.databaseUrl });
      },
      count: Math.round(500 * options.scale),
      workers: 4,
    });
    figure('negotiations-postgres', postgres, 'negotiations/s');
  } finally {
    for (const drop of schemas) await drop();
  }
}
