import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseScenario, cli, tempFile } from './helpers/scenario.js';

// Flags and paths (issue 14, item 4): every numeric flag has a range and says it; --out is checked
// before any work (not a directory, cannot be made, a FIFO or a device in the way: exit 2 naming the
// path, nothing created, nothing renamed over); seeds stay integers through seed + replications.

const dir = mkdtempSync(join(tmpdir(), 'netsim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);

function small(): string {
  const s = baseScenario();
  s.warmup = '0s';
  s.duration = '1s';
  s.drain = '0.5s';
  return tempFile(s);
}

async function usage(args: string[], message: RegExp): Promise<string> {
  const t0 = performance.now();
  const r = await cli(...args);
  expect(r.code, r.stderr + r.stdout).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |EEXIST:|ENOENT:|ENOTDIR:|mkdir '/);
  expect(performance.now() - t0).toBeLessThan(10_000); // checked before any run (1e9 replications would never end)
  return r.stderr;
}

describe('numeric flags: a range and a message', () => {
  it('--replications from 1 to 10000', async () => {
    const file = small();
    for (const bad of ['0', '-1', '1.5', 'abc', '', '1000000000', '99999999999999999999', '10001'])
      await usage(['compare', file, '--replications', bad], /--replications expects an integer from 1 to 10000, got /);
  });

  it('--jobs from 1 to 1024; more than the cores this process may use is lowered, with a note', async () => {
    const file = small();
    for (const bad of ['0', '-2', 'x', '1025', '1e3'])
      await usage(['compare', file, '--replications', '1', '--jobs', bad], /--jobs expects an integer from 1 to 1024/);
    const cores = availableParallelism();
    // One cell: it runs in this thread whatever --jobs says (worker threads need the compiled build).
    const r = await cli('compare', file, '--replications', '1', '--jobs', String(cores + 1), '--out', at('jobs'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `netsim: --jobs ${cores + 1}: this process can use ${cores} core(s); running at most ${cores} worker thread(s)\n`,
    );
  });

  it('--seed from 0 to 2^53 - 1, and seed + replications - 1 stays an exact integer', async () => {
    const file = small();
    for (const bad of ['-1', '1e3', '0x10', '9007199254740992'])
      await usage(['run', file, '--seed', bad], /--seed expects an integer from 0 to 9007199254740991/);
    await usage(
      ['compare', file, '--seed', '9007199254740991', '--replications', '2'],
      /seeds 9007199254740991 to 9007199254740991 \+ 1 go past 9007199254740991, the largest exact integer/,
    );
    // The same limit for a seed written in the file.
    const s = baseScenario();
    s.seed = 9007199254740990;
    await usage(
      ['compare', tempFile(s), '--replications', '3'],
      /seeds 9007199254740990 to 9007199254740990 \+ 2 go past/,
    );
    const ok = await cli(
      'compare',
      file,
      '--seed',
      '9007199254740990',
      '--replications',
      '2',
      '--jobs',
      '1',
      '--out',
      at('seeds'),
    );
    expect(ok.code, ok.stderr).toBe(0);
    const seeds = JSON.parse(readFileSync(at('seeds/results.json'), 'utf8')).runs.map((r: { seed: number }) => r.seed);
    expect(seeds).toEqual([9007199254740990, 9007199254740991]);
  });

  it('--shard i/n with n at most 100000', async () => {
    await usage(
      ['compare', small(), '--shard', '1/99999999999999999999'],
      /--shard: expected i\/n with 1 <= i <= n <= 100000/,
    );
    await usage(['compare', small(), '--shard', '3/2'], /--shard: expected i\/n with 1 <= i <= n/);
  });
});

describe('--out is checked before any work', () => {
  it('run --out: under /proc, under a file or a device, a directory, a FIFO: exit 2 naming the path', async () => {
    const file = small();
    writeFileSync(at('a-file.txt'), 'keep\n');
    mkdirSync(at('a-dir'));
    const fifo = at('a-fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await usage(
      ['run', file, '--out', '/proc/netsim-test/x/y.json'],
      /^netsim: --out \/proc\/netsim-test\/x\/y.json: cannot create the directory \/proc\/netsim-test: nothing can be/m,
    );
    // ENOENT when creating an output is not a missing input: never "no such file or directory" (that names nothing).
    await usage(
      ['run', file, '--out', '/proc/x.json'],
      /^netsim: --out \/proc\/x.json: cannot write in \/proc: nothing can be created there$/m,
    );
    await usage(
      ['run', file, '--out', '/dev/null/x.json'],
      /^netsim: --out \/dev\/null\/x.json: \/dev\/null is a character device, not a directory/,
    );
    await usage(['run', file, '--out', at('a-file.txt/x.json')], /a-file.txt is a regular file, not a directory/);
    await usage(
      ['run', file, '--out', at('a-dir')],
      /--out .*a-dir: is a directory; give the name of the file to write/,
    );
    await usage(
      ['run', file, '--out', fifo],
      /--out .*a-fifo: is a named pipe \(FIFO\); the result is written to a new or regular file/,
    );
    expect(statSync(fifo).isFIFO()).toBe(true); // not renamed over
    expect(readFileSync(at('a-file.txt'), 'utf8')).toBe('keep\n');
  });

  it('compare --out: an existing file where the directory goes, a report name taken by a directory', async () => {
    const file = small();
    writeFileSync(at('not-a-dir'), 'keep\n');
    await usage(
      ['compare', file, '--replications', '1', '--out', at('not-a-dir')],
      /--out .*not-a-dir: exists and is a regular file; the reports go into a directory/,
    );
    mkdirSync(at('taken/results.csv'), { recursive: true });
    await usage(
      ['compare', file, '--replications', '1', '--out', at('taken')],
      /taken\/results.csv is a directory; it would be replaced by a report file/,
    );
    await usage(
      ['compare', file, '--replications', '1', '--out', '/proc/netsim-test'],
      /--out \/proc\/netsim-test: cannot create the directory \/proc\/netsim-test: nothing can be created there$/m,
    );
    await usage(['merge', file, '--out', at('not-a-dir')], /--out .*not-a-dir: exists and is a regular file/);
  });

  it('run --timeseries: a report name taken by a directory is refused before the run, nothing written', async () => {
    const file = small();
    mkdirSync(at('series/report.html'), { recursive: true });
    await usage(
      ['run', file, '--timeseries', '100ms', '--out', at('series/x.json')],
      /--timeseries .*series: .*series\/report.html is a directory; it would be replaced by a report file/,
    );
    // Before, x.json and timeseries.csv were written and only report.html failed.
    expect(readdirSync(at('series'))).toEqual(['report.html']);
  });

  it('directories made for a command that then fails are removed', async () => {
    const s = baseScenario();
    s.flows[0].traffic = { model: 'elastic', maxRto: '5ms' }; // refused by validation, after --out was prepared
    const r = await cli('run', tempFile(s), '--out', at('made/for/nothing.json'));
    expect(r.code).toBe(2);
    expect(existsSync(at('made'))).toBe(false);
    const ok = await cli('run', small(), '--out', at('made/for/something.json'));
    expect(ok.code, ok.stderr).toBe(0);
    expect(readdirSync(at('made/for'))).toEqual(['something.json']); // no temporary or probe file left
  });
});

describe('validation gaps found by the fuzz suite', () => {
  it('an elastic maxRto below the default minRto is refused, not a failed run (exit 1)', async () => {
    const s = baseScenario();
    s.flows[0].traffic = { model: 'elastic', maxRto: '5ms' };
    const r = await cli('validate', tempFile(s));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/flows\[0\]\.traffic\.maxRto: must be at least minRto \(default 200ms\)/);
    s.flows[0].traffic = { model: 'elastic', minRto: '90s' };
    expect((await cli('validate', tempFile(s))).stdout).toMatch(
      /traffic\.minRto: must not exceed maxRto \(default 1min\)/,
    );
  });
});
