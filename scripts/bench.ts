// npm run bench: measures the sandbox, the client, the bundle, regeneration and start-up against
// their peers in one run, and writes bench/results.json and BENCHMARKS.md (code in bench/).
// Flags: --quick (short smoke run, written to .tmp/bench/), --only ID[,ID] (some sections),
// --render-only (rewrite BENCHMARKS.md from results.json and bench/findings.md, measuring nothing).
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultOutputs, renderOnly, runBench, SECTION_IDS } from '../bench/run.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'render-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`npm run bench [-- --quick] [-- --only ${SECTION_IDS.join(',')}] [-- --render-only]`);
  process.exit(0);
}

try {
  const outputs = defaultOutputs(values.quick);
  if (values['render-only']) {
    await renderOnly(outputs.resultsPath, outputs.markdownPath);
    console.log(
      `Rewrote ${relative(process.cwd(), outputs.markdownPath)} from ${relative(process.cwd(), outputs.resultsPath)}.`,
    );
    process.exit(0);
  }
  const { results, failures } = await runBench({
    quick: values.quick,
    ...(values.only !== undefined && { only: values.only.split(',').map((s) => s.trim()) }),
    ...outputs,
    log: (message) => console.error(`[bench] ${message}`),
  });
  const missed = results.sections.flatMap((s) => s.figures.filter((f) => f.target && !f.target.met));
  console.log(
    `Wrote ${relative(process.cwd(), outputs.resultsPath)} and ${relative(process.cwd(), outputs.markdownPath)} in ${Math.round(results.durationSeconds)} s; ${missed.length} target(s) missed${failures > 0 ? `, ${failures} section(s) failed` : ''}.`,
  );
  for (const f of missed) console.log(`  missed: ${f.subject} ${f.metric}: ${f.target?.text}`);
  if (!values.quick && results.durationSeconds > 180) {
    console.error(
      `scripts/bench.ts: the run took ${Math.round(results.durationSeconds)} s, over the 3-minute budget; lower the counts in bench/config.ts.`,
    );
  }
  if (failures > 0) process.exitCode = 1;
} catch (error) {
  console.error(`scripts/bench.ts: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
