import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchFigure, BenchModule } from './figure.js';
import { machine } from './machine.js';

/**
 * The benchmark modules, run in this order: `bench/<name>.ts` exporting
 * `run(): Promise<BenchFigure[]>`. To add one, add its name here.
 */
const MODULES = ['hold', 'dumbbell', 'elastic', 'pool', 'routing', 'scale', 'voice', 'validate', 'startup', 'peer'];

/**
 * `npm run bench` runs every module; `npm run bench -- hold pool` runs some; `--markdown` prints the
 * table as Markdown (for bench/RESULTS.md), `--json` as JSON.
 *
 * Each module runs in a Node process of its own: V8's type feedback is per process, so one module's
 * use of a shared library (a fastpriorityqueue of numbers after one of objects measured 4x slower)
 * cannot slow another, and the peak memory reported is that module's alone.
 */
const CHILD_FLAG = '--module';
const RESULT_MARK = '@@bench-result ';

interface ModuleResult {
  module: string;
  figures: BenchFigure[];
}

async function child(name: string): Promise<void> {
  const mod = (await import(`./${name}.js`)) as Partial<BenchModule>;
  if (typeof mod.run !== 'function') throw new Error(`bench/${name}.ts does not export run()`);
  const figures = await mod.run();
  figures.push({
    name: 'peak memory (process)',
    value: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
    unit: 'MiB',
    note: 'max resident set size of the process that ran this module',
  });
  process.stdout.write(RESULT_MARK + JSON.stringify(figures) + '\n');
}

function runModule(name: string): ModuleResult {
  const script = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, [...process.execArgv, script, CHILD_FLAG, name], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = (out.stdout ?? '').split('\n');
  const mark = lines.find((l) => l.startsWith(RESULT_MARK));
  for (const l of lines) if (l !== '' && l !== mark) process.stderr.write(`[${name}] ${l}\n`);
  if (out.status !== 0 || mark === undefined) {
    throw new Error(`bench module '${name}' failed (exit ${out.status ?? out.signal})`);
  }
  return { module: name, figures: JSON.parse(mark.slice(RESULT_MARK.length)) as BenchFigure[] };
}

/** 4 significant digits, with k/M/G for large values. */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toPrecision(4)} G`;
  if (a >= 1e6) return `${(v / 1e6).toPrecision(4)} M`;
  if (a >= 1e4) return `${(v / 1e3).toPrecision(4)} k`;
  return v.toPrecision(4);
}

function table(results: ModuleResult[], markdown: boolean): string {
  const rows = results.flatMap((r) =>
    r.figures.map((f) => [r.module, f.name, formatValue(f.value), f.unit, f.note ?? '']),
  );
  const head = ['module', 'figure', 'value', 'unit', 'note'];
  if (markdown) {
    const line = (cells: string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
    return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf(CHILD_FLAG);
  if (at >= 0) return child(argv[at + 1]);
  const markdown = argv.includes('--markdown');
  const json = argv.includes('--json');
  const wanted = argv.filter((a) => !a.startsWith('--'));
  for (const w of wanted)
    if (!MODULES.includes(w)) throw new Error(`unknown bench module '${w}' (known: ${MODULES.join(', ')})`);
  const names = wanted.length > 0 ? wanted : MODULES;
  const m = machine();
  const results: ModuleResult[] = [];
  for (const name of names) {
    process.stderr.write(`bench: ${name} ...\n`);
    results.push(runModule(name));
  }
  if (json) {
    process.stdout.write(JSON.stringify({ machine: m, results }, null, 2) + '\n');
    return;
  }
  process.stdout.write(
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, ${m.os}, ${m.date}\n\n`,
  );
  process.stdout.write(table(results, markdown) + '\n');
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
