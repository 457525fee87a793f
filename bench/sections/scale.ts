// Section 6: the regenerate and sandbox measurements again on a synthetic spec of N operations made
// from the real ones, each as a ratio to the same measurement on the real spec in this run.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { ROOT, timeCommandOk } from '../lib/proc.js';
import { measureRegenerate, type RegenerateTimes } from '../lib/regenerate.js';
import { type Figure, figure, type Section } from '../lib/results.js';
import { median } from '../lib/stats.js';
import { writeSyntheticSpec } from '../synthetic.js';
import { regenerateFigures } from './regenerate.js';

interface LoadSpecRun {
  operations: number;
  parseMs: number;
  loadSpecMs: number;
  compileAllMs: number;
  validators: number;
  routeAvgUs: number;
  routeWorstUs: number;
}

async function loadSpecRuns(file: string, runs: number, lookups: number): Promise<LoadSpecRun[]> {
  const out: LoadSpecRun[] = [];
  for (let r = 0; r < runs; r++) {
    const run = await timeCommandOk(process.execPath, [
      '--import',
      'tsx',
      'bench/phases/load-spec.ts',
      file,
      String(lookups),
    ]);
    out.push(JSON.parse(run.stdout) as LoadSpecRun);
  }
  return out;
}

/** Runs section 6. `real` are section 4's timings of the real spec, measured earlier in this run. */
export async function scale(
  ctx: BenchContext,
  real: RegenerateTimes | undefined,
  sandboxStartupMs: number | undefined,
): Promise<Section> {
  const { operations, regenerateRuns, loadSpecRuns: specRuns, routingLookups } = ctx.config.scale;
  const dir = join(ctx.tmp, 'scale');
  await mkdir(dir, { recursive: true });
  const synthetic = await writeSyntheticSpec(dir, operations);
  ctx.log(`scale: synthetic spec with ${operations} operations at ${synthetic}`);
  // npm run generate keeps no cache, so a one-line change costs what an unchanged spec does (the
  // regenerate section shows both on the real spec); here only the unchanged run is timed.
  const times = await measureRegenerate(
    ctx,
    `${operations} operations`,
    synthetic,
    join(dir, 'regen'),
    { warmups: 0, runs: regenerateRuns },
    ['npmUnchanged', 'tools'],
  );

  const realJson = resolve(ROOT, 'generated/openapi.json');
  const synthJson = join(dir, 'regen', 'out-unchanged', 'openapi.json');
  ctx.log(`scale: sandbox cost on ${synthJson}`);
  const realSpec: LoadSpecRun[] = [];
  const synthSpec: LoadSpecRun[] = [];
  for (let r = 0; r < specRuns; r++) {
    ctx.log(`scale: index + compile + routing, round ${r + 1}/${specRuns}`);
    realSpec.push(...(await loadSpecRuns(realJson, 1, routingLookups)));
    synthSpec.push(...(await loadSpecRuns(synthJson, 1, routingLookups)));
  }
  const ops = synthSpec[0]?.operations ?? operations;
  const realOps = realSpec[0]?.operations ?? 3;
  const pick = (runs: LoadSpecRun[], key: keyof LoadSpecRun) => runs.map((r) => r[key]);
  const growth = (label: string, unit: string, key: keyof LoadSpecRun): Figure[] => [
    figure(`real spec (${realOps} ops)`, label, unit, pick(realSpec, key), {
      baseline: 'real spec',
      ratio: 1,
    }),
    figure(`synthetic spec (${ops} ops)`, label, unit, pick(synthSpec, key), {
      baseline: 'real spec',
      ratio: median(pick(synthSpec, key)) / median(pick(realSpec, key)),
    }),
  ];
  const figures: Figure[] = [...regenerateFigures(times, ` (${ops} ops)`, false)];
  if (real) {
    for (const [key, subject] of [
      ['npmUnchanged', 'npm run generate, unchanged spec'],
      ['tools', 'CLI tools in sequence'],
    ] as const) {
      figures.push(
        figure(`${subject} (${ops} ops) vs (${realOps} ops)`, 'growth', 'ms', times[key], {
          baseline: `${subject} (${realOps} ops)`,
          ratio: median(times[key]) / median(real[key]),
        }),
      );
    }
  }
  figures.push(
    ...growth('JSON.parse of openapi.json', 'ms', 'parseMs'),
    ...growth('loadSpec (index; validators compile lazily)', 'ms', 'loadSpecMs'),
    ...growth('first use of every validator (Ajv compile)', 'ms', 'compileAllMs'),
    ...growth('routing, average over all operations', 'µs', 'routeAvgUs'),
    ...growth('routing, last operation (worst case)', 'µs', 'routeWorstUs'),
  );
  const extra = median(pick(synthSpec, 'loadSpecMs')) - median(pick(realSpec, 'loadSpecMs'));
  const compileExtra = median(pick(synthSpec, 'compileAllMs')) - median(pick(realSpec, 'compileAllMs'));
  const notes = [
    `The synthetic spec (bench/synthetic.ts) keeps the ${realOps} real operations and adds copies under /copy-K/..., each copy with its own operationIds and its own copies of the component schemas and responses it uses; operations open to anonymous callers (the token exchange) are not copied. It is lint-clean under redocly.yaml and .spectral.yaml, so npm run generate runs on it with its default gates. Size: ${ops} operations.`,
    `The sandbox cannot serve a synthetic spec: src/spec/index.ts loads generated/openapi.json at import and src/sandbox/routes.ts builds its table from that module with handlers for the three real operations only. So this section measures what the sandbox pays for spec size, each spec in a fresh process after src/spec has loaded the real spec once (so Ajv's own code is loaded in both cases): loadSpec() (indexing; what src/spec does at sandbox start), the first use of every parameter, header and body validator (src/spec compiles each with Ajv on first use, so a server pays this on the first request of each operation and status: ${median(pick(synthSpec, 'validators'))} validators for the synthetic spec, ${median(pick(realSpec, 'validators'))} for the real one), and per-request routing with the sandbox's algorithm (the table of src/sandbox/routes.ts as the route step of src/sandbox/engine.ts walks it: a linear scan of path RegExps in document order, then a method lookup), replicated in bench/phases/load-spec.ts. ${routingLookups} lookups per figure.`,
  ];
  if (sandboxStartupMs !== undefined) {
    notes.push(
      `Estimated sandbox start-up on the synthetic spec: the sandbox start-up (node --import tsx) of the startup section (${Math.round(sandboxStartupMs)} ms) plus the extra loadSpec time (${Math.round(extra)} ms) = about ${Math.round(sandboxStartupMs + extra)} ms (an estimate, not a measurement); the extra Ajv compile (${Math.round(compileExtra)} ms in total) is spread over the first request of each operation and status.`,
    );
  }
  return {
    id: 'scale',
    title: `Scale (${ops} operations)`,
    method: `Synthetic spec of ${ops} operations written to a temporary folder. Regenerate: as the regenerate section (no warm-up, ${regenerateRuns} round(s), variants: unchanged spec and the CLI tools in sequence; npm run generate keeps no cache, so the one-line change costs the same and is measured on the real spec only). Sandbox cost: ${specRuns} rounds, each a fresh process per spec. Growth ratios divide the synthetic figure by the same figure on the real spec measured in this run.`,
    figures,
    notes,
  };
}
