// Docs weight as a bench section: the built docs page's raw size, and the bytes a first visit to the
// sandbox's /docs/ transfers (measured by docs-weight.ts). Builds are deterministic, so one
// measurement is the figure.
import type { Section } from '../lib/results.js';
import { figure } from '../lib/results.js';
import { docsWeight } from './docs-weight.js';

/** Runs the docs-weight section. */
export async function docsPage(): Promise<Section> {
  const { rawBytes, transferredBytes, encoding } = await docsWeight();
  const raw = 'docs page (docs/index.html), raw';
  return {
    id: 'docs-weight',
    title: 'Docs weight',
    method: `src/docs/build.ts builds the page into a temporary folder; a node:http server on 127.0.0.1 serves it through the sandbox's own static handler (src/sandbox/static.ts), and one GET /docs/ with Chromium's Accept-Encoding (gzip, deflate, br, zstd), no cache, counts the body bytes received. The page is self-contained (scripts, styles, images inline), so it is all a first visit loads. Deterministic: one build and one request are the figures.`,
    figures: [
      figure(raw, 'size', 'B', [rawBytes], { baseline: raw, ratio: 1 }),
      figure(
        `first visit to /docs/ (Content-Encoding: ${encoding})`,
        'transferred',
        'B',
        [transferredBytes],
        {
          baseline: raw,
          ratio: transferredBytes / rawBytes,
        },
      ),
    ],
    notes: [],
  };
}
