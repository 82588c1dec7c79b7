import { describe, expect, it } from 'vitest';
import { campaign, summary, type CampaignOptions } from '../fuzz/campaign.js';
import { ensureBuilt } from './helpers/built.js';

// The CI subset of the fuzz suite (fuzz/, docs/fuzzing.md): a few hundred cases from a fixed seed,
// profile `ci` (inputs that must be refused, or run cheaply; the runaway-prone extremes of profile
// `full` are left to `npm run fuzz`), two worker processes. A failure prints the summary with the
// class, the first case and, shrunk, a minimal command line; `npm run fuzz -- --profile ci --seed 1
// --cases 300 --save test/fuzz/regressions` saves it as a regression to fix.
const CASES = Number(process.env.NETSIM_FUZZ_CASES ?? 300);
const SEED = Number(process.env.NETSIM_FUZZ_SEED ?? 1);

describe('fuzz: the command line on mutated scenarios and flags', () => {
  it(`${CASES} cases (profile ci, seed ${SEED}): exit codes, messages, results, determinism, budgets`, async () => {
    ensureBuilt();
    const opts: CampaignOptions = {
      cases: CASES,
      seed: SEED,
      profile: 'ci',
      jobs: 2,
      // Generous: the machine is shared and CI is slow; a case of this profile takes well under a second.
      budget: { timeMs: 20_000, rssMb: 1500 },
      determinismEvery: 4,
      shrinkMs: 20_000,
    };
    const report = await campaign(opts);
    expect(
      report.classes.map((c) => c.key),
      summary(report, opts),
    ).toEqual([]);
  }, 600_000);
});
