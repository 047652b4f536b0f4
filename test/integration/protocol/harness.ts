// Two or more protocol nodes in one process for integration tests: each has its own metadata store (PGlite in
// memory, or a scratch schema on PostgreSQL when DATABASE_URL is set) and its own Fastify app serving the DSP routes.
// Messages between nodes go through `app.inject`, i.e. the real routing, parsing, validation and error mapping; only
// mutual TLS is left out, the caller's participant travelling in a test-only header instead.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AuditEntryInput } from '../../../src/audit/entry/entry.ts';
import { dspRoutes } from '../../../src/protocol/http/dsp-routes.ts';
import { protocolManagementRoutes } from '../../../src/protocol/http/management-routes.ts';
import {
  automaticDeciders,
  type AgreementSigner,
  type ContractDecisionPort,
} from '../../../src/protocol/service/deciders.ts';
import { runPendingDecisions, type Deciders } from '../../../src/protocol/service/decision-worker.ts';
import { deliverDue } from '../../../src/protocol/service/outbox-worker.ts';
import type { ProtocolDeps, TransportPort } from '../../../src/protocol/service/ports.ts';
import { httpDataAddress } from '../../../src/protocol/messages/transfer-builders.ts';
import { IN_MEMORY, openMetadataStore } from '../../../src/store/metadata/open.ts';
import type { MetadataStore } from '../../../src/store/metadata/port.ts';
import { createScratchSchema } from '../../../src/store/metadata/scratch-schema.ts';

export const PARTICIPANT_HEADER = 'x-test-participant';

export type TestClock = { now: Date; advance(ms: number): void };

export type TestNode = {
  name: string;
  deps: ProtocolDeps;
  deciders: Deciders;
  app: FastifyInstance;
  store: MetadataStore;
  audit: AuditEntryInput[];
  /** When true, this node's HTTP endpoint is unreachable (the transport throws as a refused connection would). */
  down: boolean;
};

export type Federation = {
  nodes: Map<string, TestNode>;
  clock: TestClock;
  transportFrom(name: string): TransportPort;
  /** Runs every node's decisions and outbox until nothing moves; returns the number of rounds. */
  pump(): Promise<number>;
  close(): Promise<void>;
};

export const permitAll: ContractDecisionPort = () => ({ decision: 'permit', reasons: [] });

/** A stand-in decision rule for flow tests: denies the datasets listed, with a releasability reason. */
export const denyDatasets =
  (denied: readonly string[]): ContractDecisionPort =>
  ({ consumer, offer }) =>
    denied.includes(offer.target)
      ? {
          decision: 'deny',
          reasons: [
            {
              code: 'not-releasable',
              detail: `${consumer} is not in the releasable-to list of "${offer.target}"`,
            },
          ],
        }
      : { decision: 'permit', reasons: [] };

export async function createFederation(options: {
  names: string[];
  databaseUrl?: string | undefined;
  decideContract?: ContractDecisionPort;
  /** Each node's agreement signer, when agreements are to be signed; its certificate is `certificate:<name>`. */
  signerOf?: (name: string) => AgreementSigner | undefined;
}): Promise<Federation> {
  const clock: TestClock = {
    now: new Date('2026-11-26T06:00:00Z'),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const nodes = new Map<string, TestNode>();
  const cleanup: (() => Promise<void>)[] = [];

  const transportFrom =
    (from: string): TransportPort =>
    async ({ url, message }) => {
      const target = new URL(url);
      const node = nodes.get(target.hostname.replace(/\.test$/, ''));
      if (node === undefined || node.down) throw new Error(`connect ECONNREFUSED ${target.host}`);
      const response = await node.app.inject({
        method: 'POST',
        url: target.pathname,
        payload: message as object,
        headers: { 'content-type': 'application/json', [PARTICIPANT_HEADER]: from },
      });
      return { status: response.statusCode, body: response.body === '' ? undefined : response.json() };
    };

  for (const name of options.names) {
    let store: MetadataStore;
    if (options.databaseUrl !== undefined) {
      const scratch = await createScratchSchema(options.databaseUrl, `protocol_${name.toLowerCase()}`);
      store = await openMetadataStore({ databaseUrl: scratch.databaseUrl });
      cleanup.push(scratch.drop);
    } else {
      store = await openMetadataStore({ dataDir: IN_MEMORY });
    }
    cleanup.push(() => store.close());
    const audit: AuditEntryInput[] = [];
    const deps: ProtocolDeps = {
      store,
      node: name,
      address: `https://${name.toLowerCase()}.test/dsp`,
      clock: () => clock.now,
      audit: async (_trx, entries) => {
        audit.push(...entries);
      },
      newPid: () => `urn:uuid:${randomUUID()}`,
      certificate: `certificate:${name}`,
    };
    const signer = options.signerOf?.(name);
    const deciders = automaticDeciders(deps, {
      ...(signer === undefined ? {} : { signer }),
      decideContract: options.decideContract ?? permitAll,
      dataAddressFor: (transfer) =>
        transfer.format.endsWith('PULL')
          ? httpDataAddress({
              endpoint: `https://${name.toLowerCase()}.test/data/${encodeURIComponent(transfer.agreementId)}`,
            })
          : undefined,
    });
    const app = Fastify();
    await app.register(
      dspRoutes({
        protocol: deps,
        participantOf: (request) => {
          const header = request.headers[PARTICIPANT_HEADER];
          return typeof header === 'string' ? header : undefined;
        },
        kick: () => {},
        // Stands in for the caller's certificate: its nation and a token that names it.
        peerEvidence: (request) => ({
          country: String(request.headers[PARTICIPANT_HEADER]),
          certificate: () => `certificate:${String(request.headers[PARTICIPANT_HEADER])}`,
        }),
      }),
      { prefix: '/dsp' },
    );
    await app.register(
      protocolManagementRoutes({ protocol: deps, actorOf: () => `user:operator@${name}`, kick: () => {} }),
      {
        prefix: '/v1',
      },
    );
    await app.ready();
    cleanup.push(() => app.close());
    nodes.set(name.toLowerCase(), { name, deps, deciders, app, store, audit, down: false });
  }

  const pump = async (): Promise<number> => {
    for (let round = 1; round <= 100; round += 1) {
      let moved = 0;
      for (const node of nodes.values()) {
        moved += await runPendingDecisions(node.deps, { deciders: node.deciders, limit: 100 });
        const report = await deliverDue(node.deps, { transport: transportFrom(node.name), limit: 100 });
        moved += report.delivered + report.rejected;
      }
      if (moved === 0) return round;
    }
    throw new Error('Cannot settle the federation: still moving after 100 rounds');
  };

  return {
    nodes,
    clock,
    transportFrom,
    pump,
    close: async () => {
      for (const step of cleanup.reverse()) await step();
    },
  };
}

export function nodeOf(federation: Federation, name: string): TestNode {
  const node = federation.nodes.get(name.toLowerCase());
  if (node === undefined) throw new Error(`No test node "${name}"`);
  return node;
}
