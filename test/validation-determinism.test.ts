import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/metrics/index.js';
import { runStress, stress } from './helpers/stress.js';

/** The result as bytes, outside `wall` (the only part allowed to differ between identical runs). */
function bytes(r: RunResult): string {
  const { wall: _wall, ...rest } = r;
  return JSON.stringify(rest);
}

const run = (seed: number): RunResult => runStress(stress(seed, { background: true }));

describe('determinism (validation)', () => {
  it('same seed: identical result JSON and fingerprint, also after other runs in the same process', () => {
    const first = run(11);
    const other = run(12); // a run in between must not leak state (pools, streams, caches)
    const again = run(11);
    expect(bytes(again)).toBe(bytes(first));
    expect(again.simulated.fingerprint).toBe(first.simulated.fingerprint);
    expect(again.simulated.events).toBe(first.simulated.events);
    expect(other.simulated.events).toBeGreaterThan(0);
  });

  it('different seed: different result and fingerprint', () => {
    const a = run(11);
    const b = run(12);
    expect(b.simulated.fingerprint).not.toBe(a.simulated.fingerprint);
    expect(bytes(b)).not.toBe(bytes(a));
    // Not just a label: the traffic itself differs.
    expect(b.flows.video.sent).not.toBe(a.flows.video.sent);
  });

  it('the result carries no NaN or Infinity (JSON would turn them into null silently)', () => {
    const bad: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v === 'number' && !Number.isFinite(v)) bad.push(path);
      else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    const r = run(11);
    walk(r, 'result');
    expect(bad).toEqual([]);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
