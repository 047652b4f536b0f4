/**
 * The console's lineage screen in a real browser (Debian's Chromium through playwright-core) against a node process:
 * a model derived from a merged dataset is shown as a graph whose versions are keyboard links, with the derivation
 * steps as a list a screen reader reads. The screenshot goes to test-output/screenshots/lineage.png.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import { chromiumMissing, launchBrowser, screenshot, type Browser } from '../browser/_support/browser.ts';
import { buildConsole } from '../browser/_support/federation.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  type NodeProcess,
} from './support/federation.ts';

const ALICE = { nationality: 'FRA', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['publisher'] };
const missing = await chromiumMissing();

const label = (classification: string, releasableTo: string[]) => ({
  policy: 'NATO',
  classification,
  categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: releasableTo }],
  originator: 'urn:foedera:participant:FRA',
  creationTime: '2026-11-26T05:00:00Z',
});

if (missing !== undefined) {
  test('the lineage screen of the console', (t) => t.skip(missing));
} else {
  describe('the lineage screen of the console', () => {
    let dir: { path: string; remove: () => Promise<void> };
    let node: NodeProcess | undefined;
    let browser: Browser | undefined;
    let token = '';
    const api = async (path: string, body: unknown) => {
      const answer = await fetch(`${node?.run.managementUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.ok(answer.ok, await answer.clone().text());
      return (await answer.json()) as { version: string };
    };

    before(async () => {
      buildConsole();
      dir = await tempDir('lineage-console');
      await makeFederation(dir.path, 'E2E', ['FRA']);
      await writeUserDirectory(join(dir.path, 'FRA', 'idp', 'users.json'), { users: { alice: ALICE } });
      node = await startNodeProcess(join(dir.path, 'FRA'));
      token = await issueUserToken({ home: join(dir.path, 'FRA'), user: 'alice', ttl: '20m' });
      for (const [id, title, level, nations] of [
        ['tracks', 'Radar tracks 2026', 'NATO RESTRICTED', ['FRA', 'DEU', 'ITA']],
        ['sightings', 'Patrol sightings', 'NATO SECRET', ['FRA', 'DEU']],
      ] as const) {
        await api('/v1/datasets', {
          id: `urn:uuid:${id}`,
          title,
          distributions: [{ format: 'HttpData-PULL', mediaType: 'text/csv' }],
          offers: [{ '@id': `urn:uuid:offer-${id}`, '@type': 'Offer', permission: [{ action: 'use' }] }],
          label: label(level, [...nations]),
        });
      }
      await api('/v1/datasets', {
        id: 'urn:uuid:merged',
        title: 'Merged contacts',
        distributions: [{ format: 'HttpData-PULL', mediaType: 'text/csv' }],
        derivation: {
          inputs: [{ dataset: 'urn:uuid:tracks' }, { dataset: 'urn:uuid:sightings' }],
          activity: { type: 'merge', startedAt: '2026-11-26T07:00:00Z', endedAt: '2026-11-26T07:05:00Z' },
        },
      });
      await api('/v1/lineage/derivations', {
        artefact: 'urn:uuid:model',
        kind: 'model',
        title: 'Contact classifier',
        inputs: [
          { dataset: 'urn:uuid:merged' },
          {
            external: {
              artefact: 'urn:uuid:deu-radar',
              participant: 'DEU',
              title: 'DEU radar returns',
              label: label('NATO CONFIDENTIAL', ['FRA', 'DEU']),
              policies: [{ '@id': 'urn:uuid:agreement-deu', permission: [{ action: 'use' }] }],
            },
          },
        ],
        activity: {
          type: 'federated-training',
          startedAt: '2026-11-26T08:00:00Z',
          endedAt: '2026-11-26T08:20:00Z',
        },
      });
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await stopNodeProcess(node);
      await dir?.remove();
    });

    test('shows the graph of a model and its derivation steps, and each version links to its own lineage', async () => {
      const page = await (browser as Browser).context.newPage();
      await page.goto(`${node?.run.managementUrl}/console/#token=${token}`);
      await page.getByRole('link', { name: 'Lineage' }).click();
      const artefacts = page.getByRole('table', { name: 'Artefacts on this node' });
      await artefacts.waitFor({ timeout: 60_000 });
      assert.equal(
        await artefacts.locator('tbody tr').count(),
        4,
        'the foreign input is not an artefact of this node',
      );
      assert.match(await artefacts.innerText(), /Contact classifier\s+model \(derived\)\s+NATO SECRET/);
      await artefacts.getByRole('link', { name: 'Contact classifier' }).click();
      const graph = page.getByRole('img', { name: /Lineage of Contact classifier/ });
      await graph.waitFor({ timeout: 60_000 });
      assert.equal(
        await page.locator('svg a').count(),
        5,
        'model, merged set, its two inputs and the DEU input',
      );
      const steps = page.locator('figcaption ol > li');
      assert.equal(await steps.count(), 2);
      const text = (await steps.allInnerTexts()).join('\n');
      assert.match(
        text,
        /Contact classifier \(NATO SECRET\) was derived from .*DEU radar returns \(NATO CONFIDENTIAL, held by urn:foedera:participant:DEU\)/,
      );
      assert.match(
        text,
        /by federated-training, 2026-11-26T08:00:00.000Z to 2026-11-26T08:20:00.000Z, by urn:foedera:user:FRA:alice/,
      );
      assert.match(
        text,
        /Merged contacts \(NATO SECRET\) was derived from Patrol sightings \(NATO SECRET\) and Radar tracks 2026 \(NATO RESTRICTED\) by merge/,
      );
      await screenshot(page, 'lineage');
      await page.locator('figcaption').getByRole('link', { name: 'Radar tracks 2026' }).click();
      await page.getByRole('img', { name: /Lineage of Radar tracks 2026/ }).waitFor({ timeout: 60_000 });
      assert.equal(
        await page
          .getByLabel('Artefact IRI or version id')
          .inputValue()
          .then((v) => v.startsWith('sha256:')),
        true,
      );
      // The form takes an artefact IRI (or a version id) as well.
      await page.getByLabel('Artefact IRI or version id').fill('urn:uuid:merged');
      await page.getByRole('button', { name: 'Show lineage' }).click();
      await page.getByRole('img', { name: /Lineage of Merged contacts/ }).waitFor({ timeout: 60_000 });
    });
  });
}
