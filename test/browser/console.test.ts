/**
 * The web console in a real browser against a real node: Debian's Chromium (headless, through playwright-core) loads
 * the console the node serves on its management address and signs in with tokens of the node's identity provider.
 * Screenshots of the main screens go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchBrowser, screenshot, type Browser } from './_support/browser.ts';
import { buildConsole, startFederation, type TestFederation } from './_support/federation.ts';

const missing = await chromiumMissing();

if (missing !== undefined) {
  test('the console browser tests', (t) => t.skip(missing));
} else {
  describe('web console', () => {
    let federation: TestFederation;
    let browser: Browser;
    let consoleUrl: string;

    before(async () => {
      buildConsole();
      federation = await startFederation();
      consoleUrl = `${federation.fra.managementUrl}/console/`;
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await federation?.close();
    });

    async function openPage(): Promise<Page> {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(15_000);
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
      await page.goto(consoleUrl);
      const field = page.getByLabel('Access token');
      await field.fill('not a token');
      await page.getByText('This is not a token: expected three base64url parts').waitFor();
      assert.equal(await field.getAttribute('aria-invalid'), 'true');

      await field.fill(await federation.token('DEU'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const text = (await alert.textContent()) ?? '';
      assert.match(text, /not valid/i, 'the node’s own reason is shown');
      await screenshot(page, '02-sign-in-refused');
      await page.close();
    });

    test('a login link signs the user in and shows their nationality and clearances', async () => {
      const page = await openPage();
      await page.goto(`${consoleUrl}#token=${await federation.token('FRA')}`);
      await page.getByRole('navigation', { name: 'Console' }).waitFor();
      assert.doesNotMatch(page.url(), /token=/, 'the token must leave the address bar');
      await page.getByRole('link', { name: 'My clearances' }).click();
      await page.getByRole('heading', { name: 'My clearances' }).waitFor();
      const facts = (await page.locator('.facts').textContent()) ?? '';
      assert.match(facts, /alice/);
      assert.match(facts, /FRA/);
      assert.match(facts, /NATO SECRET/);
      assert.match(facts, /EUFOR/);
      await screenshot(page, '03-clearances');
      await page.close();
    });

    test('the publish form names the field at fault as the user types and shows the label banner', async () => {
      const page = await openPage();
      await page.goto(`${consoleUrl}#token=${await federation.token('FRA')}`);
      await page.getByRole('link', { name: 'Publish a dataset' }).click();
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

    test('each screen shows its data, or names the management operations the node does not serve yet', async () => {
      const document = (await (await fetch(`${federation.fra.managementUrl}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const served = (method: string, path: string): boolean => document.paths[path]?.[method] !== undefined;
      const page = await openPage();
      await page.goto(`${consoleUrl}#token=${await federation.token('FRA')}`);
      const screens = [
        { link: 'Federated catalog', path: '/v1/catalog', shot: '05-catalog' },
        { link: 'Negotiations', path: '/v1/negotiations', shot: '06-negotiations' },
        { link: 'Transfers', path: '/v1/transfers', shot: '07-transfers' },
        { link: 'Received data', path: '/v1/received', shot: '08-received' },
        { link: 'Audit log', path: '/v1/audit/entries', shot: '09-audit' },
      ];
      for (const screen of screens) {
        await page.getByRole('link', { name: screen.link }).click();
        await page.getByRole('heading', { level: 1, name: screen.link }).waitFor();
        const notice = page.getByText(`GET ${screen.path}`, { exact: true });
        if (served('get', screen.path)) {
          await page.waitForLoadState('networkidle');
          assert.equal(await notice.count(), 0, `${screen.link}: the node serves ${screen.path}`);
          assert.equal(await page.locator('.notice-error').count(), 0, `${screen.link} shows no error`);
        } else {
          await notice.waitFor();
        }
        await screenshot(page, screen.shot);
      }
      await page.close();
    });

    test('keyboard users reach the content through the skip link', async () => {
      const page = await openPage();
      await page.goto(`${consoleUrl}#token=${await federation.token('FRA')}`);
      await page.getByRole('navigation', { name: 'Console' }).waitFor();
      await page.locator('body').focus();
      await page.keyboard.press('Tab');
      const first = await page.locator(':focus').textContent();
      assert.equal(first, 'Skip to content');
      await page.keyboard.press('Enter');
      const focused = await page.locator(':focus').getAttribute('id');
      assert.equal(focused, 'main');
      await page.close();
    });
  });
}
