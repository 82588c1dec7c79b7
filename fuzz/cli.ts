/**
 * `npm run fuzz` (node dist/fuzz/cli.js): a fuzz campaign over the netsim command line, or the
 * replay of saved cases. Exit code 0 when no case failed, 1 otherwise.
 *
 *   npm run fuzz                                  10,000 cases, profile full, seed 1, one worker per core
 *   npm run fuzz -- --cases 300 --profile ci      what `npm test` runs (test/fuzz.test.ts)
 *   npm run fuzz -- --save test/fuzz/open          keep the minimal case of each failure class
 *   npm run fuzz -- --replay test/fuzz/regressions/*.yaml
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { campaign, evaluate, keyOf, summary, type CampaignOptions } from './campaign.js';
import type { Profile } from './mutations.js';
import { FuzzPool } from './pool.js';
import { loadRegression, regressionOf, saveRegression, taskOfRegression } from './regressions.js';

const { values, positionals } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    from: { type: 'string', default: '0' },
    profile: { type: 'string', default: 'full' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    'time-budget': { type: 'string', default: '10' },
    'rss-budget': { type: 'string', default: '1500' },
    'determinism-every': { type: 'string', default: '4' },
    'shrink-seconds': { type: 'string', default: '60' },
    save: { type: 'string' },
    replay: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

function int(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`fuzz: --${name} expects an integer >= ${min}, got ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return n;
}

const budget = {
  timeMs: int('time-budget', values['time-budget']!, 1) * 1000,
  rssMb: int('rss-budget', values['rss-budget']!, 100),
};
const jobs = int('jobs', values.jobs!, 1);

if (values.replay) {
  const pool = new FuzzPool(Math.min(jobs, Math.max(1, positionals.length)), budget);
  let failed = 0;
  await Promise.all(
    positionals.map(async (path) => {
      const r = loadRegression(path);
      const outcome = await evaluate(pool, taskOfRegression(r), true);
      const problems = outcome.failures.map(keyOf);
      if (r.exit === null) problems.push('its exit code is not pinned (exit: null)');
      else if (outcome.code !== r.exit) problems.push(`expected exit ${r.exit}`);
      const verdict = problems.length === 0 ? 'ok' : problems.join('; ');
      if (problems.length > 0) failed++;
      process.stdout.write(`${path}: exit ${outcome.code}, ${outcome.ms.toFixed(0)} ms: ${verdict}\n`);
    }),
  );
  await pool.close();
  process.exitCode = failed > 0 ? 1 : 0;
} else {
  const profile = values.profile as Profile;
  if (profile !== 'ci' && profile !== 'full') {
    process.stderr.write(`fuzz: --profile is ci or full, got ${JSON.stringify(profile)}\n`);
    process.exit(2);
  }
  const opts: CampaignOptions = {
    cases: int('cases', values.cases!, 1),
    seed: int('seed', values.seed!, 0),
    from: int('from', values.from!, 0),
    profile,
    jobs,
    budget,
    determinismEvery: int('determinism-every', values['determinism-every']!, 0),
    shrinkMs: int('shrink-seconds', values['shrink-seconds']!, 0) * 1000,
    onProgress: (done, total, failing) => {
      if (done % Math.max(1, Math.floor(total / 50)) === 0 || done === total)
        process.stderr.write(`fuzz: ${done}/${total} cases, ${failing} failure class(es)\n`);
    },
  };
  const report = await campaign(opts);
  process.stdout.write(`${summary(report, opts)}\n`);
  if (values.save) {
    for (const c of report.classes) {
      const ex = c.minimal ?? c.first;
      const path = saveRegression(
        values.save,
        regressionOf(ex.case, c.key, `npm run fuzz -- --profile ${profile} --seed ${opts.seed}: case ${c.first.index}`),
      );
      process.stdout.write(`saved ${path}\n`);
    }
  }
  process.exitCode = report.classes.length > 0 ? 1 : 0;
}
