import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` (Chrome DevTools format) that a self-time table needs. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time per function from `node --cpu-prof` output, largest first:
 * `node dist/bench/profile-summary.js FILE.cpuprofile [top]`. Functions are keyed by name, file and
 * line, so the same function reached along different stacks is one row.
 */
function summarize(file: string, top: number): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  for (const n of p.nodes) byId.set(n.id, n);
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const dt = p.timeDeltas[i] ?? 0;
    if (n === undefined) continue;
    const f = n.callFrame;
    const where = f.url === '' ? '' : ` ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
    const key = `${f.functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  }
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  const lines = rows.map(
    ([k, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(6)} ms  ${k}`,
  );
  return [`${file}: ${(total / 1e6).toFixed(2)} s sampled`, ...lines].join('\n');
}

const [file, top] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: profile-summary.js FILE.cpuprofile [top]');
process.stdout.write(summarize(file, Number(top ?? 30)) + '\n');
