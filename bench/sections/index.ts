// The registry of bench sections, in the order they run. A new section is one entry here: an id
// (for `--only`), and a function from the run's context (and what earlier sections measured) to
// its Section of figures. Sections share nothing else, so rows of other parts plug in without
// touching the harness.
import type { BenchContext } from '../lib/context.js';
import type { Section } from '../lib/results.js';
import { median } from '../lib/stats.js';
import { bundleSize } from './bundle-size.js';
import { clientOverhead } from './client-overhead.js';
import { docsPage } from './docs-page.js';
import { inProcess } from './in-process.js';
import { mockServers } from './mock-servers.js';
import { regenerate } from './regenerate.js';
import { scale } from './scale.js';
import { startup } from './startup.js';

/** What earlier sections hand later ones (the scale section reuses two measurements). */
export interface Shared {
  regenerate?: Awaited<ReturnType<typeof regenerate>>['times'];
  sandboxStartupMs?: number;
}

/** One section of `npm run bench`. */
export interface SectionEntry {
  id: string;
  run(ctx: BenchContext, shared: Shared): Promise<Section>;
}

export const SECTIONS: readonly SectionEntry[] = [
  { id: 'bundle-size', run: (ctx) => bundleSize(ctx) },
  { id: 'mock-servers', run: (ctx) => mockServers(ctx) },
  { id: 'in-process', run: (ctx) => inProcess(ctx) },
  { id: 'client-overhead', run: (ctx) => clientOverhead(ctx) },
  { id: 'docs-weight', run: () => docsPage() },
  {
    id: 'regenerate',
    run: async (ctx, shared) => {
      const { times, ...section } = await regenerate(ctx);
      shared.regenerate = times;
      return section;
    },
  },
  {
    id: 'startup',
    run: async (ctx, shared) => {
      const section = await startup(ctx);
      const tsx = section.figures.find((f) => f.subject.startsWith('sandbox, node --import tsx'));
      shared.sandboxStartupMs = tsx ? median(tsx.runs) : undefined;
      return section;
    },
  },
  { id: 'scale', run: (ctx, shared) => scale(ctx, shared.regenerate, shared.sandboxStartupMs) },
];
