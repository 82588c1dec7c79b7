import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { JOURNAL_DIR } from '../src/experiment/journal.js';
import { ensureBuilt, netsimBin } from './helpers/built.js';
import { TINY_SWEEP } from './helpers/tiny-sweep.js';
import { comparisonOutputs } from './helpers/comparison-files.js';

// Resumable campaigns (issue 14, item 7): a comparison killed mid-way (SIGKILL: no handler runs)
// and started again with --resume reuses the runs it saved and gives the same files, byte for byte
// outside `wall`, as a comparison never interrupted. Cells are keyed by their identity, sweep
// point included: the runs reused are exactly the ones saved.
const ARGS = ['--replications', '4', '--jobs', '1'];
// The capacity tests' small swept scenario (test/helpers/tiny-sweep.ts): 2 variants x 3 sweep points x 4 seeds.
const CELLS = 2 * 3 * 4;
/** The runs of shard 1/2. */
const HALF = CELLS / 2;

function netsim(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [netsimBin, ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const saved = (out: string) => {
  try {
    return readdirSync(join(out, JOURNAL_DIR)).filter((n) => n.endsWith('.json')).length;
  } catch {
    return 0;
  }
};

describe('netsim compare --resume', () => {
  it('a comparison killed mid-way resumes to the same files as one never interrupted', async () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'netsim-resume-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 's.yaml'), TINY_SWEEP);

    const whole = netsim(dir, ['compare', 's.yaml', ...ARGS, '--out', 'whole']);
    expect(whole.code, whole.stderr).toBe(0);
    expect(existsSync(join(dir, 'whole', JOURNAL_DIR)), 'the journal is removed once the files are written').toBe(
      false,
    );

    // Kill with SIGKILL once a few runs are saved (polled), well before the end.
    const out = join(dir, 'cut');
    const child = spawn(process.execPath, [netsimBin, 'compare', 's.yaml', ...ARGS, '--out', 'cut'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    for (let i = 0; i < 3000 && saved(out) < 3; i++) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const before = saved(out);
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(CELLS);
    expect(existsSync(join(out, 'results.json')), 'nothing half-written').toBe(false);

    const resumed = netsim(dir, ['compare', 's.yaml', ...ARGS, '--out', 'cut', '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const reused = Number(/--resume: (\d+) of (\d+) run\(s\) reused/.exec(resumed.stderr)?.[1]);
    expect(reused).toBe(before);
    expect(resumed.stderr).toContain(`of ${CELLS} run(s)`);
    expect(comparisonOutputs(out)).toEqual(comparisonOutputs(join(dir, 'whole')));
    expect(existsSync(join(out, JOURNAL_DIR))).toBe(false);
  }, 300_000);

  it('a run saved for another seed or --set is not reused; a damaged one is run again', async () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'netsim-resume-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 's.yaml'), TINY_SWEEP);
    const shard = ['compare', 's.yaml', ...ARGS, '--shard', '1/2', '--out', 'sh'];
    // A finished shard leaves nothing; a journal is what an interrupted one leaves: make one by hand from
    // a complete run's saved files (a run with --set duration=1s saved, then asked for at duration 2s).
    const first = netsim(dir, [...shard, '--set', 'duration=1s']);
    expect(first.code, first.stderr).toBe(0);
    expect(saved(join(dir, 'sh'))).toBe(0);
    // Interrupt a shard by killing it after its first saved run, then resume it with other options.
    const child = spawn(process.execPath, [netsimBin, ...shard], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    for (let i = 0; i < 3000 && saved(join(dir, 'sh')) < 1; i++) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const kept = saved(join(dir, 'sh'));
    expect(kept).toBeGreaterThanOrEqual(1);
    const other = netsim(dir, [...shard, '--set', 'duration=1s', '--resume']);
    expect(other.stderr).toContain(`--resume: 0 of ${HALF} run(s) reused`);
    expect(other.code, other.stderr).toBe(0);
    const seeds = netsim(dir, [...shard, '--seed', '100', '--resume']);
    expect(seeds.stderr).toContain(`--resume: 0 of ${HALF} run(s) reused`);
    // The interrupted shard's runs are still there (another identity's files do not remove them); damage one.
    const journal = join(dir, 'sh', JOURNAL_DIR);
    const files = readdirSync(journal).filter((n) => n.endsWith('.json'));
    expect(files.length).toBe(kept);
    writeFileSync(join(journal, files[0]), '{"format":"netsim-result/1","runs":');
    const again = netsim(dir, [...shard, '--resume']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`--resume: ${kept - 1} of ${HALF} run(s) reused`);
    expect(existsSync(journal)).toBe(false);
  }, 300_000);

  it('runs that cannot be saved do not stop the comparison: one note on stderr', async () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'netsim-resume-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 's.yaml'), TINY_SWEEP);
    mkdirSync(join(dir, 'o'));
    writeFileSync(join(dir, 'o', JOURNAL_DIR), 'a file where the journal directory goes');
    const r = netsim(dir, ['compare', 's.yaml', '--replications', '2', '--jobs', '2', '--out', 'o']);
    expect(r.code, r.stderr).toBe(0);
    // In the words of spec/fs-errors.ts (EEXIST or ENOTDIR, by platform), as every file-system error.
    const why = '(something else is already there|a part of the path is not a directory)';
    const note = new RegExp(`cannot save runs in .*\\.netsim-cells: ${why}; --resume will not find them`, 'g');
    expect(r.stderr.match(note)).toHaveLength(1);
    expect(existsSync(join(dir, 'o', 'results.json'))).toBe(true);
  }, 300_000);
});
