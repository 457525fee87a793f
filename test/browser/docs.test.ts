// The published docs, proven in a real browser: builds them with src/docs/build.ts, serves the
// folder from 127.0.0.1 and drives Debian's headless Chromium through the page like a reader.
// Everything it expects (operations, statuses, schema fields, security) is read from the spec.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDocs } from '../../src/docs/build.js';
import { demoCredentials } from '../../src/sandbox/index.js';
import { operations, resolveRef, spec } from '../../src/spec/index.js';
import { missingTool } from '../support/missing-tool.js';
import {
  chromiumAvailable,
  chromiumPath,
  type LaunchedChromium,
  launchChromium,
  missingChromiumMessage,
} from './chromium.js';
import { type LocalDocsServer, startLocalDocs } from './local-docs-server.js';
import { type StaticServer, serveStatic } from './static-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOTS = path.join(ROOT, 'test-results');
// Redoc renders asynchronously (hydration, menu animations, lazy sections), and much slower when
// the machine is busy (other suites, other processes). Every wait is on a condition and returns as
// soon as it holds; the bound only decides when a condition that never holds becomes a failure, so
// it is generous: a loaded 2-core machine must not turn a correct page into a failed test.
const SETTLE_MS = 60_000;
const settle = { timeout: SETTLE_MS, interval: 100 };
const SLOW = { timeout: 4 * SETTLE_MS };

type Json = Record<string, any>;
const paths = spec.paths as Json;
const info = spec.info as Json;
/** The base URL the published samples use (the hosted sandbox, a server of the spec). */
const hostedSandbox = String(
  (spec.servers as Json[]).find((s) => /sandbox/.test(String(s.url)) && !s['x-internal'])?.url,
);

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
    samples: ((raw['x-codeSamples'] ?? []) as Json[]).map((sample) => ({
      label: String(sample.label ?? sample.lang),
      source: String(sample.source),
    })),
  };
});
const sampleCases = documented.flatMap((op) => op.samples.map((sample) => ({ ...sample, op })));

/** The host a browser request goes to; blob: URLs belong to the page's origin, data: URLs to none. */
function hostOf(url: string): string {
  if (url.startsWith('data:')) return '(inline)';
  const parsed = new URL(url.startsWith('blob:') ? url.slice('blob:'.length) : url);
  return parsed.hostname;
}

if (!chromiumAvailable()) {
  missingTool('docs in Chromium', missingChromiumMessage(), () => !chromiumAvailable(chromiumPath()));
} else {
  describe('docs in Chromium', SLOW, () => {
    let out: string;
    let work: string;
    let server: StaticServer;
    let local: LocalDocsServer;
    let browser: LaunchedChromium;
    let page: Page;
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    /** What the CSP test asks the browser to load from other hosts (each must be refused). */
    const cspProbes = ['http://127.0.0.2:9/', 'http://127.0.0.3:9/x.png', 'http://127.0.0.4:9/x.js'];
    const changelog = [
      '# Changelog',
      '',
      '## 0.10.0',
      '',
      '- Adds a test-only entry for the docs build.',
      '',
      '## 0.9.0',
      '',
      '- First published version.',
      '',
    ].join('\n');

    /** A new tab of the shared browser, watched for console errors, at `viewport`. */
    async function newPage(viewport = { width: 1400, height: 900 }): Promise<Page> {
      const tab = await browser.context.newPage();
      await tab.setViewportSize(viewport);
      tab.setDefaultTimeout(SETTLE_MS);
      tab.on('console', (message) => {
        if (message.type() !== 'error') return;
        // Chromium logs every 4xx it receives. The 404 and 400 that Try it provokes on purpose are
        // the answers under test, not page errors; any other failed load still counts.
        const url = message.location().url;
        const provoked = local?.apiResponses.some(
          (r) =>
            url === `${local.url}${r.path}` &&
            r.status >= 400 &&
            message.text().includes(`status of ${r.status} `),
        );
        if (provoked) return;
        consoleErrors.push(`console.error: ${message.text()} (${url})`);
      });
      tab.on('pageerror', (error) => {
        consoleErrors.push(`uncaught: ${error.message}`);
      });
      return tab;
    }

    beforeAll(async () => {
      out = await mkdtemp(path.join(os.tmpdir(), 'docs-build-'));
      work = await mkdtemp(path.join(os.tmpdir(), 'docs-changelog-'));
      // A temporary changelog in the format the release step writes (one `## <version>` each).
      await writeFile(path.join(work, 'CHANGELOG.md'), changelog);
      await buildDocs({ out, changelog: path.join(work, 'CHANGELOG.md') });
      server = await serveStatic(out);
      local = await startLocalDocs(out);
      browser = await launchChromium();
      browser.context.on('request', (request) => {
        requests.push(request.url());
      });
      // Nothing may leave the machine even if the page tried: off-host requests are aborted (and
      // recorded above, so the test below still fails).
      await browser.context.route('**/*', (route) =>
        hostOf(route.request().url()) === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient'),
      );
      page = await newPage();
      await page.goto(server.url, { waitUntil: 'load' });
      await waitForHydration(page);
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'docs.png'), fullPage: true });
    }, 4 * SETTLE_MS);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await local?.close();
      if (out) await rm(out, { recursive: true, force: true });
      if (work) await rm(work, { recursive: true, force: true });
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
      const section = await openOperation(page, op.tag, op.summary, op.operationId);
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
      const section = await openOperation(page, op.tag, op.summary, op.operationId);
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

    test.each(sampleCases)(
      '$op.operationId: the $label sample tab shows the spec sample, whole, on screen',
      async ({ op, label, source }) => {
        const section = await openOperation(page, op.tag, op.summary, op.operationId);
        const code = await chooseSampleLanguage(page, section, label);
        await expect.poll(async () => (await visibleText(code)).trimEnd(), settle).toBe(source.trimEnd());
        await code.scrollIntoViewIfNeeded();
        // On screen: inside the viewport, and no line cut off (the panel wraps instead of clipping).
        await expect.poll(() => onScreen(code), settle).toBe(true);
        expect(await code.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      },
    );

    test('every operation offers every sample language of the spec, and no other', async () => {
      for (const op of documented) {
        const section = await openOperation(page, op.tag, op.summary, op.operationId);
        const button = sampleLanguageButton(section);
        await button.click();
        const menu = page.locator('[data-component-name="Dropdown/DropdownMenu"]:visible');
        await expect
          .poll(() => menu.locator('[role="menuitem"]').allInnerTexts(), settle)
          .toEqual(op.samples.map((s) => s.label));
        await button.click(); // closes the menu again
        await expect.poll(() => menu.count(), settle).toBe(0);
      }
    });

    test.each([
      { width: 1400, height: 900 },
      { width: 390, height: 844 },
    ])('a deep link at $width px puts the operation heading at the top of the viewport', async (viewport) => {
      const op = documented.find((o) => o.operationId === 'deleteBusinessCustomer');
      if (!op) throw new Error('openapi.yaml has no deleteBusinessCustomer operation');
      const tab = await newPage(viewport);
      try {
        await tab.goto(`${server.url}#/operations/${op.operationId}`, { waitUntil: 'load' });
        await waitForHydration(tab);
        const title = heading(tab, op.summary).first();
        await title.waitFor();
        await expect
          .poll(() => title.evaluate((el) => el.getBoundingClientRect().top), settle)
          .toBeGreaterThanOrEqual(0);
        await expect
          .poll(() => title.evaluate((el) => el.getBoundingClientRect().top), settle)
          .toBeLessThanOrEqual(80);
        await tab.screenshot({ path: path.join(SCREENSHOTS, `docs-deep-link-${viewport.width}.png`) });
        // No heading anywhere on the page breaks inside a word, and no sample panel clips its text.
        expect(await headingsBrokenInsideWords(tab)).toEqual([]);
        expect(await emptyColumns(tab)).toEqual([]);
      } finally {
        await tab.close();
      }
    });

    test('the Schemas overview has no empty column, and schema headings wrap between words', async () => {
      for (const viewport of [
        { width: 1400, height: 900 },
        { width: 390, height: 844 },
      ]) {
        const tab = await newPage(viewport);
        try {
          await tab.goto(`${server.url}#/schemas`, { waitUntil: 'load' });
          await waitForHydration(tab);
          await heading(tab, 'Schemas').first().waitFor();
          await tab
            .locator(
              '[data-section-id="/schemas"] [data-testid="right-panel"] a, [data-section-id="/schemas"] [data-testid="right-panel"] button',
            )
            .first()
            .waitFor();
          expect(await emptyColumns(tab)).toEqual([]);
          expect(await headingsBrokenInsideWords(tab)).toEqual([]);
          await tab.screenshot({ path: path.join(SCREENSHOTS, `docs-schemas-${viewport.width}.png`) });
        } finally {
          await tab.close();
        }
      }
    });

    test('search works offline: "business" lists the business delete, and choosing it goes there', async () => {
      const op = documented.find((o) => o.operationId === 'deleteBusinessCustomer');
      if (!op) throw new Error('openapi.yaml has no deleteBusinessCustomer operation');
      const tab = await newPage();
      try {
        await tab.goto(server.url, { waitUntil: 'load' });
        await waitForHydration(tab);
        await tab.locator('[data-testid="search-trigger"]').click();
        const box = tab.locator('[data-component-name="Search/SearchInput"] input');
        await box.fill('business');
        const result = tab.locator('a[data-component-name="Search/SearchItem"]', { hasText: op.summary });
        await expect.poll(() => result.count(), settle).toBeGreaterThan(0);
        await result.first().click();
        const title = heading(tab, op.summary).first();
        await title.waitFor();
        await expect
          .poll(() => title.evaluate((el) => Math.round(el.getBoundingClientRect().top)), settle)
          .toBeLessThanOrEqual(80);
        expect(await title.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
      } finally {
        await tab.close();
      }
    });

    test('the API changelog is its own section, one entry per version', async () => {
      const tab = await newPage();
      try {
        await tab.goto(server.url, { waitUntil: 'load' });
        await waitForHydration(tab);
        const section = heading(tab, 'API changelog').or(tab.locator('h1', { hasText: 'API changelog' }));
        await expect.poll(() => section.count(), settle).toBeGreaterThan(0);
        const text = () => visibleText(tab.locator('body'));
        for (const version of ['0.10.0', '0.9.0']) await expect.poll(text, settle).toContain(version);
        await expect.poll(text, settle).toContain('Adds a test-only entry for the docs build.');
      } finally {
        await tab.close();
      }
    });

    test('the published page: Try it defaults to the hosted sandbox, samples use its URL', async () => {
      const op = documented.find((o) => o.operationId === 'deleteBusinessCustomer');
      if (!op) throw new Error('openapi.yaml has no deleteBusinessCustomer operation');
      const section = await openOperation(page, op.tag, op.summary, op.operationId);
      const panel = section.locator('.tryit');
      await panel.waitFor();
      const server = panel.locator('select[name="server"]');
      expect(await server.inputValue()).toBe('hosted');
      expect(await server.locator('option:checked').innerText()).toContain(hostedSandbox);
      // Nothing is prefilled on the published page: the reader brings their own credentials.
      expect(await panel.locator('input[name="apiKey"]').inputValue()).toBe('');
      const code = await chooseSampleLanguage(page, section, 'curl');
      await expect.poll(() => visibleText(code), settle).toContain(`${hostedSandbox}/customers/business/`);
    });

    test('on the local sandbox /docs: samples use its URL, Try it deletes twice and shows 200, 404 and 400', async () => {
      const tab = await newPage();
      try {
        await tab.goto(`${local.url}/docs/#/operations/createAccessToken`, { waitUntil: 'load' });
        await waitForHydration(tab);
        const demo = demoCredentials.find((c) => c.canDelete) ?? demoCredentials[0];
        if (!demo) throw new Error('the sandbox has no demo credentials');

        // Samples of every operation use this server's URL (the spec's, with the hosted base replaced).
        for (const op of documented) {
          const section = await openOperation(tab, op.tag, op.summary, op.operationId);
          for (const sample of op.samples) {
            const code = await chooseSampleLanguage(tab, section, sample.label);
            await expect
              .poll(async () => (await visibleText(code)).trimEnd(), settle)
              .toBe(sample.source.trimEnd().replaceAll(hostedSandbox, local.url));
          }
        }

        // 1. Exchange the demo key (prefilled) for a token.
        const exchange = await tryPanel(tab, 'createAccessToken');
        expect(await exchange.locator('select[name="server"]').inputValue()).toBe('local');
        expect(await exchange.locator('input[name="apiKey"]').inputValue()).toBe(demo.apiKey);
        expect(await exchange.locator('input[name="apiSecret"]').inputValue()).toBe(demo.apiSecret);
        expect(await exchange.locator('input[name="apiSecret"]').getAttribute('type')).toBe('password');
        const token = await send(tab, local, exchange, 200);
        await expect
          .poll(() => visibleText(exchange.locator('.tryit-body')), settle)
          .toContain('accessToken');
        expect(token.path).toBe('/auth/token');
        const exchanged = JSON.parse(await visibleText(exchange.locator('.tryit-body'))) as {
          accessToken: string;
        };

        // 2. Delete a business customer with the token: 200; 3. again: 404 customer_not_found.
        const business = await tryPanel(tab, 'deleteBusinessCustomer');
        await business.locator('select[name="auth"]').selectOption('token');
        // The exchanged token is offered to the other panels.
        expect(await business.locator('input[name="token"]').inputValue()).toBe(exchanged.accessToken);
        await send(tab, local, business, 200);
        await expect
          .poll(() => visibleText(business.locator('.tryit-body')), settle)
          .toContain('"success": true');
        await send(tab, local, business, 404);
        await expect
          .poll(() => visibleText(business.locator('.tryit-body')), settle)
          .toContain('customer_not_found');
        // 4. The wrong type (an individual's id on the business endpoint): 400 customer_type_mismatch.
        await business.locator('input[name="customerId"]').fill('cst_01H9Xa8F5dN6mP3q');
        await send(tab, local, business, 400);
        await expect
          .poll(() => visibleText(business.locator('.tryit-body')), settle)
          .toContain('customer_type_mismatch');
        // The panel shows the response headers the spec documents.
        await expect.poll(() => business.locator('dd[data-header="ratelimit"]').count(), settle).toBe(1);
        await business.scrollIntoViewIfNeeded();
        await tab.screenshot({ path: path.join(SCREENSHOTS, 'docs-try-it.png') });

        // Credentials stay in the page: nothing in storage, cookies or the URL.
        const stored = await tab.evaluate(() => ({
          local: JSON.stringify({ ...localStorage }),
          session: JSON.stringify({ ...sessionStorage }),
          cookie: document.cookie,
          url: location.href,
        }));
        for (const value of Object.values(stored)) {
          expect(value).not.toContain(demo.apiSecret);
          expect(value).not.toContain(demo.apiKey);
        }
      } finally {
        await tab.close();
      }
    });

    test('the Content-Security-Policy forbids connecting to or loading from any other host', async () => {
      // A tab of its own: the violations it provokes are expected, not page errors.
      const tab = await browser.context.newPage();
      try {
        await tab.goto(server.url, { waitUntil: 'load' });
        const csp = await tab.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
        expect(csp).toContain("default-src 'none'");
        const outcome = await tab.evaluate(async ([connectUrl, imageUrl, scriptUrl]) => {
          const violations: string[] = [];
          document.addEventListener('securitypolicyviolation', (event) => {
            violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
          });
          const fetched = await fetch(connectUrl as string).then(
            () => 'sent',
            () => 'blocked',
          );
          const image = await new Promise<string>((resolve) => {
            const img = new Image();
            img.onload = () => resolve('loaded');
            img.onerror = () => resolve('blocked');
            img.src = imageUrl as string;
          });
          const script = await new Promise<string>((resolve) => {
            const el = document.createElement('script');
            el.onload = () => resolve('loaded');
            el.onerror = () => resolve('blocked');
            el.src = scriptUrl as string;
            document.head.append(el);
          });
          // Violation events are queued as tasks: wait for all three (bounded), not for a fixed time.
          const until = Date.now() + 20_000;
          const kinds = () => new Set(violations.map((v) => v.split(' ')[0]?.replace(/-elem$/, ''))).size;
          while (kinds() < 3 && Date.now() < until) {
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          return { fetched, image, script, violations };
        }, cspProbes);
        expect(outcome.fetched).toBe('blocked');
        expect(outcome.image).toBe('blocked');
        expect(outcome.script).toBe('blocked');
        // Chromium reports a blocked script element as `script-src-elem`, and sometimes also as `script-src`.
        const directives = new Set(
          outcome.violations.map((v) => v.split(' ')[0]?.replace(/^script-src-elem$/, 'script-src')),
        );
        expect([...directives].sort()).toEqual(['connect-src', 'img-src', 'script-src']);
      } finally {
        await tab.close();
      }
    });

    // These two run last, over everything the tests above made the page do.
    test('no console error and no uncaught exception while reading the page', () => {
      expect(consoleErrors).toEqual([]);
    });

    test('no request left 127.0.0.1', () => {
      expect(requests.length).toBeGreaterThan(0);
      // The CSP test's own probes are left out: that test proves the page's CSP refused each one.
      const offHost = requests.filter(
        (url) => !['127.0.0.1', '(inline)'].includes(hostOf(url)) && !cspProbes.includes(url),
      );
      expect(offHost).toEqual([]);
      expect(server.requests).toContain('/');
      expect(local.apiResponses.length).toBeGreaterThanOrEqual(4);
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
  // 2.5 MB page can take many seconds on a busy machine, hence the longer wait.
  await page.waitForFunction(
    () => {
      const root = document.getElementById('redoc');
      return root !== null && Object.keys(root).some((key) => key.startsWith('_reactListening'));
    },
    undefined,
    { timeout: 2 * SETTLE_MS },
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
async function openOperation(
  page: Page,
  _tag: string,
  summary: string,
  operationId: string,
): Promise<Locator> {
  // The menu itself is checked by the test that lists each tag's entries. Here the operation is
  // reached by its deep link: the menu re-renders as the page scrolls (its active entry moves), so
  // a click on an entry can land on a detached link under load.
  await page.evaluate((id) => {
    window.location.hash = `#/operations/${id}`;
  }, operationId);
  const section = page.locator('[data-item-kind="httpItem"]', { has: heading(page, summary) }).first();
  await section.waitFor();
  return section;
}

/** The dropdown button of a request-sample panel that names the active language. */
function sampleLanguageButton(section: Locator): Locator {
  return section
    .locator(
      '.panel-request-samples [data-component-name="Panel/PanelHeader"] > [data-component-name="Dropdown/Dropdown"]',
    )
    .last()
    .locator('button')
    .first();
}

/** Picks `label` in the operation's sample-language switcher; returns the code block it shows. */
async function chooseSampleLanguage(page: Page, section: Locator, label: string): Promise<Locator> {
  const button = sampleLanguageButton(section);
  await button.scrollIntoViewIfNeeded();
  if ((await button.innerText()).trim() !== label) {
    await button.click();
    await page
      .locator('[data-component-name="Dropdown/DropdownMenu"]:visible [role="menuitem"]', { hasText: label })
      .first()
      .click();
  }
  await expect.poll(async () => (await button.innerText()).trim(), settle).toBe(label);
  return section.locator('.panel-request-samples pre[data-testid="source-code"]').first();
}

/** Whether `locator` is rendered and inside the viewport. */
function onScreen(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return (
      box.width > 0 &&
      box.height > 0 &&
      style.visibility !== 'hidden' &&
      box.bottom > 0 &&
      box.top < window.innerHeight &&
      box.left >= 0 &&
      box.right <= window.innerWidth + 1
    );
  });
}

/** Headings (h1-h3) whose text breaks inside a word: a word whose letters lie on two lines. */
function headingsBrokenInsideWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    for (const el of document.querySelectorAll('#redoc h1, #redoc h2, #redoc h3')) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index ?? 0);
          range.setEnd(node, (match.index ?? 0) + match[0].length);
          const tops = new Set(
            [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
          );
          if (tops.size > 1) broken.push(`${el.textContent?.trim()}: "${match[0]}"`);
        }
      }
    }
    return broken;
  });
}

/**
 * Sections whose layout leaves a column empty: the right column holds content while the left one
 * beside it holds only the heading (the right one is neither stacked below nor matched by text).
 */
function emptyColumns(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const row of document.querySelectorAll('#redoc [data-section-id] > div')) {
      const middle = row.querySelector(':scope > [data-testid="middle-panel"]');
      const right = row.querySelector(':scope > [data-testid="right-panel"]');
      if (!middle || !right || right.childElementCount === 0) continue;
      const m = middle.getBoundingClientRect();
      const r = right.getBoundingClientRect();
      if (r.height < 40 || r.top >= m.bottom - 1) continue; // empty, or stacked below
      const headingBox = middle.querySelector('h1, h2')?.getBoundingClientRect();
      const besideOnlyHeading =
        headingBox !== undefined && m.height < headingBox.height + 40 && r.height > 2 * m.height;
      if (besideOnlyHeading) found.push(row.parentElement?.getAttribute('data-section-id') ?? '?');
    }
    return found;
  });
}

/** The "Try it" panel of an operation (scrolled into view). */
async function tryPanel(page: Page, operationId: string): Promise<Locator> {
  const panel = page.locator(`.tryit[data-operation-id="${operationId}"]`);
  if ((await panel.count()) === 0) await page.goto(`${page.url().split('#')[0]}#/operations/${operationId}`);
  await panel.waitFor();
  await panel.scrollIntoViewIfNeeded();
  return panel;
}

/** Sends the panel's request; waits until it shows `status` and the request id the server sent. */
async function send(
  page: Page,
  local: LocalDocsServer,
  panel: Locator,
  status: number,
): Promise<LocalDocsServer['apiResponses'][number]> {
  const before = local.apiResponses.length;
  await panel.locator('button.tryit-send').click();
  await expect.poll(() => panel.locator(`.tryit-status [data-status="${status}"]`).count(), settle).toBe(1);
  const answer = local.apiResponses.slice(before).find((r) => r.status === status);
  if (!answer) throw new Error(`the sandbox gave no ${status} response`);
  expect(answer.requestId).toMatch(/\S/);
  await expect.poll(() => visibleText(panel.locator('.tryit-request-id')), settle).toBe(answer.requestId);
  await expect
    .poll(() => visibleText(panel.locator('dd[data-header="x-request-id"]')), settle)
    .toBe(answer.requestId);
  expect(page.url()).not.toContain('apiSecret');
  return answer;
}
