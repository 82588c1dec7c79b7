import { createHash } from 'node:crypto';
import { policyLabel, variantLabel } from '../experiment/cells.js';
import type { ComparisonFile } from '../experiment/comparison.js';
import { confidenceLabel, type Estimate } from '../experiment/interval.js';
import { METRICS, type Metric } from '../experiment/metrics.js';
import { RANKING_CRITERION } from '../experiment/ranking.js';
import type { CellSummary, Summary } from '../experiment/summary.js';
import { esc } from './escape.js';
import { displayOf, formatEstimate, formatNumber, formatPercent, formatRelative, type Display } from './format.js';
import { cellLabel, deltaLabel } from './labels.js';
import { experienceSection } from './sections/experience.js';
import { capacityNav, capacitySections } from './sections/index.js';
import { timeseriesSection } from './sections/timeseries.js';
import { barChart, cdfChart, groupedBarChart, PALETTE, type BarGroup } from './svg.js';

/** Link directions shown in the utilization plot: the busiest ones (a large topology has hundreds). */
const MAX_LINK_ROWS = 24;

/**
 * The only script: it flags a successful render (every plot laid out with a non-empty box) or the
 * first error on the root element, so a headless browser can check the page. Allowed by hash in
 * the Content-Security-Policy, so nothing else can run and nothing can be fetched.
 */
const SCRIPT = `window.addEventListener('error', function (e) {
  document.documentElement.setAttribute('data-render-error', String(e.message));
});
document.addEventListener('DOMContentLoaded', function () {
  var plots = document.querySelectorAll('svg.plot'), ok = plots.length > 0;
  for (var i = 0; i < plots.length; i++) { var b = plots[i].getBBox(); if (!(b.width > 0 && b.height > 0)) ok = false; }
  document.documentElement.setAttribute('data-plots', String(plots.length));
  document.documentElement.setAttribute('data-render', ok ? 'ok' : 'failed');
});`;

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1400px;padding:0 16px;color:#222}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ccc}
h3{font-size:15px;margin:16px 0 6px}
.meta,.note{color:#555;font-size:13px}table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{padding:3px 8px;border-bottom:1px solid #e3e3e3;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
th{background:#f4f4f4}th.l,td.l{text-align:left}tr.delta td{background:#fafafa}.ci{color:#777;font-size:11px}
.better{color:#0a7d32;font-weight:600}.worse{color:#b3261e;font-weight:600}.same{color:#666}
.plots{display:flex;flex-wrap:wrap;gap:14px}.plots svg{background:#fff;border:1px solid #eee}
td.wrap{white-space:normal;text-align:left}
.hurt{border-left:3px solid #D55E00;padding:2px 0 2px 12px;margin:12px 0}.hurt ul{margin:4px 0}`;

/** A table cell (`<td>`, or `<th>` with `head`), with its class when given. */
export function cell(content: string | number, cls?: string, head = false): string {
  const tag = head ? 'th' : 'td';
  return `<${tag}${cls ? ` class="${cls}"` : ''}>${content}</${tag}>`;
}

/** A table row of cells, with its class when given. */
export function row(cells: readonly string[], cls?: string): string {
  return `<tr${cls ? ` class="${cls}"` : ''}>${cells.join('')}</tr>`;
}

/** A header row: names, with a class where given as `[name, class]`. */
export function headRow(names: readonly (string | [string, string])[]): string {
  return row(names.map((n) => (typeof n === 'string' ? cell(n, undefined, true) : cell(n[0], n[1], true))));
}

export const VERDICT_CLASS: Record<string, string> = {
  better: 'better',
  worse: 'worse',
  'no significant change': 'same',
  'too few runs': 'same',
};

function classDisplays(summary: Summary, cls: string): Display[] {
  return METRICS.map((m) =>
    displayOf(m, Math.max(0, ...summary.cells.map((c) => Math.abs(c.classes[cls]?.metrics[m.key].mean ?? 0)))),
  );
}

export function intervalText(e: Estimate, scale: number): string {
  if (e.low === null || e.high === null) return '';
  return `[${formatNumber(e.low * scale)}, ${formatNumber(e.high * scale)}]`;
}

function head(c: ComparisonFile, summary: Summary): string {
  const { variants, policies, replications } = c.matrix;
  const seeds = summary.seeds;
  const level = confidenceLabel(summary.confidence);
  const meta = [
    `${variants.length} variant(s): ${variants.map((v) => esc(variantLabel(v))).join(', ')}`,
    `${policies.length} routing polic${policies.length === 1 ? 'y' : 'ies'}: ` +
      policies.map((p) => esc(policyLabel(p))).join(', '),
    `${replications} replication(s), seeds ${seeds[0]}–${seeds[seeds.length - 1]} ` +
      '(the same seeds in every cell: common random numbers)',
    `netsim ${esc(c.netsim)}`,
    `scenario ${esc(c.scenario.hash.slice(0, 19))}…`,
  ];
  return `<h1>${esc(c.scenario.name)}</h1>
<p class="meta">${meta.join(' · ')}</p>
<p class="note">Every figure is the mean across replications with its ${level} Student-t confidence interval.
Differences (Δ) are paired by seed; a verdict is “better” or “worse” only when the ${level} interval of the
difference excludes zero. Lower is better for latency, jitter and loss; higher for throughput.</p>`;
}

function verdictSection(c: ComparisonFile, summary: Summary): string {
  if (summary.deltas.length === 0) return '';
  const rows: string[] = [];
  for (const d of summary.deltas) {
    for (const [cls, metrics] of Object.entries(d.classes)) {
      const by = (v: string) =>
        METRICS.filter((m) => metrics[m.key].verdict === v)
          .map((m) => m.label)
          .join(', ') || '—';
      rows.push(
        row([
          cell(esc(deltaLabel(c, d))),
          cell(esc(cls), 'l'),
          cell(by('better'), 'wrap better'),
          cell(by('worse'), 'wrap worse'),
          cell(by('no significant change'), 'wrap same'),
        ]),
      );
    }
  }
  const head = headRow(['comparison', ['class', 'l'], ['better', 'l'], ['worse', 'l'], ['no significant change', 'l']]);
  return `<h2 id="verdicts">Verdicts</h2><table>${head}${rows.join('')}</table>`;
}

function rankingSection(c: ComparisonFile, summary: Summary): string {
  if (c.matrix.policies.length < 2) return '';
  const rows = summary.ranking.flatMap((r) =>
    r.policies.map((p) =>
      row([
        cell(esc(variantLabel(r.variant))),
        cell(p.rank),
        cell(esc(policyLabel(p.policy))),
        cell(formatPercent(p.slaPassRate)),
        cell(p.wins),
        cell(p.losses),
      ]),
    ),
  );
  const head = headRow(['variant', 'rank', 'policy', 'SLA pass rate', 'significant wins', 'losses']);
  return `<h2 id="ranking">Policy ranking</h2><p class="note">Criterion: ${esc(RANKING_CRITERION)}</p>
<table>${head}${rows.join('')}</table>`;
}

function slaSection(c: ComparisonFile, summary: Summary): string {
  const classes = summary.classes.filter((cls) => summary.cells.some((cell) => cell.classes[cls]?.sla));
  if (classes.length === 0) return '';
  const rows = summary.cells.map((x) => {
    const tds = classes.map((cls) => {
      const s = x.classes[cls]?.sla;
      if (!s) return '<td>—</td>';
      const parts = (['latency', 'jitter', 'loss'] as const)
        .filter((k) => s[k] !== undefined)
        .map((k) => `${k} ${formatPercent(s[k]!)}`);
      return `<td>${formatPercent(s.rate)} <span class="ci">${parts.join(' · ')}</span></td>`;
    });
    return row([
      cell(esc(cellLabel(c, x.variant, x.policy, x.sweep))),
      ...tds,
      cell(formatPercent(x.sla?.rate ?? null)),
    ]);
  });
  const note =
    'Share of replications in which the class met all its targets (p99 latency, mean jitter, loss); ' +
    'per target in grey.';
  return `<h2 id="sla">SLA pass rates</h2><p class="note">${note}</p>
<table>${headRow(['', ...classes.map((cls) => esc(cls)), 'all'])}${rows.join('')}</table>`;
}

function comparisonTable(c: ComparisonFile, summary: Summary, cls: string, shown: Display[]): string {
  const header = headRow(['', ...METRICS.map((m, i) => `${esc(m.label)} (${esc(shown[i].unit)})`), 'SLA']);
  const rows = summary.cells
    .filter((cell) => cell.classes[cls])
    .map((x) => {
      const s = x.classes[cls];
      const tds = METRICS.map((m, i) => {
        const e = s.metrics[m.key];
        const scale = shown[i].scale;
        return cell(`${formatEstimate({ ...e, low: null, high: null }, scale)} ${ci(intervalText(e, scale))}`);
      });
      return row([
        cell(esc(cellLabel(c, x.variant, x.policy, x.sweep))),
        ...tds,
        cell(s.sla ? formatPercent(s.sla.rate) : '—'),
      ]);
    });
  const deltas = summary.deltas
    .filter((d) => d.classes[cls])
    .map((d) => {
      const tds = METRICS.map((m, i) => {
        const e = d.classes[cls][m.key];
        const rel = e.relative !== null ? ` (${formatRelative(e.relative)})` : '';
        const scale = shown[i].scale;
        const estimate = `${formatEstimate({ ...e, low: null, high: null }, scale, true)}${rel}`;
        return cell(
          `${estimate} ${ci(intervalText(e, scale))}<br><span class="${VERDICT_CLASS[e.verdict]}">${e.verdict}</span>`,
        );
      });
      return `<tr class="delta"><td>Δ ${esc(deltaLabel(c, d))}</td>${tds.join('')}<td></td></tr>`;
    });
  return `<table>${header}${rows.join('')}${deltas.join('')}</table>`;
}

function classSection(c: ComparisonFile, summary: Summary, cls: string, index: number): string {
  const shown = classDisplays(summary, cls);
  const cells = summary.cells
    .map((cell, i) => ({ cell, color: PALETTE[i % PALETTE.length] }))
    .filter(({ cell }) => cell.classes[cls]);
  const bars = (m: Metric, d: Display) =>
    barChart(
      `${cls}: ${m.label}`,
      d.unit,
      cells.map(({ cell, color }) => {
        const e = cell.classes[cls].metrics[m.key];
        const scaled = (v: number | null) => (v === null ? null : v * d.scale);
        const label = cellLabel(c, cell.variant, cell.policy, cell.sweep);
        return {
          label,
          value: scaled(e.mean),
          low: scaled(e.low),
          high: scaled(e.high),
          color,
          tooltip: `${label}: ${formatEstimate(e, d.scale)} ${d.unit} (n=${e.n})`,
        };
      }),
    );
  const cdf = cdfChart(
    `${cls}: one-way latency CDF (mean over replications)`,
    'latency (ms)',
    cells.map(({ cell, color }) => ({
      label: cellLabel(c, cell.variant, cell.policy, cell.sweep),
      color,
      points: cell.classes[cls].latencyCdfMs ?? [],
    })),
  );
  const hasCdf = cells.some(({ cell }) => (cell.classes[cls].latencyCdfMs ?? []).length > 0);
  return `<section id="class-${index}"><h2>Class ${esc(cls)}</h2>${comparisonTable(c, summary, cls, shown)}
<div class="plots">${METRICS.map((m, i) => bars(m, shown[i])).join('')}${hasCdf ? cdf : NO_CDF}</div></section>`;
}

const NO_CDF =
  '<p class="note">No latency distribution in these results (no packets received, or results from before the CDF ' +
  'extension).</p>';

/** An interval in small grey type. */
export const ci = (text: string): string => `<span class="ci">${text}</span>`;

function linkSection(c: ComparisonFile, cells: readonly CellSummary[], confidence: number): string {
  const rows: Array<{ label: string; peak: number; id: string; dir: 'forward' | 'reverse' }> = [];
  const ids = new Set(cells.flatMap((cell) => Object.keys(cell.links)));
  for (const id of ids) {
    for (const dir of ['forward', 'reverse'] as const) {
      const peak = Math.max(0, ...cells.map((cell) => cell.links[id]?.[dir].mean ?? 0));
      rows.push({ label: `${id} ${dir === 'forward' ? '→' : '←'}`, peak, id, dir });
    }
  }
  if (rows.length === 0) return '';
  const shown = rows
    .filter((r) => r.peak > 0)
    .sort((a, b) => b.peak - a.peak)
    .slice(0, MAX_LINK_ROWS);
  if (shown.length === 0)
    return '<h2 id="links">Link utilization</h2><p class="note">No link carried traffic in the measurement window.</p>';
  const groups: BarGroup[] = shown.map((r) => ({
    label: r.label,
    bars: cells.map((cell, i) => {
      const e = cell.links[r.id]?.[r.dir];
      const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : v * 100);
      return {
        value: pct(e?.mean),
        low: pct(e?.low),
        high: pct(e?.high),
        color: PALETTE[i % PALETTE.length],
        tooltip:
          `${r.label} · ${cellLabel(c, cell.variant, cell.policy, cell.sweep)}: ` +
          `${e ? formatEstimate(e, 100) : '—'} %`,
      };
    }),
  }));
  const keys = cells.map((cell, i) => ({
    label: cellLabel(c, cell.variant, cell.policy, cell.sweep),
    color: PALETTE[i % PALETTE.length],
  }));
  const note =
    rows.length > shown.length
      ? ` The ${shown.length} busiest of ${rows.length} link directions; all are in results.json.`
      : '';
  return `<h2 id="links">Link utilization</h2><p class="note">Busy fraction of each direction (→ from→to,
← to→from) over the measurement window, background traffic included, with ${confidenceLabel(confidence)}
intervals.${note}</p>
<div class="plots">${groupedBarChart('link utilization', '%', groups, keys, 100)}</div>`;
}

const EXPERIENCE_LINK = ' · <a href="#experience">experience</a>';
const TIMESERIES_LINK = ' · <a href="#timeseries">over time</a>';

/** report.html: a self-contained page (inline CSS, inline SVG, one hashed inline script, no network). */
export function reportHtml(c: ComparisonFile): string {
  const summary = c.summary;
  if (!summary) throw new Error('reportHtml: the results have no summary (a shard? merge the shards first)');
  const hash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'`;
  const nav = summary.classes.map((cls, i) => `<a href="#class-${i}">${esc(cls)}</a>`).join(' · ');
  const experience = experienceSection(c, summary);
  const overTime = timeseriesSection(c, summary);
  const extraNav = (experience ? EXPERIENCE_LINK : '') + (overTime ? TIMESERIES_LINK : '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>netsim: ${esc(c.scenario.name)}</title>
<style>${STYLE}</style>
<script>${SCRIPT}</script>
</head><body>
${head(c, summary)}
<p class="meta">${capacityNav(c)}Classes: ${nav} · <a href="#links">links</a>${extraNav}</p>
${capacitySections(c, summary)}
${verdictSection(c, summary)}
${rankingSection(c, summary)}
${slaSection(c, summary)}
${experience}
${overTime}
${summary.classes.map((cls, i) => classSection(c, summary, cls, i)).join('\n')}
${linkSection(c, summary.cells, summary.confidence)}
</body></html>
`;
}
