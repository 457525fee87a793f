// Launches Debian's Chromium (never a downloaded browser) through playwright-core for the browser
// tests, with the flags that work without a network and a fresh profile that is removed on close.
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Flags for a headless Chromium that runs as root in CI and makes no request of its own. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** The Chromium binary the tests use: `CHROME_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env.CHROME_PATH ?? '/usr/bin/chromium';
}

/** Whether an executable Chromium exists at `executable`. */
export function chromiumAvailable(executable: string = chromiumPath()): boolean {
  try {
    accessSync(executable, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What a person sees when Chromium is missing: where it was looked for and how to install it. */
export function missingChromiumMessage(executable: string = chromiumPath()): string {
  return [
    `The browser test could not run: no executable Chromium at ${executable}.`,
    "Install Debian's Chromium (as root): apt-get update && apt-get install -y chromium",
    'or point CHROME_PATH at an existing Chromium or Chrome binary. Never `npx playwright install`.',
  ].join('\n');
}

/** A running Chromium with one browser context; `close()` also deletes its profile directory. */
export interface LaunchedChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Starts headless Chromium with a new temporary `--user-data-dir` (Playwright's persistent context). */
export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<LaunchedChromium> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'docs-chromium-'));
  try {
    // Playwright refuses --user-data-dir in args; launchPersistentContext passes it for us.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      args: [...CHROMIUM_FLAGS],
      viewport,
      timeout: 20_000,
    });
    return {
      context,
      async close() {
        try {
          await context.close();
        } finally {
          await rm(profile, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
