import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { matrixCells, type MatrixSpec } from '../src/experiment/cells.js';
import { comparisonFile, type ComparisonFile } from '../src/experiment/comparison.js';
import type { ScenarioTopology } from '../src/experiment/topology.js';
import type { RunResult } from '../src/metrics/index.js';
import { breakingPointSummary } from '../src/report/capacity-text.js';
import { reportHtml } from '../src/report/html.js';
import { whereItHurts } from '../src/report/hurts.js';
import { syntheticRun } from './experiment-fixtures.js';

/**
 * The report of a sweep answers first: "where it hurts" at the top (breaking points in words, users
 * refused per component, busiest link directions, the topology picture), the sweep curves with
 * their bands, all rendered in the real browser (Debian's chromium, as test/report-html.test.ts).
 * And the seam for the delay decomposition: hot spots appear (a table, numbered marks on the
 * picture) exactly when the results carry `Stats.hotspots`.
 */

const USERS = [40, 80, 160];
const spec: MatrixSpec = {
  variants: ['before', 'after'],
  policies: ['shortest'],
  seed: 1,
  replications: 3,
  sweeps: [{ name: 'users', at: 'nodes[home].users', values: USERS }],
};

// The population `home` (its users and their access links) behind an ISP router and a gateway.
const shape: ScenarioTopology = {
  declared: [
    { id: 'home', kind: 'population', users: 160 },
    { id: 'isp', kind: 'router' },
    { id: 'gw', kind: 'vpn-concentrator' },
  ],
  owners: { 'user-1': 'home', 'user-2': 'home', 'segment:home': 'home' },
  kinds: {},
  links: [
    { id: 'access-1', from: 'user-1', to: 'segment:home' },
    { id: 'access-2', from: 'user-2', to: 'segment:home' },
    { id: 'home-isp', from: 'segment:home', to: 'isp' },
    { id: 'isp-gw', from: 'isp', to: 'gw' },
  ],
  usersAt: USERS.map((u) => ({ home: u })),
};

const HOTSPOTS = [
  { at: 'isp-gw/forward', queueingMs: 12, share: 0.3, drops: 5 },
  { at: 'gw/stage', queueingMs: 2, share: 0.05, drops: 0 },
];

/** Realtime p99 grows with the users (before twice after); before's gateway admits 128 tunnels. */
function runs(withHotspots: boolean): RunResult[] {
  return matrixCells(spec).map((c) => {
    const users = c.sweep!.users as number;
    const before = c.variant === 'before';
    const r = syntheticRun('capacity', c.variant, c.policy!, c.seed, {
      realtime: { latencyMs: (before ? 40 : 20) * (users / 40), lossRatio: 0.001, throughputBps: 64e3, slaP99Ms: 160 },
    });
    const { format, scenario, variant, policy, seed, ...rest } = r;
    const requested = users;
    const rejected = before ? Math.max(0, users - 128) : 0;
    const out: RunResult = { format, scenario, variant, policy, seed, sweep: c.sweep, ...rest };
    out.tunnels = { gw: { requested, admitted: requested - rejected, rejected } };
    if (withHotspots) (out.classes.realtime as unknown as Record<string, unknown>).hotspots = HOTSPOTS;
    return out;
  });
}

const file = (withHotspots: boolean): ComparisonFile =>
  comparisonFile({ name: 'capacity', hash: 'sha256:' + '0'.repeat(64) }, spec, null, runs(withHotspots), '0.0.0', {
    before: shape,
    after: shape,
  });

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const tmp = mkdtempSync(join(tmpdir(), 'netsim-capacity-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function renderDom(path: string): string {
  const r = spawnSync(
    CHROMIUM!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(tmp, 'profile')}`,
      '--dump-dom',
      pathToFileURL(path).href,
    ],
    { encoding: 'utf8', timeout: 90_000 },
  );
  if (r.status !== 0) throw new Error(`chromium exited with ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe('the report of a sweep', () => {
  const c = file(false);
  const html = reportHtml(c);

  it('finds the breaking points the synthetic truth puts there', () => {
    // p99 = mean x (0.5 + 0.5 ln 100) = 2.8 x mean: before 112, 224, 448 ms; after 56, 112, 224 ms; target 160 ms.
    expect(c.summary!.breakingPoints).toEqual([
      {
        variant: 'before',
        policy: 'shortest',
        class: 'realtime',
        sweep: 'users',
        holdsUpTo: 40,
        breaksAt: 80,
        failing: ['latency'],
      },
      {
        variant: 'after',
        policy: 'shortest',
        class: 'realtime',
        sweep: 'users',
        holdsUpTo: 80,
        breaksAt: 160,
        failing: ['latency'],
      },
    ]);
    const text = breakingPointSummary(c);
    expect(text).toContain(
      'realtime: before holds up to 40 users, breaks at 80 (latency); after holds up to 80, breaks at 160 (latency)',
    );
    expect(text).toMatch(/realtime, before @ users=80 \(latency\): busiest link isp-gw\/forward \d+(\.\d+)?% busy/);
  });

  it('puts where it hurts first: breaking points, refusals per component, busiest links, the picture', () => {
    const hurts = html.indexOf('id="hurts"');
    expect(hurts).toBeGreaterThan(0);
    expect(hurts).toBeLessThan(html.indexOf('id="sweep"'));
    expect(html.indexOf('id="sweep"')).toBeLessThan(html.indexOf('id="verdicts"'));
    const section = html.slice(hurts, html.indexOf('id="sweep"'));
    expect(section).toContain('realtime: before holds up to 40 users, breaks at 80 (latency)');
    // before is shown where it first breaks (80 users: nobody refused yet); after at 160.
    expect(section).toContain('before @ users=80');
    expect(section).toContain('after @ users=160');
    expect(section).toContain('No user refused');
    expect(section).toMatch(/busiest link directions/);
    expect(section.match(/data-plot="topology"/g)).toHaveLength(2);
    // The population is drawn as one node, its users and access links folded into it.
    expect(section).toContain('data-node="home"');
    expect(section).not.toContain('data-node="user-1"');
    // Each picture labels the users of its own point (before where it breaks, at 80; after at 160).
    expect(section).toContain('>80 users<');
    expect(section).toContain('>160 users<');
    // Without hot spots in the results: no hot-spot table, no numbered marks.
    expect(section).not.toContain('data-hotspots');
    expect(section).not.toContain('data-hotspot="');
  });

  it('draws each class figure against the swept value, one line per variant, with bands', () => {
    const sweep = html.slice(html.indexOf('id="sweep"'), html.indexOf('id="verdicts"'));
    // realtime: p99, jitter, loss, SLA pass rate; then refusals and the busiest link's utilization.
    expect(sweep.match(/data-plot="sweep"/g)).toHaveLength(6);
    for (const title of ['realtime: p99 latency', 'realtime: jitter', 'realtime: loss', 'realtime: SLA pass rate'])
      expect(sweep).toContain(title);
    expect(sweep).toContain('users refused (tunnels, sessions)');
    expect(sweep).toContain('busiest link direction utilization');
    expect(sweep).toMatch(/fill-opacity="0.15"/); // the 95% bands
  });

  it('lists refusals where a component refused someone', () => {
    const h = whereItHurts(c).find((x) => x.cell.variant === 'before' && x.cell.sweep?.users === 160)!;
    expect(h.refusals.map((r) => [r.component.key, r.rejected, r.requested])).toEqual([['tunnels.gw', 32, 160]]);
  });

  it.skipIf(!CHROMIUM)('renders in headless Chromium: every plot laid out, the picture inline, no error', () => {
    const path = join(tmp, 'report.html');
    writeFileSync(path, html);
    const dom = renderDom(path);
    const root = dom.match(/<html[^>]*>/)![0];
    expect(root).toContain('data-render="ok"');
    expect(root).not.toContain('data-render-error');
    // 2 topology pictures + 6 sweep curves + 7 metric bars + 1 CDF + 1 link chart.
    expect(root).toContain('data-plots="17"');
  });
});

describe('the hot-spot seam (Stats.hotspots, once the delay decomposition lands)', () => {
  const c = file(true);
  const html = reportHtml(c);

  it('lists each class hot spots and numbers them on the picture when results carry them', () => {
    const h = whereItHurts(c)[0];
    expect(h.hotspots).toEqual([
      { class: 'realtime', at: 'isp-gw/forward', queueingMs: 12, share: 0.3, drops: 5 },
      { class: 'realtime', at: 'gw/stage', queueingMs: 2, share: 0.05, drops: 0 },
    ]);
    const section = html.slice(html.indexOf('id="hurts"'), html.indexOf('id="sweep"'));
    expect(section).toContain('data-hotspots');
    expect(section).toContain('<td>isp-gw/forward</td><td>12.0</td><td>30.0%</td><td>5</td>');
    expect(section).toContain('data-hotspot="1"');
    expect(section).toContain('data-hotspot="2"');
    expect(breakingPointSummary(c)).toMatch(/hot spot isp-gw\/forward \(12\.0 ms waiting, 30\.0% of its latency\)/);
    const sweep = html.slice(html.indexOf('id="sweep"'), html.indexOf('id="verdicts"'));
    expect(sweep).toContain('top hot spot utilization');
  });

  it.skipIf(!CHROMIUM)('renders with the hot spots too', () => {
    const path = join(tmp, 'hotspots.html');
    writeFileSync(path, html);
    expect(renderDom(path).match(/<html[^>]*>/)![0]).toContain('data-render="ok"');
  });
});
