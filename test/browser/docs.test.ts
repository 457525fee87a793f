// The published docs, proven in a real browser: builds them with src/docs/build.ts, serves the
// folder from 127.0.0.1 and drives Debian's headless Chromium through the page like a reader.
// Everything it expects (operations, statuses, schema fields, security) is read from the spec.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDocs } from '../../src/docs/build.js';
import { operations, resolveRef, spec } from '../../src/spec/index.js';
import {
  chromiumAvailable,
  chromiumPath,
  type LaunchedChromium,
  launchChromium,
  missingChromiumMessage,
} from './chromium.js';
import { type StaticServer, serveStatic } from './static-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOTS = path.join(ROOT, 'test-results');
// Redoc renders asynchronously (hydration, menu animations, lazy sections), and slower still when
// the machine is busy: every wait allows this long. vitest's expect.poll would give up after 1 s.
const SETTLE_MS = 10_000;
const settle = { timeout: SETTLE_MS, interval: 100 };

type Json = Record<string, any>;
const paths = spec.paths as Json;
const info = spec.info as Json;

/** What the spec says about each operation, beyond src/spec's OperationSpec. */
const documented = operations.map((op) => {
  const raw = paths[op.path][op.method.toLowerCase()] as Json;
  return {
    operationId: op.operationId,
    method: op.method.toLowerCase(),
    summary: String(raw.summary),
    tag: String(raw.tags[0]),
    statuses: [...op.responses.keys()].map(String).sort(),
    security: op.security,
  };
});

/** The host a browser request goes to; blob: URLs belong to the page's origin, data: URLs to none. */
function hostOf(url: string): string {
  if (url.startsWith('data:')) return '(inline)';
  const parsed = new URL(url.startsWith('blob:') ? url.slice('blob:'.length) : url);
  return parsed.hostname;
}

if (!chromiumAvailable()) {
  describe('docs in Chromium', () => {
    test('reports that Chromium is missing and how to install it (a failure when CI is set)', () => {
      const message = missingChromiumMessage();
      if (process.env.CI) throw new Error(message);
      // Loud on purpose: this run proves nothing about the page. The assertion keeps this path
      // honest: it is only taken when the binary really is missing.
      console.warn(`\n${'!'.repeat(100)}\n${message}\n${'!'.repeat(100)}\n`);
      expect(chromiumAvailable(chromiumPath())).toBe(false);
    });
  });
} else {
  describe('docs in Chromium', () => {
    let out: string;
    let server: StaticServer;
    let browser: LaunchedChromium;
    let page: Page;
    const requests: string[] = [];
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      out = await mkdtemp(path.join(os.tmpdir(), 'docs-build-'));
      await buildDocs({ out });
      server = await serveStatic(out);
      browser = await launchChromium();
      browser.context.on('request', (request) => {
        requests.push(request.url());
      });
      // Nothing may leave the machine even if the page tried: off-host requests are aborted (and
      // recorded above, so the test below still fails).
      await browser.context.route('**/*', (route) =>
        hostOf(route.request().url()) === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient'),
      );
      page = await browser.context.newPage();
      page.setDefaultTimeout(SETTLE_MS);
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(`console.error: ${message.text()}`);
      });
      page.on('pageerror', (error) => {
        consoleErrors.push(`uncaught: ${error.message}`);
      });
      await page.goto(server.url, { waitUntil: 'load' });
      await waitForHydration(page);
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'docs.png'), fullPage: true });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (out) await rm(out, { recursive: true, force: true });
    });

    test('the page has the spec title, its summary as description, and its description text', async () => {
      expect(await page.title()).toBe(info.title);
      expect(await page.locator('meta[name="description"]').getAttribute('content')).toBe(info.summary);
      await expect.poll(() => visibleText(page.locator('h1').first()), settle).toContain(info.title);
      const firstParagraph = String(info.description).split('\n\n')[0]?.replace(/\s+/g, ' ').trim() ?? '';
      expect(firstParagraph.length).toBeGreaterThan(20);
      await expect
        .poll(async () => (await visibleText(page.locator('body'))).replace(/\s+/g, ' '), settle)
        .toContain(firstParagraph);
    });

    test('the menu lists every operation of the spec under its tag, with its method', async () => {
      expect(documented).toHaveLength(3);
      const listed: string[] = [];
      // The menu is an accordion (opening a tag closes the others), so each tag is read while open,
      // inside its own submenu, in one snapshot that is retried until the rendering has settled.
      for (const tag of new Set(documented.map((op) => op.tag))) {
        const expected = documented
          .filter((op) => op.tag === tag)
          .map((op) => `${op.method} ${op.summary}`)
          .sort();
        await openMenuGroup(page, tag);
        await expect.poll(() => operationsListedUnder(page, tag), settle).toEqual(expected);
        listed.push(...(await operationsListedUnder(page, tag)));
      }
      expect(listed.sort()).toEqual(documented.map((op) => `${op.method} ${op.summary}`).sort());
    });

    test.each(documented)('the $operationId section shows every documented status code', async (op) => {
      const section = await openOperation(page, op.tag, op.summary);
      const tabs = section.locator('[data-response-codes-tablist] [role="tab"]');
      // One snapshot of all tab labels per try: tabs may still be rendering when the section appears.
      await expect
        .poll(() => tabs.evaluateAll((els) => els.map((el) => el.textContent?.trim() ?? '').sort()), settle)
        .toEqual(op.statuses);
    });

    test('the business endpoint shows both security alternatives, bearer token or X-API-Key', async () => {
      const op = documented.find((o) => o.operationId === 'deleteBusinessCustomer');
      if (!op) throw new Error('openapi.yaml has no deleteBusinessCustomer operation');
      expect(op.security).toEqual([['bearerAuth'], ['apiKeyAuth']]);
      const section = await openOperation(page, op.tag, op.summary);
      const security = section
        .locator('[data-component-name="Panel/Panel"]', { hasText: 'Security' })
        .first();
      // Two alternatives read "bearerAuth or apiKeyAuth" (OpenAPI 3.1, section 4.8.10: any one may be used).
      await expect
        .poll(async () => (await visibleText(security)).replace(/\s+/g, ' '), settle)
        .toContain(op.security.map((alternative) => alternative.join(' and ')).join(' or '));
      await security.getByRole('button', { name: 'View security details' }).click();
      // Redoc renders the details as a modal portal beside #redoc, with one tab per alternative.
      const dialog = page.locator('body > div:not(#redoc)', { has: page.locator('[role="tablist"]') });
      const tabs = dialog.getByRole('tab');
      await expect.poll(() => tabs.allInnerTexts(), settle).toEqual(op.security.flat());
      // Each alternative's details say how the credential is sent: the header name for the API key,
      // the bearer format for the token (both read from components.securitySchemes).
      const schemes = (spec.components as Json).securitySchemes as Json;
      await dialog.getByRole('tab', { name: 'apiKeyAuth' }).click();
      await expect.poll(() => visibleText(dialog), settle).toContain(schemes.apiKeyAuth.name);
      await dialog.getByRole('tab', { name: 'bearerAuth' }).click();
      await expect.poll(() => visibleText(dialog), settle).toContain(schemes.bearerAuth.bearerFormat);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'docs-security.png') });
      await dialog.locator('button:not([role="tab"])').first().click(); // the modal's close button
      await expect.poll(() => dialog.count(), settle).toBe(0);
    });

    test('the Customer schema lists its fields, and status shows active and inactive', async () => {
      const customer = resolveRef({ $ref: '#/components/schemas/Customer' });
      const properties = Object.keys(customer.properties as Json);
      const statusValues = (customer.properties as Json).status.enum as string[];
      expect(statusValues).toContain('inactive');
      await openMenuGroup(page, 'Schemas');
      await submenu(page, 'Schemas')
        .locator(
          `[data-component-name="Menu/MenuItem"] > a:has(${dataText(String(customer.title ?? 'Customer'))})`,
        )
        .click();
      const section = page.locator('[data-item-kind="schema"]', {
        has: heading(page, String(customer.title ?? 'Customer')),
      });
      await section.first().waitFor();
      for (const name of properties) {
        const field = section.locator(`[id$="/path=${name.toLowerCase()}"]`).first();
        await expect.poll(() => visibleText(field), { ...settle, message: `field ${name}` }).toContain(name);
      }
      const status = section.locator('[id$="/path=status"]').first();
      for (const value of statusValues) await expect.poll(() => visibleText(status), settle).toContain(value);
      await section.first().screenshot({ path: path.join(SCREENSHOTS, 'docs-customer-schema.png') });
    });

    test('the download buttons serve the bundled openapi.json and openapi.yaml from beside the page', async () => {
      // Both the download buttons and plain links to the files, read in one snapshot per try.
      const downloadHrefs = () =>
        page
          .locator('[data-testid="download-button"], a[href$="openapi.json"], a[href$="openapi.yaml"]')
          .evaluateAll((els) => [
            ...new Set(
              els
                .map((el) => (el.closest('a') ?? el.querySelector('a'))?.getAttribute('href') ?? '')
                .filter(Boolean)
                .sort(),
            ),
          ]);
      await expect.poll(downloadHrefs, settle).toEqual(['openapi.json', 'openapi.yaml']);
      const all = await downloadHrefs();
      for (const href of all) {
        const response = await fetch(new URL(href, server.url));
        expect(response.status, href).toBe(200);
        const body = await response.text();
        expect(body).toContain(info.title);
      }
      const json = (await (await fetch(new URL('openapi.json', server.url))).json()) as Json;
      expect(json).toEqual(spec);
    });

    // These two run last, over everything the tests above made the page do.
    test('no console error and no uncaught exception while reading the page', () => {
      expect(consoleErrors).toEqual([]);
    });

    test('no request left 127.0.0.1', () => {
      expect(requests.length).toBeGreaterThan(0);
      const offHost = requests.filter((url) => !['127.0.0.1', '(inline)'].includes(hostOf(url)));
      expect(offHost).toEqual([]);
      expect(server.requests).toContain('/');
    });
  });
}

/** The text a reader sees in `locator` (rendered text, so hidden elements do not count). */
function visibleText(locator: Locator): Promise<string> {
  return locator.innerText();
}

/** Waits until React has hydrated the server-rendered page, so clicks are handled in-page. */
async function waitForHydration(page: Page): Promise<void> {
  // React attaches its root event listener to the container when hydration starts. Hydrating a
  // 2.5 MB page can take seconds on a busy machine, hence the longer wait.
  await page.waitForFunction(
    () => {
      const root = document.getElementById('redoc');
      return root !== null && Object.keys(root).some((key) => key.startsWith('_reactListening'));
    },
    undefined,
    { timeout: 3 * SETTLE_MS },
  );
}

/** A CSS attribute selector matching `data-text` exactly (quotes escaped). */
function dataText(label: string): string {
  return `[data-text="${label.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"]`;
}

/**
 * The menu group (a tag, or Schemas) whose own link has exactly this label. Scoped to the item's
 * direct link, so neither an info-description section of the same name nor a nested entry matches.
 */
function menuGroup(page: Page, label: string): Locator {
  return page
    .locator('[data-component-name="Menu/MenuItem"]')
    .filter({ has: page.locator(`:scope > a:not([href*="section/"]) ${dataText(label)}`) });
}

/** The list Redoc renders under an opened menu group; absent or hidden while the group is closed. */
function submenu(page: Page, label: string): Locator {
  return menuGroup(page, label).locator(':scope > div > [data-component-name="Menu/Menu"]');
}

/**
 * The operations listed under an open tag, as "method summary", read in one DOM snapshot (no
 * positional locators that a re-render could shift). Entries without a method badge are skipped.
 */
function operationsListedUnder(page: Page, tag: string): Promise<string[]> {
  return submenu(page, tag)
    .locator('[data-component-name="Menu/MenuItem"] > a')
    .evaluateAll((links) =>
      links
        .flatMap((link) => {
          const method = link.querySelector('[data-component-name="Tags/HttpTag"]')?.textContent?.trim();
          const label = link.querySelector('[data-text]')?.getAttribute('data-text');
          return method && label ? [`${method.toLowerCase()} ${label}`] : [];
        })
        .sort(),
    );
}

/** A section heading whose text is exactly `text` (its deep-link icon has no text). */
function heading(page: Page, text: string): Locator {
  return page
    .locator('h2')
    .filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });
}

/**
 * Opens a tag (or the Schemas group) in the menu and waits until its entries are shown. Clicking
 * an open group closes it, so the link is clicked only when the group is closed.
 */
async function openMenuGroup(page: Page, label: string): Promise<void> {
  const list = submenu(page, label);
  if (!(await list.isVisible())) await menuGroup(page, label).locator(':scope > a').click();
  await list.waitFor({ state: 'visible' });
}

/** Opens an operation from its tag's submenu and returns its section of the page. */
async function openOperation(page: Page, tag: string, summary: string): Promise<Locator> {
  await openMenuGroup(page, tag);
  await submenu(page, tag)
    .locator(`[data-component-name="Menu/MenuItem"] > a:has(${dataText(summary)})`)
    .click();
  const section = page.locator('[data-item-kind="httpItem"]', { has: heading(page, summary) }).first();
  await section.waitFor();
  return section;
}
