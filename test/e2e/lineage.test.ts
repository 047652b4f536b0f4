/**
 * Versions and lineage through a real node process and the `foedera` command: a derived dataset receives the
 * high-water mark of its inputs and the intersection of their usage policies, one declared with a weaker label is
 * refused with the reason (and the refusal audited), a model trained on it and on another nation's dataset records
 * its activity, and its PROV graph is read through the management API and the CLI.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import { changed, vehicleCard } from '../../src/cards/_testing/cards.ts';
import type { LineageGraph } from '../../src/lineage/index.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  type NodeProcess,
} from './support/federation.ts';
import { managementCall, type ManagementInit } from './support/management.ts';
import { foedera, show } from './support/cli.ts';

const ALICE = { nationality: 'FRA', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['publisher'] };

const label = (classification: string, releasableTo: string[]) => ({
  policy: 'NATO',
  classification,
  categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: releasableTo }],
  originator: 'urn:foedera:participant:FRA',
  creationTime: '2026-11-26T05:00:00Z',
});

function dataset(
  id: string,
  options: { label: unknown; offer: Record<string, unknown> },
): Record<string, unknown> {
  return {
    id: `urn:uuid:${id}`,
    title: `Dataset ${id}`,
    distributions: [{ format: 'HttpData-PULL', mediaType: 'text/csv' }],
    offers: [{ '@id': `urn:uuid:offer-${id}`, '@type': 'Offer', ...options.offer }],
    label: options.label,
  };
}

describe('versions and lineage on a node process', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let node: NodeProcess | undefined;
  let token = '';
  const home = () => join(dir.path, 'FRA');
  const api = (path: string, init?: ManagementInit) => managementCall(node, token)(path, init);
  const versions: Record<string, string> = {};
  const activity = { type: 'merge', startedAt: '2026-11-26T07:00:00Z', endedAt: '2026-11-26T07:05:00Z' };

  before(async () => {
    dir = await tempDir('lineage');
    await makeFederation(dir.path, 'E2E', ['FRA']);
    await writeUserDirectory(join(home(), 'idp', 'users.json'), { users: { alice: ALICE } });
    node = await startNodeProcess(home());
    token = await issueUserToken({ home: home(), user: 'alice', ttl: '20m' });
    const a = await api('/v1/datasets', {
      method: 'POST',
      body: dataset('tracks', {
        label: label('NATO RESTRICTED', ['FRA', 'DEU', 'ITA']),
        offer: {
          permission: [
            {
              action: 'use',
              constraint: [
                { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: ['training', 'evaluation'] },
                { leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2027-12-31T00:00:00Z' },
              ],
            },
          ],
        },
      }),
    });
    assert.equal(a.status, 201, await a.clone().text());
    versions.tracks = ((await a.json()) as { version: string }).version;
    const b = await api('/v1/datasets', {
      method: 'POST',
      body: dataset('sightings', {
        label: label('NATO SECRET', ['FRA', 'DEU']),
        offer: {
          permission: [
            {
              action: 'use',
              constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'training' }],
            },
          ],
          prohibition: [{ action: 'distribute' }],
        },
      }),
    });
    assert.equal(b.status, 201, await b.clone().text());
    versions.sightings = ((await b.json()) as { version: string }).version;
  });

  after(async () => {
    await stopNodeProcess(node);
    await dir.remove();
  });

  test('a derived dataset receives the high-water mark of its inputs and the intersection of their policies', async () => {
    const { label: _l, offers: _o, ...body } = dataset('merged', { label: undefined, offer: {} });
    const made = await api('/v1/datasets', {
      method: 'POST',
      body: {
        ...body,
        derivation: { inputs: [{ dataset: 'urn:uuid:tracks' }, { dataset: 'urn:uuid:sightings' }], activity },
      },
    });
    assert.equal(made.status, 201, await made.clone().text());
    const merged = (await made.json()) as {
      version: string;
      derivedFrom: string[];
      label: { classification: string; categories: { values: string[] }[] };
      offers: {
        permission: { action: string; constraint: unknown[] }[];
        prohibition: { action: string }[];
      }[];
    };
    versions.merged = merged.version;
    assert.equal(merged.label.classification, 'NATO SECRET');
    assert.deepEqual(merged.label.categories[0]?.values, ['DEU', 'FRA']);
    assert.deepEqual(merged.derivedFrom, [versions.tracks, versions.sightings].sort());
    const [offer] = merged.offers;
    assert.deepEqual(offer?.permission[0]?.constraint, [
      { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: ['training'] },
      { leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2027-12-31T00:00:00.000Z' },
    ]);
    assert.deepEqual(offer?.prohibition, [{ action: 'distribute' }]);
  });

  test('publishing a derived dataset with a weaker label is refused with the reason, and the refusal is audited', async () => {
    const refused = await api('/v1/datasets', {
      method: 'POST',
      body: {
        ...dataset('weak', {
          label: label('NATO RESTRICTED', ['FRA', 'DEU']),
          offer: { permission: [{ action: 'use' }] },
        }),
        derivation: { inputs: [{ version: versions.merged }], activity },
      },
    });
    assert.equal(refused.status, 422);
    const problem = (await refused.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'label-too-weak');
    assert.match(problem.detail, new RegExp(`input "${versions.merged}" \\(NATO SECRET\\)`));
    assert.equal((await api(`/v1/datasets/${encodeURIComponent('urn:uuid:weak')}`)).status, 404);
    const loose = await api('/v1/datasets', {
      method: 'POST',
      body: {
        ...dataset('loose', {
          label: label('NATO SECRET', ['FRA']),
          offer: { permission: [{ action: 'use' }] },
        }),
        derivation: { inputs: [{ version: versions.merged }], activity },
      },
    });
    assert.equal(loose.status, 422);
    assert.match(
      ((await loose.json()) as { detail: string }).detail,
      /any purpose.*does not prohibit distribute/,
    );
    const audit = (await (await api('/v1/audit/entries?kind=dataset.derivation-refused')).json()) as {
      entries: { subject: string; details: { reason: string } }[];
    };
    assert.deepEqual(audit.entries.map((e) => [e.subject, e.details.reason]).sort(), [
      ['dataset:urn:uuid:loose', 'usage-too-weak'],
      ['dataset:urn:uuid:weak', 'label-too-weak'],
    ]);
    const derived = (await (await api('/v1/audit/entries?kind=dataset.derived')).json()) as {
      entries: unknown[];
    };
    assert.equal(derived.entries.length, 1);
  });

  test('a model trained on the merged set and on a German dataset records its lineage, read as PROV JSON-LD', async () => {
    const external = {
      artefact: 'urn:uuid:deu-radar',
      participant: 'DEU',
      title: 'DEU radar returns',
      label: { ...label('NATO CONFIDENTIAL', ['FRA', 'DEU']), originator: 'urn:foedera:participant:DEU' },
      policies: [{ '@id': 'urn:uuid:agreement-deu', permission: [{ action: 'use' }] }],
    };
    const spec = {
      artefact: 'urn:uuid:model-1',
      kind: 'model',
      title: 'Contact classifier',
      metadata: { accuracy: 0.91 },
      inputs: [{ version: versions.merged }, { external }],
      activity: {
        type: 'federated-training',
        startedAt: '2026-11-26T08:00:00Z',
        endedAt: '2026-11-26T08:20:00Z',
        details: { rounds: 5 },
      },
    };
    const file = join(dir.path, 'model.json');
    await writeFile(file, JSON.stringify(spec));
    const cli = await foedera('lineage', 'derive', file, '--home', home(), '--user', 'alice', '--json');
    assert.equal(cli.status, 0, show(cli));
    const made = JSON.parse(cli.stdout) as {
      version: string;
      activity: string;
      label: { classification: string };
    };
    assert.equal(made.label.classification, 'NATO SECRET');

    const graph = (await (
      await api(`/v1/lineage/${encodeURIComponent('urn:uuid:model-1')}`)
    ).json()) as LineageGraph;
    assert.equal(graph['foedera:focus']['@id'], made.version);
    const byId = new Map(graph['@graph'].map((n) => [n['@id'], n as Record<string, unknown>]));
    const model = byId.get(made.version);
    assert.deepEqual(model?.['@type'], ['prov:Entity', 'foedera:ModelVersion']);
    const inputs = (model?.['prov:wasDerivedFrom'] as { '@id': string }[]).map((r) => r['@id']);
    assert.equal(inputs.length, 2);
    assert.ok(inputs.includes(versions.merged ?? ''));
    for (const v of [versions.tracks, versions.sightings])
      assert.ok(byId.has(v ?? ''), 'inputs of inputs are in the graph');
    const deu = [...byId.values()].find(
      (n) => (n['dct:isVersionOf'] as { '@id': string } | undefined)?.['@id'] === 'urn:uuid:deu-radar',
    );
    assert.equal(deu?.['foedera:local'], false);
    assert.equal((deu?.['prov:wasAttributedTo'] as { '@id': string })['@id'], 'urn:foedera:participant:DEU');
    const training = byId.get(made.activity);
    assert.equal(training?.['@type'], 'prov:Activity');
    assert.equal(training?.['foedera:activityType'], 'federated-training');
    assert.equal(
      (training?.['prov:startedAtTime'] as { '@value': string })['@value'],
      '2026-11-26T08:00:00.000Z',
    );
    assert.equal(
      (training?.['prov:wasAssociatedWith'] as { '@id': string })['@id'],
      'urn:foedera:user:FRA:alice',
    );
    assert.equal(byId.get('urn:foedera:user:FRA:alice')?.['@type'], 'prov:Agent');

    const text = await foedera('lineage', 'show', 'urn:uuid:model-1', '--home', home(), '--user', 'alice');
    assert.equal(text.status, 0, show(text));
    assert.match(text.stdout, /^Contact classifier \[NATO SECRET\]/);
    assert.match(text.stdout, /made by federated-training/);
    assert.match(text.stdout, /← Dataset merged \[NATO SECRET\]/);
    assert.match(text.stdout, /← DEU radar returns \[NATO CONFIDENTIAL\] @ urn:foedera:participant:DEU/);
    const unknown = await foedera('lineage', 'show', 'urn:uuid:nothing', '--home', home(), '--user', 'alice');
    assert.equal(unknown.status, 1, show(unknown));
    assert.match(unknown.stderr, /No version or artefact "urn:uuid:nothing"/);
  });

  test('cards are imported and exported with the CLI; a bad card names the field and exits 2', async () => {
    const file = join(dir.path, 'card.json');
    await writeFile(file, JSON.stringify(vehicleCard()));
    const imported = await foedera(
      'card',
      'import',
      '--dataset',
      'urn:uuid:tracks',
      file,
      '--home',
      home(),
      '--user',
      'alice',
    );
    assert.equal(imported.status, 0, show(imported));
    assert.match(imported.stdout, /task: +object-detection/);
    const exported = await foedera(
      'card',
      'export',
      '--dataset',
      'urn:uuid:tracks',
      '--home',
      home(),
      '--user',
      'alice',
    );
    assert.equal(exported.status, 0, show(exported));
    assert.deepEqual(JSON.parse(exported.stdout), vehicleCard());
    const bad = join(dir.path, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify(changed(vehicleCard(), ['recordSet', 1, 'field', 2, 'dataType'], 'sc:Strng')),
    );
    const refused = await foedera(
      'card',
      'import',
      '--dataset',
      'urn:uuid:tracks',
      bad,
      '--home',
      home(),
      '--user',
      'alice',
    );
    assert.equal(refused.status, 2, show(refused));
    assert.match(refused.stderr, /recordSet\[1\]\.field\[2\]\.dataType/);
    const history = await foedera(
      'lineage',
      'versions',
      '--dataset',
      'urn:uuid:tracks',
      '--home',
      home(),
      '--user',
      'alice',
      '--json',
    );
    assert.equal(history.status, 0, show(history));
    assert.deepEqual(
      (JSON.parse(history.stdout) as { items: { id: string }[] }).items.map((v) => v.id)[0],
      versions.tracks,
      'the first version stays listed',
    );
  });
});
