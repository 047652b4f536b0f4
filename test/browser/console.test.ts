/**
 * The web console in a real browser against real nodes: Debian's Chromium (headless, through playwright-core) loads
 * the console that FRA's and DEU's nodes serve, seeded as `npm start` seeds them, and an analyst signs in, browses
 * the federated catalog, negotiates access to a peer's dataset up to an agreement, is refused under an offer that
 * is not for them (with the reason), follows the transfer until received, opens the data (and a user the label does
 * not release to is refused, with the reason), and checks the audit log's proofs. One federation serves
 * every scenario; screenshots of the main screens go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchBrowser, screenshot, type Browser } from './_support/browser.ts';
import {
  buildConsole,
  LIAISON,
  startFederation,
  type Participant,
  type TestFederation,
} from './_support/federation.ts';

const missing = await chromiumMissing();
const IMAGERY = 'Aerial vehicle detection — annotated imagery (synthetic)';

if (missing !== undefined) {
  test('the console browser tests', (t) => t.skip(missing));
} else {
  describe('web console', () => {
    let federation: TestFederation;
    let browser: Browser;

    before(async () => {
      buildConsole();
      [federation, browser] = await Promise.all([startFederation(), launchBrowser()]);
    });
    after(async () => {
      await browser?.close();
      await federation?.close();
    });

    const consoleOf = (participant: Participant): string =>
      `${(participant === 'FRA' ? federation.fra : federation.deu).managementUrl}/console/`;

    async function openPage(): Promise<Page> {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(30_000);
      return page;
    }

    /** Follows a link of the console's navigation (not a same-named link in a screen). */
    async function go(page: Page, screen: string): Promise<void> {
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: screen }).click();
      await page.getByRole('heading', { level: 1, name: screen }).waitFor();
    }

    async function signedIn(participant: Participant): Promise<Page> {
      const page = await openPage();
      await page.goto(await federation.loginLink(participant));
      await page.getByRole('navigation', { name: 'Console' }).waitFor();
      return page;
    }

    test('the node redirects its root to the console and serves it with a strict content policy', async () => {
      const page = await openPage();
      const response = await page.goto(federation.fra.managementUrl);
      assert.equal(new URL(page.url()).pathname, '/console/');
      assert.match(response?.headers()['content-security-policy'] ?? '', /default-src 'self'/);
      await page.getByRole('heading', { name: 'Sign in to this Foedera node' }).waitFor();
      await screenshot(page, '01-sign-in');
      await page.close();
    });

    test('sign-in refuses a malformed token as it is typed and a token of another node with the node’s reason', async () => {
      const page = await openPage();
      await page.goto(consoleOf('FRA'));
      const field = page.getByLabel('Access token');
      await field.fill('not a token');
      await page.getByText('This is not a token: expected three base64url parts').waitFor();
      assert.equal(await field.getAttribute('aria-invalid'), 'true');

      await field.fill(await federation.token('DEU'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', /not valid/i, 'the node’s own reason is shown');
      await screenshot(page, '02-sign-in-refused');
      await page.close();
    });

    test('a login link signs the user in, leaves the address bar, and shows nationality and clearances', async () => {
      const page = await signedIn('FRA');
      assert.doesNotMatch(page.url(), /token=|peers=/, 'the token and peers must leave the address bar');
      await go(page, 'My clearances');
      await page.getByRole('heading', { name: 'My clearances' }).waitFor();
      const facts = (await page.locator('.facts').textContent()) ?? '';
      for (const fact of [/alice/, /FRA/, /NATO SECRET/, /EUFOR/]) assert.match(facts, fact);
      await screenshot(page, '03-clearances');
      await page.close();
    });

    test('the publish form names the field at fault as the user types and shows the label banner', async () => {
      const page = await signedIn('FRA');
      await go(page, 'Publish a dataset');
      await page.getByRole('heading', { name: 'Publish a dataset' }).waitFor();
      await page.getByLabel('Title').fill('Sahel convoy logistics 2026');
      await page.getByLabel('Label policy').selectOption('NATO');
      await page.getByLabel('Classification').selectOption('NATO SECRET');
      const rel = page.getByLabel('Releasable to');
      await rel.fill('FRA, DEU, XX1');
      await page.getByText('"XX1" is not an ISO 3166 alpha-3 code or a group').waitFor();
      assert.equal(await rel.getAttribute('aria-invalid'), 'true');
      const describedBy = (await rel.getAttribute('aria-describedby')) ?? '';
      const message = await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent();
      assert.match(message ?? '', /XX1/, 'the error is tied to its field for screen readers');
      await rel.fill('FRA, DEU');
      assert.equal(await rel.getAttribute('aria-invalid'), 'false');
      await page.getByLabel('Communities of interest').fill('EUFOR');
      await page.getByLabel('Permitted purposes').fill('Mission planning');
      await page.getByText('"Mission planning" must be lower case words joined by hyphens').waitFor();
      await page.getByLabel('Permitted purposes').fill('mission-planning, logistics-analysis');
      await page.getByLabel('Maximum uses').fill('50');
      const top = page.getByTestId('label-band-top');
      assert.equal(await top.textContent(), 'NATO SECRET — REL TO FRA, DEU — EUFOR');
      assert.match((await top.getAttribute('class')) ?? '', /band-secret/);
      assert.equal(await page.getByTestId('label-band-bottom').textContent(), await top.textContent());
      await screenshot(page, '04-publish-form');
      await page.close();
    });

    test('the federated catalog shows a peer’s releasable dataset under its label banner, never its national-only one', async () => {
      assert.deepEqual(federation.seeded.visible, { FRA: { DEU: 1 }, DEU: { FRA: 1 } });
      assert.equal(federation.seeded.published.length, 4);
      // A second start finds every dataset and publishes nothing twice.
      const again = await federation.reseed();
      assert.deepEqual([again.published.length, again.existing.length], [0, 4]);
      const page = await signedIn('DEU');
      await page.getByRole('heading', { level: 1, name: 'Federated catalog' }).waitFor();
      const imagery = page.locator('article', { has: page.getByRole('heading', { name: IMAGERY }) });
      await imagery.waitFor();
      assert.equal(await imagery.getByTestId('label-band-top').textContent(), 'EU UNCLASSIFIED — REL TO EU');
      assert.match((await imagery.textContent()) ?? '', /Published by FRA/);
      assert.match((await imagery.textContent()) ?? '', /Offer 2\. Use until 2027-06-30, reserved for EDA/);
      // DEU's own NATO-releasable table is there; FRA's national-only reports are not released to DEU.
      await page.getByRole('heading', { name: /Depot logistics/ }).waitFor();
      assert.equal(await page.getByText('Convoy incident reports').count(), 0);
      await screenshot(page, '05-catalog');
      await page.close();
    });

    test('requesting access under an offer for EU participants reaches an agreement; the offer reserved for EDA is refused with its reason', async () => {
      const page = await signedIn('DEU');
      const request = (offer: number) =>
        page.getByRole('button', { name: `Request access under offer ${offer} of ${IMAGERY}` }).click();
      await request(1);
      await page.getByText('Access requested from FRA').waitFor();
      await request(2);
      await page.getByText('Access requested from FRA').nth(1).waitFor();
      await go(page, 'Negotiations');
      const cards = page.locator('li.card', { has: page.getByRole('heading', { name: IMAGERY }) });
      await page.locator('li.card', { hasText: 'Terminated:' }).waitFor({ timeout: 120_000 });
      await page.getByRole('button', { name: 'Start transfer' }).waitFor({ timeout: 120_000 });
      assert.equal(await cards.count(), 2);
      const refused = (await page.locator('li.card', { hasText: 'Terminated:' }).textContent()) ?? '';
      assert.match(refused, /recipient-not-permitted/);
      assert.match(refused, /recipient "DEU" is not isAnyOf \["EDA"\]/);
      const agreed = page.locator('li.card', { has: page.getByRole('button', { name: 'Start transfer' }) });
      assert.match((await agreed.textContent()) ?? '', /agreement urn:uuid:/);
      assert.equal(await agreed.locator('.step-done').count(), 6, 'every step up to Finalized is done');
      await screenshot(page, '06-negotiations');
      await page.close();
    });

    test('a transfer started under the agreement is followed on the Transfers screen until received', async () => {
      const page = await signedIn('DEU');
      await go(page, 'Negotiations');
      const agreed = page.locator('li.card', { has: page.getByRole('button', { name: 'Start transfer' }) });
      const agreement = ((await agreed.locator('.mono').last().textContent()) ?? '').trim();
      await agreed.getByRole('button', { name: 'Start transfer' }).click();
      await page.getByText('Transfer requested').waitFor();
      await page.getByRole('link', { name: 'Open Transfers' }).click();
      await page.getByRole('heading', { level: 1, name: 'Transfers' }).waitFor();
      const card = page.locator('li.card', { hasText: agreement });
      await card.getByRole('heading', { name: IMAGERY }).waitFor();
      // DEU's data plane pulls the encrypted object from FRA, verifies every segment, and the transfer completes.
      await card.getByText('Received and verified').waitFor({ timeout: 120_000 });
      assert.match((await card.locator('.progress-text').textContent()) ?? '', /\(100 %\)/);
      await card.locator('.state-tag', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
      await screenshot(page, '07-transfers');
      await page.close();
    });

    test('the received imagery opens for the analyst, and is refused to a user its label does not release to, with the reason', async () => {
      const page = await signedIn('DEU');
      await go(page, 'Received data');
      const item = page.locator('article', { has: page.getByRole('heading', { name: IMAGERY }) });
      await item.getByRole('button', { name: `Open ${IMAGERY}` }).click();
      await item.getByText('Decrypted and verified').waitFor();
      const files = (await item.locator('.files').textContent()) ?? '';
      assert.match(files, /images\/tile-0001\.png/);
      assert.match(files, /annotations\.json/);
      assert.equal(await item.getByTestId('label-band-top').textContent(), 'EU UNCLASSIFIED — REL TO EU');
      await screenshot(page, '08-received');
      await page.close();

      const liaison = await openPage();
      await liaison.goto(consoleOf('DEU'));
      await liaison.getByLabel('Access token').fill(await federation.token('DEU', LIAISON.user));
      await liaison.getByRole('button', { name: 'Sign in' }).click();
      await go(liaison, 'Received data');
      const same = liaison.locator('article', { has: liaison.getByRole('heading', { name: IMAGERY }) });
      await same.getByRole('button', { name: `Open ${IMAGERY}` }).click();
      const refusal = (await same.getByRole('alert').textContent()) ?? '';
      assert.match(refusal, /^Cannot open: /);
      assert.match(refusal, /not-releasable/, 'the owner’s decision point says why');
      await screenshot(liaison, '08-received-refused');
      await liaison.close();
    });

    test('the audit log shows the negotiation’s entries, each proven included in the tree head in the browser', async () => {
      const page = await signedIn('DEU');
      await go(page, 'Audit log');
      const rows = page.locator('table.entries tbody tr');
      await rows.first().waitFor();
      await page.locator('table.entries', { hasText: 'negotiation.finalized' }).waitFor();
      await page.getByText('checking…').first().waitFor({ state: 'detached' });
      const count = await rows.count();
      assert.ok(count >= 5, `at least the seeding and negotiation entries (${count})`);
      assert.equal(await page.locator('.proof-ok').count(), count, 'every shown entry is proven included');
      assert.equal(await page.locator('.proof-bad').count(), 0);
      await screenshot(page, '09-audit');
      await page.close();
    });

    test('keyboard users reach the content through the skip link', async () => {
      const page = await signedIn('FRA');
      await page.locator('body').focus();
      await page.keyboard.press('Tab');
      assert.equal(await page.locator(':focus').textContent(), 'Skip to content');
      await page.keyboard.press('Enter');
      assert.equal(await page.locator(':focus').getAttribute('id'), 'main');
      await page.close();
    });
  });
}
