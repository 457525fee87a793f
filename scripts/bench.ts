// npm run bench: measures the sandbox, the client, the bundle, regeneration and start-up against
// their peers in one run, and writes bench/results.json and BENCHMARKS.md (code in bench/; the
// sections are registered in bench/sections/index.ts).
import { relative } from 'node:path';
import { defaultOutputs, renderOnly, runBench, SECTION_IDS } from '../bench/run.js';
import { runCommand, UsageError } from '../src/cli/args.js';

const command = {
  name: 'scripts/bench.ts',
  usage: `Usage: npm run bench [-- --quick] [-- --only ID[,ID...]] [-- --render-only]

  --quick        a short smoke run of the same code paths, written to .tmp/bench/ (figures not meaningful)
  --only IDS     run only these sections: ${SECTION_IDS.join(', ')}
  --render-only  rewrite BENCHMARKS.md from bench/results.json and bench/findings.md, measuring nothing
  -h, --help     this text`,
  flags: {
    quick: { type: 'boolean' },
    only: { type: 'string' },
    'render-only': { type: 'boolean' },
  },
} as const;

process.exitCode = await runCommand(command, process.argv.slice(2), async ({ values }, io) => {
  const quick = values.quick === true;
  const outputs = defaultOutputs(quick);
  const rel = (path: string) => relative(process.cwd(), path);
  if (values['render-only']) {
    await renderOnly(outputs.resultsPath, outputs.markdownPath);
    io.out(`Rewrote ${rel(outputs.markdownPath)} from ${rel(outputs.resultsPath)}.`);
    return 0;
  }
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = (only ?? []).filter((id) => !SECTION_IDS.includes(id));
  if (unknown.length > 0) throw new UsageError(`--only: unknown section(s) ${unknown.join(', ')}`);
  const { results, failures } = await runBench({
    quick,
    ...(only && { only }),
    ...outputs,
    log: (message) => io.err(`[bench] ${message}`),
  });
  const missed = results.sections.flatMap((s) => s.figures.filter((f) => f.target && !f.target.met));
  io.out(
    `Wrote ${rel(outputs.resultsPath)} and ${rel(outputs.markdownPath)} in ${Math.round(results.durationSeconds)} s; ${missed.length} target(s) missed${failures > 0 ? `, ${failures} section(s) failed` : ''}.`,
  );
  for (const f of missed) io.out(`  missed: ${f.subject} ${f.metric}: ${f.target?.text}`);
  if (!quick && results.durationSeconds > 180) {
    io.err(
      `scripts/bench.ts: the run took ${Math.round(results.durationSeconds)} s, over the 3-minute budget; lower the counts in bench/config.ts.`,
    );
  }
  return failures > 0 ? 1 : 0;
});
