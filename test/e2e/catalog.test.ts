/**
 * The catalog through a real node process: a user publishes a labelled dataset through the management API, peers of
 * the federation request the node's catalog over mutual TLS and see only what is releasable to their nation.
 */
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import { createPublicKey } from 'node:crypto';
import { verifyLabelBinding } from '../../src/labels/index.ts';
import type { CatalogDataset } from '../../src/catalog/index.ts';
import { metadataDigest } from '../../src/catalog/http/publish.ts';
import {
  credentialsOf,
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type Credentials,
  type NodeProcess,
} from './support/federation.ts';
import { putContent } from './support/management.ts';
import { validateDspMessage } from '../../src/protocol/validate.ts';
import { SCENARIOS, type CatalogScenario } from '../conformance/scenarios.ts';

const ALICE = { nationality: 'FRA', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['publisher'] };
const CONTEXT = ['https://w3id.org/dspace/2025/1/context.jsonld'];

function dataset(id: string, releasableTo: string[]): Record<string, unknown> {
  return {
    id: `urn:uuid:${id}`,
    title: `Fuel consumption ${id}`,
    keywords: ['logistics', 'fuel'],
    distributions: [{ format: 'HttpData-PULL', mediaType: 'application/parquet' }],
    offers: [{ '@id': `urn:uuid:offer-${id}`, '@type': 'Offer', permission: [{ action: 'use' }] }],
    label: {
      policy: 'NATO',
      classification: 'NATO UNCLASSIFIED',
      categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: releasableTo }],
      originator: 'urn:foedera:participant:FRA',
      creationTime: '2026-11-26T05:00:00Z',
    },
  };
}

type Answer = { status: number; headers: Record<string, unknown>; body: string };

function dsp(options: {
  url: string;
  credentials: Credentials;
  method: string;
  body?: unknown;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpsRequest(
      options.url,
      {
        method: options.method,
        agent: false,
        ca: options.credentials.ca,
        ...(options.credentials.key === undefined ? {} : { key: options.credentials.key }),
        ...(options.credentials.cert === undefined ? {} : { cert: options.credentials.cert }),
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('the catalog of a node process', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let node: NodeProcess | undefined;
  let deuNode: NodeProcess | undefined;
  let deuToken = '';
  let token = '';
  const creds: Record<string, Credentials> = {};
  const home = (id: string) => join(dir.path, id);
  const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${node?.run.managementUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const catalogOf = async (peer: string, query = '') => {
    const answer = await dsp({
      url: `${node?.run.protocolUrl}/dsp/catalog/request${query}`,
      credentials: creds[peer] ?? { ca: '' },
      method: 'POST',
      body: { '@context': CONTEXT, '@type': 'CatalogRequestMessage' },
    });
    return { ...answer, json: JSON.parse(answer.body) as { dataset?: { '@id': string }[] } };
  };
  const ids = (catalog: { dataset?: { '@id': string }[] }) => (catalog.dataset ?? []).map((d) => d['@id']);

  before(async () => {
    dir = await tempDir('catalog');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU', 'ITA']);
    await writeUserDirectory(join(home('FRA'), 'idp', 'users.json'), { users: { alice: ALICE } });
    for (const id of ['DEU', 'ITA']) creds[id] = await credentialsOf(home(id));
    await writeUserDirectory(join(home('DEU'), 'idp', 'users.json'), { users: { alice: ALICE } });
    [node, deuNode] = await Promise.all([startNodeProcess(home('FRA')), startNodeProcess(home('DEU'))]);
    token = await issueUserToken({ home: home('FRA'), user: 'alice', ttl: '10m' });
    deuToken = await issueUserToken({ home: home('DEU'), user: 'alice', ttl: '10m' });
  });

  after(async () => {
    await Promise.all([stopNodeProcess(node), stopNodeProcess(deuNode)]);
    await dir.remove();
  });

  test('publishing refuses bad input with a problem document naming the field', async () => {
    const empty = await api('/v1/datasets', {
      method: 'POST',
      body: { ...dataset('bad', ['FRA']), distributions: [] },
    });
    assert.equal(empty.status, 400);
    const problem = (await empty.json()) as { errors: { field: string }[]; detail: string };
    assert.equal(problem.errors[0]?.field, 'distributions');
    const badLabel = dataset('bad', ['FRA']);
    (badLabel.label as Record<string, unknown>).policy = 'USA';
    const unknown = await api('/v1/datasets', { method: 'POST', body: badLabel });
    assert.equal(unknown.status, 400);
    assert.match(((await unknown.json()) as { detail: string }).detail, /label .*USA/);
    assert.equal((await api('/v1/datasets/urn:uuid:bad')).status, 404);
  });

  test('publishing stores the dataset with a label binding the node signed over its metadata', async () => {
    const published = await api('/v1/datasets', { method: 'POST', body: dataset('fra-deu', ['FRA', 'DEU']) });
    assert.equal(published.status, 201, await published.clone().text());
    const body = (await published.json()) as CatalogDataset;
    const key = createPublicKey((await credentialsOf(home('FRA'))).cert);
    const verified = await verifyLabelBinding({
      dataDigest: metadataDigest(body),
      binding: body.labelBinding,
      label: body.label,
      key,
    });
    assert.ok(verified.ok, verified.ok ? '' : verified.detail);
    const tampered = await verifyLabelBinding({
      dataDigest: metadataDigest({ ...body, title: 'Another title' }),
      binding: body.labelBinding,
      label: body.label,
      key,
    });
    assert.equal(tampered.ok, false);
    assert.equal(body.publisher, 'urn:foedera:participant:FRA');
    const again = await api('/v1/datasets', { method: 'POST', body: dataset('fra-deu', ['FRA', 'DEU']) });
    assert.equal(again.status, 409);
    const stored = await api(`/v1/datasets/${encodeURIComponent('urn:uuid:fra-deu')}`);
    assert.equal(stored.status, 200);
    assert.deepEqual(await stored.json(), body);
  });

  test('a peer of a releasable nation sees the dataset in its catalog, one of another nation does not', async () => {
    assert.equal(
      (await api('/v1/datasets', { method: 'POST', body: dataset('nato', ['NATO']) })).status,
      201,
    );
    const deu = await catalogOf('DEU');
    assert.equal(deu.status, 200, deu.body);
    assert.deepEqual(ids(deu.json).sort(), ['urn:uuid:fra-deu', 'urn:uuid:nato']);
    const ita = await catalogOf('ITA');
    assert.equal(ita.status, 200, ita.body);
    assert.deepEqual(ids(ita.json), ['urn:uuid:nato']);
  });

  test('once it has content, a dataset shows its encrypted object as distributions served by the data plane', async () => {
    const put = await putContent({
      node,
      token,
      datasetId: 'urn:uuid:nato',
      body: 'day,litres\n2026-11-26,39850\n',
    });
    assert.equal(put.status, 201, await put.text());
    const deu = await catalogOf('DEU');
    const shown = (
      deu.json as { dataset?: { '@id': string; distribution: Record<string, unknown>[] }[] }
    ).dataset?.find((d) => d['@id'] === 'urn:uuid:nato');
    const encrypted = (shown?.distribution ?? []).filter(
      (d) => d['dcat:mediaType'] === 'application/vnd.foedera.encrypted-object',
    );
    assert.deepEqual(
      encrypted.map((d) => [d.format, d.accessService]),
      ['HttpData-PULL', 'HttpData-PUSH'].map((format) => [
        format,
        {
          '@id': 'urn:foedera:dataplane:FRA',
          '@type': 'DataService',
          endpointURL: `${node?.run.protocolUrl}/dataplane`,
        },
      ]),
    );
    // 28 bytes of plaintext in one segment, with its 16-byte GCM tag.
    assert.deepEqual(
      encrypted.map((d) => d['dcat:byteSize']),
      [44, 44],
    );
    const one = await dsp({
      url: `${node?.run.protocolUrl}/dsp/catalog/datasets/${encodeURIComponent('urn:uuid:nato')}`,
      credentials: creds.DEU ?? { ca: '' },
      method: 'GET',
    });
    assert.equal(one.status, 200, one.body);
    assert.equal(
      (JSON.parse(one.body) as { distribution: unknown[] }).distribution.length,
      (shown?.distribution ?? []).length,
    );
  });

  test('a dataset not releasable to the caller answers 404 exactly like an unknown one', async () => {
    const url = (id: string) => `${node?.run.protocolUrl}/dsp/catalog/datasets/${encodeURIComponent(id)}`;
    const seen = await dsp({
      url: url('urn:uuid:fra-deu'),
      credentials: creds.DEU ?? { ca: '' },
      method: 'GET',
    });
    assert.equal(seen.status, 200, seen.body);
    assert.equal((JSON.parse(seen.body) as { '@id': string })['@id'], 'urn:uuid:fra-deu');
    const hidden = await dsp({
      url: url('urn:uuid:fra-deu'),
      credentials: creds.ITA ?? { ca: '' },
      method: 'GET',
    });
    const unknown = await dsp({
      url: url('urn:uuid:nowhere'),
      credentials: creds.ITA ?? { ca: '' },
      method: 'GET',
    });
    assert.equal(hidden.status, 404);
    assert.deepEqual([hidden.status, hidden.body], [unknown.status, unknown.body]);
  });

  test('every catalog answer to a peer is audited with what it released and what it withheld', async () => {
    const response = await api('/v1/audit/entries?limit=100&kind=catalog.released&actor=participant:ITA');
    assert.equal(response.status, 200);
    const { entries } = (await response.json()) as { entries: { subject: string; details: unknown }[] };
    const recorded = (subject: string) => entries.filter((e) => e.subject === subject).map((e) => e.details);
    assert.deepEqual(
      recorded('catalog').filter((d) => JSON.stringify(d).includes('urn:uuid:nato')),
      [{ offset: 0, released: ['urn:uuid:nato'], withheld: ['urn:uuid:fra-deu'] }],
    );
    assert.deepEqual(recorded('dataset:urn:uuid:fra-deu'), [
      { released: [], withheld: ['urn:uuid:fra-deu'] },
    ]);
    // An unknown id decides nothing about any dataset, so it leaves no entry.
    assert.deepEqual(recorded('dataset:urn:uuid:nowhere'), []);
  });

  test('the catalog request is validated and paged with a Link header', async () => {
    const invalid = await dsp({
      url: `${node?.run.protocolUrl}/dsp/catalog/request`,
      credentials: creds.DEU ?? { ca: '' },
      method: 'POST',
      body: { '@type': 'CatalogRequestMessage' },
    });
    assert.equal(invalid.status, 400);
    const first = await catalogOf('DEU', '?limit=1');
    assert.equal(ids(first.json).length, 1);
    const link = String(first.headers.link);
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    assert.ok(next, link);
    const second = await catalogOf('DEU', next.slice(next.indexOf('?')));
    assert.equal(ids(second.json).length, 1);
    assert.equal(second.headers.link, undefined);
    assert.notDeepEqual(ids(first.json), ids(second.json));
  });

  // The DSP TCK catalog scenarios (test/conformance/scenarios.ts), the node as provider behind its mutual TLS: each
  // answer must validate against the DSP 2025-1 schemas, and an unknown dataset must answer an error status.
  for (const scenario of SCENARIOS.filter((s): s is CatalogScenario => s.protocol === 'catalog')) {
    test(`DSP TCK ${scenario.id} (node as ${scenario.role}): ${scenario.title}`, async () => {
      for (const step of scenario.steps) {
        const datasetUrl = (id: string) =>
          `${node?.run.protocolUrl}/dsp/catalog/datasets/${encodeURIComponent(id)}`;
        const credentials = creds.DEU ?? { ca: '' };
        switch (step.action) {
          case 'catalog-request': {
            const request = { '@context': CONTEXT, '@type': 'CatalogRequestMessage' };
            assert.equal(validateDspMessage('CatalogRequestMessage', request).ok, true);
            const answer = await catalogOf('DEU');
            assert.equal(answer.status, 200, answer.body);
            const valid = validateDspMessage('Catalog', answer.json);
            assert.ok(valid.ok, valid.ok ? '' : valid.detail);
            assert.ok(ids(answer.json).includes('urn:uuid:fra-deu'));
            break;
          }
          case 'dataset-request': {
            const answer = await dsp({ url: datasetUrl('urn:uuid:fra-deu'), credentials, method: 'GET' });
            assert.equal(answer.status, 200, answer.body);
            const valid = validateDspMessage('Dataset', JSON.parse(answer.body));
            assert.ok(valid.ok, valid.ok ? '' : valid.detail);
            break;
          }
          case 'unknown-dataset-request': {
            const answer = await dsp({ url: datasetUrl('urn:uuid:nowhere'), credentials, method: 'GET' });
            assert.equal(answer.status, 404, answer.body);
            break;
          }
          case 'version-request':
            assert.fail('Cannot run a metadata step in a catalog scenario');
        }
        assert.equal(step.expect, step.action === 'unknown-dataset-request' ? 'error' : 'ok');
      }
    });
  }

  test('the management catalog searches and lists the datasets, and the OpenAPI document describes them', async () => {
    const found = await api('/v1/catalog?q=fuel%20fra-deu');
    assert.equal(found.status, 200);
    const items = ((await found.json()) as { items: { id: string }[] }).items.map((d) => d.id);
    assert.deepEqual(items, ['urn:uuid:fra-deu']);
    const forIta = (await (await api('/v1/catalog?releasableTo=ITA')).json()) as { items: { id: string }[] };
    assert.deepEqual(
      forIta.items.map((d) => d.id),
      ['urn:uuid:nato'],
    );
    const list = (await (await api('/v1/datasets?limit=1')).json()) as { items: unknown[]; next?: number };
    assert.deepEqual([list.items.length, list.next], [1, 1]);
    const openapi = (await (await fetch(`${node?.run.managementUrl}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of ['/v1/datasets', '/v1/datasets/{id}', '/v1/catalog'])
      assert.ok(openapi.paths[path], path);
  });

  test('another node fetches the catalog over mutual TLS into its federated cache and finds it by search', async () => {
    const deuApi = (path: string, body?: unknown) =>
      fetch(`${deuNode?.run.managementUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${deuToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const refreshed = await deuApi('/v1/catalog/refresh', {
      peer: 'FRA',
      url: `${node?.run.protocolUrl}/dsp`,
    });
    assert.equal(refreshed.status, 200, await refreshed.clone().text());
    assert.equal(((await refreshed.json()) as { datasets: number }).datasets, 2);
    const wrong = await deuApi('/v1/catalog/refresh', { peer: 'ITA', url: `${node?.run.protocolUrl}/dsp` });
    assert.equal(wrong.status, 502);
    assert.match(((await wrong.json()) as { detail: string }).detail, /server is "FRA", expected "ITA"/);
    const found = await deuApi('/v1/catalog?q=fuel&peer=FRA');
    const items = (
      (await found.json()) as {
        items: { dataset: { id: string; label: unknown }; peer: string; endpoint?: string }[];
      }
    ).items;
    // Where FRA speaks the protocol, as its catalog's DataService names it (the port included).
    assert.deepEqual(
      items.map((i) => i.endpoint),
      items.map(() => `${node?.run.protocolUrl}/dsp`),
    );
    assert.deepEqual(items.map((i) => [i.peer, i.dataset.id]).sort(), [
      ['FRA', 'urn:uuid:fra-deu'],
      ['FRA', 'urn:uuid:nato'],
    ]);
    assert.deepEqual(
      items.find((i) => i.dataset.id === 'urn:uuid:fra-deu')?.dataset.label,
      dataset('x', ['FRA', 'DEU']).label,
    );
  });

  test('a negotiation for a dataset of the federated catalog starts without the provider address', async () => {
    const start = (provider: string) =>
      fetch(`${deuNode?.run.managementUrl}/v1/negotiations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${deuToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          provider,
          offer: {
            '@id': 'urn:uuid:offer-fra-deu',
            '@type': 'Offer',
            target: 'urn:uuid:fra-deu',
            permission: [{ action: 'use' }],
          },
        }),
      });
    const started = await start('FRA');
    assert.equal(started.status, 201, await started.clone().text());
    const { pid } = (await started.json()) as { pid: string };
    // Sent where the federated catalog said: FRA answers and the negotiation leaves REQUESTED for an end.
    let state = '';
    await waitFor(
      async () => {
        const view = await fetch(`${deuNode?.run.managementUrl}/v1/negotiations/${encodeURIComponent(pid)}`, {
          headers: { authorization: `Bearer ${deuToken}` },
        });
        state = ((await view.json()) as { state: string }).state;
        return state === 'FINALIZED' || state === 'TERMINATED';
      },
      { timeoutMs: 60_000, intervalMs: 250, what: `negotiation ${pid} to end` },
    );
    assert.equal(state, 'FINALIZED');
    // ITA's catalog was never fetched (the refresh above found FRA's server instead): no address to send to.
    const unknown = await start('ITA');
    assert.equal(unknown.status, 400);
    const problem = (await unknown.json()) as { type: string; detail: string };
    assert.match(problem.type, /unknown-provider-address/);
    assert.match(problem.detail, /no catalog of "ITA" in the federated catalog/);
  });

  test('replacing and withdrawing a dataset change what peers see', async () => {
    const id = encodeURIComponent('urn:uuid:fra-deu');
    const put = await api(`/v1/datasets/${id}`, {
      method: 'PUT',
      body: dataset('fra-deu', ['FRA', 'DEU', 'ITA']),
    });
    assert.equal(put.status, 200, await put.clone().text());
    assert.deepEqual(ids((await catalogOf('ITA')).json).sort(), ['urn:uuid:fra-deu', 'urn:uuid:nato']);
    assert.equal((await api(`/v1/datasets/${id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await api(`/v1/datasets/${id}`, { method: 'DELETE' })).status, 404);
    assert.deepEqual(ids((await catalogOf('DEU')).json), ['urn:uuid:nato']);
  });
});
