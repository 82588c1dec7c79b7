import { describe, expect, it } from 'vitest';
import { comparisonFile } from '../src/experiment/comparison.js';
import { empiricalCdf, experienceDelta, summarizeExperience } from '../src/experiment/experience.js';
import type { RunResult } from '../src/metrics/index.js';
import type { Experience } from '../src/metrics/voice/experience.js';
import { resultRows } from '../src/report/csv.js';
import { reportHtml } from '../src/report/html.js';
import { comparisonTable } from '../src/report/table.js';

/**
 * A run of a two-class scenario with the given experience of `realtime` (and `business` with
 * targets and no voice), and one flow per call MOS given, so the MOS CDF has something to hold.
 */
function run(variant: string, seed: number, e: Partial<Experience>, calls: number[] = []): RunResult {
  const stats = {
    sent: 100,
    received: 100,
    lost: 0,
    inFlight: 0,
    lossRatio: 0,
    throughputBps: 1000,
    latencyMs: { mean: 10, p50: 10, p95: 11, p99: 12, max: 13 },
    jitterMs: { mean: 1, rfc3550: 1 },
    drops: {},
  };
  const flows: RunResult['flows'] = {};
  calls.forEach((mos, i) => (flows[`call-${i}`] = { ...stats, class: 'realtime', path: [], call: { mos } }));
  flows.web = { ...stats, class: 'business', path: [] };
  const experience: Record<string, Experience> = {
    realtime: { flows: 10, slaMetShare: null, mos: null, poorShare: null, refused: 0, ...e },
    business: { flows: 4, slaMetShare: 0.5, mos: null, poorShare: null, refused: 1 },
  };
  return {
    format: 'netsim-result/1',
    scenario: 'exp',
    variant,
    policy: 'shortest',
    seed,
    simulated: { seconds: 1, events: 1, fingerprint: '0' },
    wall: { seconds: 0 },
    classes: { realtime: stats, business: stats },
    flows,
    links: {},
    sla: {},
    experience,
  };
}

const mos = (mean: number) => ({ mean, p5: mean - 0.1, p50: mean, p95: mean + 0.05 });
// Student's t, 2 degrees of freedom, 97.5 %: 4.302652729911275 (tables: 4.303).
const T2 = 4.302652729911275;

describe('experience across replications', () => {
  const before = [
    run('before', 1, { slaMetShare: 0.5, mos: mos(4.0), poorShare: 0.3, refused: 2 }, [3.9, 4.0, 4.1]),
    run('before', 2, { slaMetShare: 0.6, mos: mos(4.1), poorShare: 0.2, refused: 2 }, [4.0, 4.2]),
    run('before', 3, { slaMetShare: 0.7, mos: mos(4.2), poorShare: 0.1, refused: 2 }, [4.2]),
  ];
  const after = [
    run('after', 1, { slaMetShare: 0.6, mos: mos(4.3), poorShare: 0.1 }, [4.3]),
    run('after', 2, { slaMetShare: 0.72, mos: mos(4.3), poorShare: 0.05 }, [4.3]),
    run('after', 3, { slaMetShare: 0.78, mos: mos(4.3), poorShare: 0 }, [4.3]),
  ];

  it('gives each figure its mean and t interval (closed form: mean ± t(2) s / √3)', () => {
    const s = summarizeExperience(before)!;
    const half = (T2 * 0.1) / Math.sqrt(3);
    for (const [key, mean] of [
      ['slaMetShare', 0.6],
      ['mos.mean', 4.1],
      ['poorShare', 0.2],
    ] as const) {
      const e = s.realtime.metrics[key];
      expect(e.n).toBe(3);
      expect(e.mean).toBeCloseTo(mean, 9);
      expect(e.high! - e.mean!).toBeCloseTo(half, 8);
      expect(e.mean! - e.low!).toBeCloseTo(half, 8);
    }
    expect(s.realtime.flows).toMatchObject({ n: 3, mean: 10, low: 10, high: 10 });
    expect(s.realtime.refused.mean).toBe(2);
    // A class without voice: no MOS, no poor share, no CDF.
    expect(s.business.metrics['mos.mean']).toMatchObject({ n: 0, mean: null });
    expect(s.business.metrics.slaMetShare.mean).toBe(0.5);
    expect(s.business.mosCdf).toBeUndefined();
  });

  it("pools every replication's calls into the MOS CDF", () => {
    const s = summarizeExperience(before)!;
    expect(s.realtime.calls).toBe(6);
    // 3.9, 4.0, 4.0, 4.1, 4.2, 4.2: F = 1/6, 3/6, 4/6, 1.
    expect(s.realtime.mosCdf).toEqual([
      [3.9, 0.166666667],
      [4, 0.5],
      [4.1, 0.666666667],
      [4.2, 1],
    ]);
  });

  it('pairs the deltas by seed', () => {
    const d = experienceDelta(
      { variant: 'before', policy: 'shortest', runs: before },
      { variant: 'after', policy: 'shortest', runs: after },
    )!;
    // slaMetShare: +0.1, +0.12, +0.08 -> mean 0.1, s 0.02: the interval excludes 0, higher is better.
    expect(d.realtime.slaMetShare.mean).toBeCloseTo(0.1, 9);
    expect(d.realtime.slaMetShare.high! - d.realtime.slaMetShare.mean!).toBeCloseTo((T2 * 0.02) / Math.sqrt(3), 8);
    expect(d.realtime.slaMetShare.verdict).toBe('better');
    // poor calls: -0.2, -0.15, -0.1 (s 0.05) -> better (lower); MOS +0.3, +0.2, +0.1 (s 0.1, half-width
    // 0.25) -> the interval includes 0.
    expect(d.realtime.poorShare.mean).toBeCloseTo(-0.15, 9);
    expect(d.realtime.poorShare.verdict).toBe('better');
    expect(d.realtime['mos.mean'].verdict).toBe('no significant change');
    expect(d.realtime['mos.mean'].relative).toBeCloseTo(0.2 / 4.1, 6);
    expect(d.business.slaMetShare.verdict).toBe('no significant change');
  });

  it('is absent for results from before experience existed', () => {
    const old = before.map(({ experience: _e, ...r }) => r as RunResult);
    expect(summarizeExperience(old)).toBeUndefined();
    const c = comparisonFile(
      { name: 'exp', hash: 'sha256:0' },
      { variants: ['before'], policies: ['shortest'], seed: 1, replications: 3 },
      null,
      old,
    );
    expect(c.summary!.cells[0].experience).toBeUndefined();
    expect(comparisonTable(c)).not.toMatch(/Experience/);
    expect(reportHtml(c)).not.toMatch(/id="experience"/);
  });

  describe('in the comparison, the table, the CSV and the report', () => {
    const spec = { variants: ['before', 'after'], policies: ['shortest'], seed: 1, replications: 3 };
    const c = comparisonFile({ name: 'exp', hash: 'sha256:0' }, spec, null, [...before, ...after]);

    it('summary: per cell and class, and the variant delta', () => {
      expect(c.summary!.cells.map((x) => x.experience?.realtime.metrics.poorShare.mean)).toEqual([0.2, 0.05]);
      expect(c.summary!.deltas[0].experience!.realtime.poorShare.verdict).toBe('better');
    });

    it('terminal: share meeting the SLA, mean MOS and poor calls with intervals, then the delta', () => {
      const lines = comparisonTable(c).split('\n');
      const at = lines.indexOf('realtime: experience per flow');
      expect(at).toBeGreaterThan(0);
      expect(lines[at + 1]).toMatch(/^\s+flows\s+refused\s+met SLA %\s+MOS mean\s+poor calls %$/);
      expect(lines[at + 2]).toMatch(/^ {2}before\s+10\s+2\s+60±25\s+4\.10±0\.25\s+20±25$/);
      expect(lines[at + 3]).toMatch(/^ {2}after\s+10\s+0\s+70±23\s+4\.30±0\s+5±12$/);
      expect(lines[at + 4]).toMatch(/^ {2}Δ after - before\s+\+10±5 ✓\s+\+0\.20±0\.25 ·\s+-15±12 ✓$/);
      // The poor-call share in words, with its interval (Student t, 2 degrees of freedom: wide; clipped to 0).
      expect(lines[at + 5]).toBe('  poor calls (95% interval): before 20.0% [0%, 44.8%], after 5.00% [0%, 17.4%]');
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(100);
    });

    it('CSV: the experience of each run and class', () => {
      const { header, rows } = resultRows(c.runs);
      const col = (k: string) => header.indexOf(k);
      expect(header.slice(-8)).toEqual([
        'experience.flows',
        'experience.refused',
        'experience.slaMetShare',
        'experience.mos.mean',
        'experience.mos.p5',
        'experience.mos.p50',
        'experience.mos.p95',
        'experience.poorShare',
      ]);
      const first = rows.find((r) => r[col('class')] === 'realtime')!;
      expect([first[col('experience.slaMetShare')], first[col('experience.mos.p5')]]).toEqual([0.5, 3.9]);
      expect(first[col('experience.poorShare')]).toBe(0.3);
      const web = rows.find((r) => r[col('class')] === 'business')!;
      expect(web[col('experience.mos.mean')]).toBeNull();
    });

    it('report: a statement of poor calls, the table, a MOS CDF per variant and bars', () => {
      const html = reportHtml(c);
      const section = html.slice(html.indexOf('id="experience"'), html.indexOf('id="class-0"'));
      // Clipped to [0, 1] like the terminal's line (the stored intervals are -4.84% and -7.42% at the low end).
      expect(c.summary!.cells[0].experience!.realtime.metrics.poorShare.low).toBeCloseTo(-0.0484, 4);
      expect(section).toMatch(/<b>Poor calls<\/b>[^<]*: before 20\.0% \[0, 44\.8\], after 5\.00% \[0, 17\.4\]/);
      // and in the table: the after cell's poor-call share, 5±12 %, reads [0, 17.4] (a second time, past the statement)
      expect(section.split('[0, 17.4]').length - 1).toBeGreaterThanOrEqual(2);
      expect(section).toContain('data-plot="cdf"');
      expect(section).toContain('realtime: MOS across calls (every replication)');
      expect(section).toContain('before (6 calls)');
      expect(section).toContain('realtime: poor calls (%)');
      expect(section).toContain('business: flows meeting the SLA (%)');
      expect(section).not.toContain('business: mean MOS');
      expect(html).toContain('<a href="#experience">experience</a>');
    });
  });
});

describe('empiricalCdf', () => {
  it('keeps exact points of the empirical CDF, at most points + 1', () => {
    expect(empiricalCdf([2, 1, 2, 3])).toEqual([
      [1, 0.25],
      [2, 0.75],
      [3, 1],
    ]);
    const values = Array.from({ length: 1000 }, (_, i) => 1 + (i % 350) / 100);
    const cdf = empiricalCdf(values, 50);
    expect(cdf.length).toBeLessThanOrEqual(51);
    const sorted = [...values].sort((a, b) => a - b);
    for (const [x, f] of cdf) expect(f).toBeCloseTo(sorted.filter((v) => v <= x).length / 1000, 9);
    expect(cdf[cdf.length - 1]).toEqual([4.49, 1]);
    expect(empiricalCdf([])).toEqual([]);
  });
});
