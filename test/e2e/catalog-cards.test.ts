/**
 * Croissant cards through real node processes: publishing validates the card and names the failing field, the DSP
 * catalog carries the card only within datasets releasable to the caller, a card import makes a new immutable
 * version, and another node's federated search filters the fetched catalog by task, modality, size and field.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import { changed, vehicleCard } from '../../src/cards/_testing/cards.ts';
import {
  callProtocol,
  credentialsOf,
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  type NodeProcess,
} from './support/federation.ts';
import { managementCall, type ManagementInit } from './support/management.ts';

const ALICE = { nationality: 'FRA', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['publisher'] };

function dataset(id: string, releasableTo: string[], card?: unknown): Record<string, unknown> {
  return {
    id: `urn:uuid:${id}`,
    title: `Aerial vehicles ${id}`,
    keywords: ['imagery'],
    distributions: [{ format: 'HttpData-PULL', mediaType: 'application/x-tar' }],
    offers: [{ '@id': `urn:uuid:offer-${id}`, '@type': 'Offer', permission: [{ action: 'use' }] }],
    label: {
      policy: 'NATO',
      classification: 'NATO RESTRICTED',
      categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: releasableTo }],
      originator: 'urn:foedera:participant:FRA',
      creationTime: '2026-11-26T05:00:00Z',
    },
    ...(card === undefined ? {} : { card }),
  };
}

type Problem = { status: number; code?: string; detail: string; errors?: { field: string }[] };

describe('Croissant cards across two node processes', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let fra: NodeProcess | undefined;
  let deu: NodeProcess | undefined;
  const tokens: Record<string, string> = {};
  const home = (id: string) => join(dir.path, id);
  const fraApi = (path: string, init?: ManagementInit) => managementCall(fra, tokens.FRA ?? '')(path, init);
  const deuApi = (path: string, init?: ManagementInit) => managementCall(deu, tokens.DEU ?? '')(path, init);
  const enc = encodeURIComponent;

  before(async () => {
    dir = await tempDir('cards');
    await makeFederation(dir.path, 'E2E', ['FRA', 'DEU']);
    for (const id of ['FRA', 'DEU'])
      await writeUserDirectory(join(home(id), 'idp', 'users.json'), { users: { alice: ALICE } });
    [fra, deu] = await Promise.all([startNodeProcess(home('FRA')), startNodeProcess(home('DEU'))]);
    tokens.FRA = await issueUserToken({ home: home('FRA'), user: 'alice', ttl: '20m' });
    tokens.DEU = await issueUserToken({ home: home('DEU'), user: 'alice', ttl: '20m' });
  });

  after(async () => {
    await Promise.all([stopNodeProcess(fra), stopNodeProcess(deu)]);
    await dir.remove();
  });

  test('a malformed card is refused with a problem document naming the field', async () => {
    const bad = changed(vehicleCard(), ['recordSet', 1, 'field', 2, 'dataType'], 'sc:Strng');
    const refused = await fraApi('/v1/datasets', { method: 'POST', body: dataset('bad', ['FRA'], bad) });
    assert.equal(refused.status, 400);
    const problem = (await refused.json()) as Problem;
    assert.equal(problem.errors?.[0]?.field, 'card.recordSet[1].field[2].dataType');
    assert.match(problem.detail, /"sc:Strng" is not a known data type/);
    const missing = changed(vehicleCard(), ['distribution', 0, 'encodingFormat'], undefined);
    const second = (await (
      await fraApi('/v1/datasets', { method: 'POST', body: dataset('bad', ['FRA'], missing) })
    ).json()) as Problem;
    assert.equal(second.errors?.[0]?.field, 'card.distribution[0].encodingFormat');
    assert.equal((await fraApi(`/v1/datasets/${enc('urn:uuid:bad')}`)).status, 404, 'nothing was stored');
  });

  test('a published card is exposed with the DCAT dataset, only to peers the dataset is releasable to', async () => {
    const shared = await fraApi('/v1/datasets', {
      method: 'POST',
      body: dataset('shared', ['FRA', 'DEU'], vehicleCard()),
    });
    assert.equal(shared.status, 201, await shared.clone().text());
    const body = (await shared.json()) as { version: string; card: unknown };
    assert.match(body.version, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(body.card, vehicleCard());
    const national = changed(vehicleCard(), ['foedera:task'], ['target-recognition']);
    assert.equal(
      (await fraApi('/v1/datasets', { method: 'POST', body: dataset('national', ['FRA'], national) })).status,
      201,
    );

    const exported = await fraApi(`/v1/datasets/${enc('urn:uuid:shared')}/card`);
    assert.equal(exported.status, 200);
    assert.match(
      exported.headers.get('content-type') ?? '',
      /application\/ld\+json; profile="http:\/\/mlcommons.org\/croissant\/1.1"/,
    );
    assert.deepEqual(await exported.json(), vehicleCard());

    const creds = await credentialsOf(home('DEU'));
    const seen = await callProtocol(
      `${fra?.run.protocolUrl}/dsp/catalog/datasets/${enc('urn:uuid:shared')}`,
      creds,
    );
    assert.ok(!seen.refused && seen.status === 200, JSON.stringify(seen));
    const doc = JSON.parse(seen.refused ? '{}' : seen.body) as Record<string, { '@value'?: unknown }>;
    assert.deepEqual(doc['https://w3id.org/foedera/ns#croissant']?.['@value'], vehicleCard());
    assert.equal(doc['dcat:version'] as unknown, body.version);
    const hidden = await callProtocol(
      `${fra?.run.protocolUrl}/dsp/catalog/datasets/${enc('urn:uuid:national')}`,
      creds,
    );
    assert.ok(
      !hidden.refused && hidden.status === 404 && hidden.body === '',
      'a non-releasable card does not leak',
    );
  });

  test('importing a card makes a new version; the old version stays readable', async () => {
    const id = enc('urn:uuid:shared');
    const before = (await (await fraApi(`/v1/datasets/${id}`)).json()) as { version: string };
    const invalid = await fraApi(`/v1/datasets/${id}/card`, {
      method: 'PUT',
      body: changed(vehicleCard(), ['recordSet', 0, 'key'], { '@id': 'splits/nom' }),
    });
    assert.equal(invalid.status, 400);
    assert.equal(((await invalid.json()) as Problem).errors?.[0]?.field, 'recordSet[0].key');
    const card = changed(vehicleCard(), ['description'], 'Aerial images of vehicles, relabelled');
    const imported = await fraApi(`/v1/datasets/${id}/card`, { method: 'PUT', body: card });
    assert.equal(imported.status, 200, await imported.clone().text());
    const after = (await imported.json()) as { version: string; card: { description: string } };
    assert.notEqual(after.version, before.version);
    const again = (await (await fraApi(`/v1/datasets/${id}/card`, { method: 'PUT', body: card })).json()) as {
      version: string;
    };
    assert.equal(again.version, after.version, 'same content, same version');
    const versions = (await (await fraApi(`/v1/datasets/${id}/versions`)).json()) as {
      items: { id: string; previous?: string }[];
    };
    assert.deepEqual(
      versions.items.map((v) => v.id),
      [before.version, after.version],
    );
    assert.equal(versions.items[1]?.previous, before.version);
    const old = (await (await fraApi(`/v1/versions/${before.version}`)).json()) as {
      content: { metadata: { card: { description: string } } };
    };
    assert.equal(
      old.content.metadata.card.description,
      'Aerial images of military vehicles with bounding boxes',
    );
  });

  test('the federated search of another node filters the fetched cards by task, modality, size and field', async () => {
    const refreshed = await deuApi('/v1/catalog/refresh', {
      method: 'POST',
      body: { peer: 'FRA', url: `${fra?.run.protocolUrl}/dsp` },
    });
    assert.equal(refreshed.status, 200, await refreshed.clone().text());
    const find = async (query: string) =>
      (
        (await (await deuApi(`/v1/catalog?peer=FRA&${query}`)).json()) as {
          items: { dataset: { id: string } }[];
        }
      ).items.map((i) => i.dataset.id);
    assert.deepEqual(await find('task=object-detection'), ['urn:uuid:shared']);
    assert.deepEqual(await find('task=target-recognition'), [], 'the national dataset never reached DEU');
    assert.deepEqual(await find('modality=image&field=bbox'), ['urn:uuid:shared']);
    assert.deepEqual(await find(`minBytes=${2_000_000_000}`), ['urn:uuid:shared']);
    assert.deepEqual(await find(`maxBytes=${1_000_000}`), []);
    assert.deepEqual(await find('field=turret'), []);
    assert.deepEqual(await find('modality=audio'), []);
    const invalid = await deuApi('/v1/catalog?minBytes=-1');
    assert.equal(invalid.status, 400);
  });
});
