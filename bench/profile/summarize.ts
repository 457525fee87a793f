// Summarizes a V8 .cpuprofile (from node --cpu-prof): self time by function and by file, so a missed
// target's explanation can name where the time goes. Usage: summarize.ts FILE.cpuprofile [TOP]
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, top = '25'] = process.argv.slice(2);
if (!file) throw new Error('usage: summarize.ts FILE.cpuprofile [TOP]');
const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, us] of selfUs) {
  const frame = byId.get(id)?.callFrame;
  if (!frame) continue;
  const where = frame.url
    .replace(/^file:\/\/\/work\/main\//, '')
    .replace(/^.*node_modules\//, 'node_modules/');
  const fn = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  const key = where || `(${frame.functionName})`;
  byFile.set(key, (byFile.get(key) ?? 0) + us);
  // node_modules/@scope/name/... or node_modules/name/... -> the package; node: internals -> their area.
  const pkg =
    /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ??
    (where.startsWith('node:internal/modules')
      ? 'node: module loading'
      : where.startsWith('node:')
        ? 'node: other'
        : key);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(
      `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
    );
  }
};
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
show('self time by package', byPackage);
show('self time by file', byFile);
show('self time by function', byFunction);
