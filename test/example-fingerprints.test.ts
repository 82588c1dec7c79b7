import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, variantNames, type Scenario } from '../src/index.js';

/**
 * Every example scenario, every variant (and the last one again with another seed, which
 * re-expands its node kinds): the SHA-256 of its result JSON outside `wall` must equal the one
 * recorded in test/fixtures/example-fingerprints.json. Refactors must not move a byte; a change
 * that alters trajectories on purpose (a new model default, a distribution-equivalent queue)
 * re-records with `NETSIM_RECORD=1 npx vitest run test/example-fingerprints.test.ts` and says why in
 * its commit. The measured window is cut to 1 s (2 s, 5 s where flows start later) to keep the check
 * to a few seconds.
 */
const FIXTURE = 'test/fixtures/example-fingerprints.json';
const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, string>;
const now: Record<string, string> = {};

function shortened(file: string): Scenario {
  const text = readFileSync(`scenarios/${file}`, 'utf8');
  for (const cut of ['1s', '2s', '5s']) {
    try {
      return parseScenario(text.replace(/^duration: .*$/m, `duration: ${cut}`), `scenarios/${file}`);
    } catch {
      // flows start later than this window: try a longer one
    }
  }
  throw new Error(`${file}: no short window works`);
}

function hash(s: Scenario, variant: string | null, seed?: number): string {
  const result = runScenario(s, { variant, ...(seed === undefined ? {} : { seed }) });
  const { wall: _wall, ...rest } = result as unknown as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

describe('example scenarios keep their result bytes', () => {
  for (const file of readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    it(file, () => {
      const s = shortened(file);
      const variants = [null, ...variantNames(s)];
      for (const v of variants) now[`${file} ${v ?? '(base)'}`] = hash(s, v);
      const last = variants[variants.length - 1];
      now[`${file} ${last ?? '(base)'} seed=7`] = hash(s, last, 7);
      for (const key of Object.keys(now).filter((k) => k.startsWith(`${file} `))) {
        if (process.env.NETSIM_RECORD !== '1') expect({ [key]: now[key] }).toEqual({ [key]: recorded[key] });
      }
    });
  }
  it.runIf(process.env.NETSIM_RECORD === '1')('records', () => {
    writeFileSync(FIXTURE, JSON.stringify(now, null, 2) + '\n');
  });
});
