import { describe, expect, it } from 'vitest';
import { comparisonFile } from '../src/experiment/comparison.js';
import { comparisonTable } from '../src/report/table.js';
import { beforeAfter, syntheticMatrix } from './experiment-fixtures.js';

const width = (line: string) => [...line].length;

describe('the terminal table', () => {
  it('shows one block per class with means, intervals, deltas and verdict marks', () => {
    const spec = { variants: ['before', 'after'], policies: ['shortest'], seed: 1, replications: 5 };
    const c = comparisonFile(
      { name: 'remote-work', hash: 'sha256:0' },
      spec,
      null,
      syntheticMatrix('remote-work', spec, beforeAfter),
    );
    const text = comparisonTable(c);
    const lines = text.split('\n');
    expect(lines[0]).toBe('remote-work: 2 variant(s) x 1 policy x 5 replication(s) (seeds 1..5)');
    expect(lines).toContain('realtime');
    expect(lines).toContain('bulk');
    const rt = lines.indexOf('realtime');
    expect(lines[rt + 1]).toMatch(/^\s+mean ms\s+p99 ms\s+jitter ms\s+loss %\s+tput kbps\s+SLA$/);
    expect(lines[rt + 2]).toMatch(/^ {2}before\s+\d+(\.\d+)?±\d/);
    // after - before on realtime: latency, jitter and loss better, throughput unchanged.
    expect(lines[rt + 4]).toMatch(
      /^ {2}Δ after - before\s+-[\d.]+±[\d.]+ ✓\s+-[\d.]+±[\d.]+ ✓\s+-[\d.]+±[\d.]+ ✓\s+-[\d.]+±[\d.]+ ✓\s+0±0 ·$/,
    );
    expect(text).not.toMatch(/policy ranking/);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(100);
  });

  it('stays within 100 columns with many policies, long names and a ranking', () => {
    const spec = {
      variants: ['on-premises-vpn-over-internet', 'azure-virtual-wan-with-expressroute'],
      policies: ['shortest', 'class-aware', 'load-aware', 'a-very-long-custom-policy-name'],
      seed: 1,
      replications: 4,
    };
    const c = comparisonFile(
      { name: 'a scenario with a rather long descriptive name for the header line', hash: 'sha256:0' },
      spec,
      null,
      syntheticMatrix('x', spec, (_v, p) => beforeAfter('before', p)),
    );
    const lines = comparisonTable(c).split('\n');
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(100);
    expect(lines.some((l) => l.startsWith('policy ranking:'))).toBe(true);
    // Both dimensions are compared: each block says which one.
    expect(lines.some((l) => /^ {2}Δ policy class-aware - shortest, by variant$/.test(l))).toBe(true);
    expect(
      lines.some((l) =>
        /^ {2}Δ variant azure-virtual-wan-with-expressroute - on-premises-vpn-over-internet, by policy$/.test(l),
      ),
    ).toBe(true);
    expect(lines.filter((l) => /^ {2}on-premises-vpn-over-internet: 1\. /.test(l)).length).toBe(1);
  });

  it('refuses a shard (no summary)', () => {
    const spec = { variants: [null], policies: ['shortest'], seed: 1, replications: 2 };
    const shard = comparisonFile(
      { name: 's', hash: 'sha256:0' },
      spec,
      { index: 1, count: 2 },
      syntheticMatrix('s', spec, beforeAfter).slice(0, 1),
    );
    expect(() => comparisonTable(shard)).toThrow(/merge the shards/);
  });
});
