import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { dspRoutes } from '../../src/protocol/http/dsp-routes.ts';
import { dspVersionRoute } from '../../src/protocol/http/version-route.ts';
import * as cnb from '../../src/protocol/messages/negotiation-builders.ts';
import type { ProtocolDeps } from '../../src/protocol/service/ports.ts';
import { validateDspMessage } from '../../src/protocol/validate.ts';
import { IN_MEMORY, openMetadataStore } from '../../src/store/metadata/open.ts';
import type { MetadataStore } from '../../src/store/metadata/port.ts';
import { createScratchSchema, type ScratchSchema } from '../../src/store/metadata/scratch-schema.ts';
import { runNegotiationOverHttp, runTransferOverHttp, TCK, TCK_HEADER, type CutNode } from './http-runner.ts';
import { SCENARIOS } from './scenarios.ts';

// One node under test serves every scenario (each with its own process ids): PostgreSQL when DATABASE_URL is set,
// otherwise embedded PGlite.
let node: CutNode;
let store: MetadataStore;
let app: FastifyInstance;
let scratch: ScratchSchema | undefined;

before(async () => {
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    scratch = await createScratchSchema(url, 'conformance');
    store = await openMetadataStore({ databaseUrl: scratch.databaseUrl });
  } else {
    store = await openMetadataStore({ dataDir: IN_MEMORY });
  }
  const deps: ProtocolDeps = {
    store,
    node: 'CUT',
    address: 'https://cut.test/dsp',
    clock: () => new Date(),
    audit: async () => {},
    newPid: () => `urn:uuid:${randomUUID()}`,
  };
  app = Fastify();
  await app.register(dspVersionRoute({ dspPath: '/dsp' }));
  await app.register(
    dspRoutes({
      protocol: deps,
      participantOf: (request) => {
        const header = request.headers[TCK_HEADER];
        return typeof header === 'string' ? header : undefined;
      },
      kick: () => {},
    }),
    { prefix: '/dsp' },
  );
  await app.ready();
  node = { app, deps };
});

after(async () => {
  await app?.close();
  await store?.close();
  await scratch?.drop();
});

describe('DSP TCK scenarios over the HTTPS binding', () => {
  for (const scenario of SCENARIOS) {
    const name = `${scenario.id} (node as ${scenario.role}): ${scenario.title}`;
    switch (scenario.protocol) {
      case 'negotiation':
        test(name, () => runNegotiationOverHttp(node, scenario));
        break;
      case 'transfer':
        test(`${name} (pull)`, () => runTransferOverHttp(node, scenario, 'pull'));
        test(`${name} (push)`, () => runTransferOverHttp(node, scenario, 'push'));
        break;
      case 'metadata':
        test(name, async () => {
          const response = await app.inject({ method: 'GET', url: '/.well-known/dspace-version' });
          assert.equal(response.statusCode, 200);
          const body = response.json() as { protocolVersions: { version: string; path: string }[] };
          assert.equal(validateDspMessage('VersionResponse', body).ok, true);
          assert.deepEqual(
            body.protocolVersions.map((v) => [v.version, v.path]),
            [['2025-1', '/dsp']],
          );
        });
        break;
      case 'catalog':
        // Served by the catalog module behind a node's mutual TLS: test/e2e/catalog.test.ts runs these scenarios.
        break;
    }
  }
});

describe('DSP HTTPS binding error answers', () => {
  const open = async (participant: string) => {
    const message = cnb.contractRequestMessage({
      consumerPid: `urn:uuid:${randomUUID()}`,
      offer: {
        '@type': 'Offer',
        '@id': 'urn:offer:x',
        target: 'urn:dataset:x',
        permission: [{ action: 'use' }],
      },
      callbackAddress: 'https://peer.test/cb',
    });
    const response = await app.inject({
      method: 'POST',
      url: '/dsp/negotiations/request',
      payload: message,
      headers: { [TCK_HEADER]: participant },
    });
    assert.equal(response.statusCode, 201);
    return response.json() as { providerPid: string; consumerPid: string };
  };

  test('an unknown negotiation and another participant\u2019s negotiation both answer 404', async () => {
    const pids = await open('DEU');
    const unknown = await app.inject({
      method: 'GET',
      url: '/dsp/negotiations/urn:uuid:none',
      headers: { [TCK_HEADER]: 'DEU' },
    });
    const foreign = await app.inject({
      method: 'GET',
      url: `/dsp/negotiations/${encodeURIComponent(pids.providerPid)}`,
      headers: { [TCK_HEADER]: 'ITA' },
    });
    const foreignPost = await app.inject({
      method: 'POST',
      url: `/dsp/negotiations/${encodeURIComponent(pids.providerPid)}/termination`,
      payload: cnb.contractNegotiationTerminationMessage(pids),
      headers: { [TCK_HEADER]: 'ITA' },
    });
    assert.deepEqual([unknown.statusCode, foreign.statusCode, foreignPost.statusCode], [404, 404, 404]);
    assert.equal(foreign.body, unknown.body);
  });

  test('a call without a participant identity answers 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/dsp/negotiations/urn:uuid:none' });
    assert.equal(response.statusCode, 404);
  });

  test('a schema-invalid message is refused with 400 and a problem document naming the JSON pointer', async () => {
    const pids = await open('DEU');
    const response = await app.inject({
      method: 'POST',
      url: `/dsp/negotiations/${encodeURIComponent(pids.providerPid)}/events`,
      payload: {
        ...cnb.contractNegotiationEventMessage({ ...pids, eventType: 'ACCEPTED' }),
        eventType: 'MAYBE',
      },
      headers: { [TCK_HEADER]: 'DEU' },
    });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    const body = response.json() as { code: string; errors: { field: string }[] };
    assert.equal(body.code, 'invalid-dsp-message');
    assert.ok(body.errors.some((e) => e.field === '/eventType'));
    const state = await app.inject({
      method: 'GET',
      url: `/dsp/negotiations/${encodeURIComponent(pids.providerPid)}`,
      headers: { [TCK_HEADER]: 'DEU' },
    });
    assert.equal((state.json() as { state: string }).state, 'REQUESTED', 'nothing changed');
  });

  test('a message whose body names another process than the path is refused with 400', async () => {
    const pids = await open('DEU');
    const response = await app.inject({
      method: 'POST',
      url: `/dsp/negotiations/${encodeURIComponent(pids.providerPid)}/termination`,
      payload: cnb.contractNegotiationTerminationMessage({ ...pids, providerPid: 'urn:uuid:other' }),
      headers: { [TCK_HEADER]: 'DEU' },
    });
    assert.equal(response.statusCode, 400);
    const body = response.json() as { code: string };
    assert.equal(validateDspMessage('ContractNegotiationError', body).ok, true);
    assert.equal(body.code, 'pid-mismatch');
  });

  test('the same consumerPid with a different request is refused, not opened twice', async () => {
    const pids = await open(TCK);
    const response = await app.inject({
      method: 'POST',
      url: '/dsp/negotiations/request',
      payload: cnb.contractRequestMessage({
        consumerPid: pids.consumerPid,
        offer: {
          '@type': 'Offer',
          '@id': 'urn:offer:y',
          target: 'urn:dataset:y',
          permission: [{ action: 'use' }],
        },
        callbackAddress: 'https://peer.test/cb',
      }),
      headers: { [TCK_HEADER]: TCK },
    });
    assert.equal(response.statusCode, 400);
    assert.equal((response.json() as { code: string }).code, 'duplicate-process');
  });
});
