import { policyLabel, variantLabel } from '../experiment/cells.js';
import type { ComparisonFile } from '../experiment/comparison.js';
import type { Delta } from '../experiment/delta.js';
import { confidenceLabel } from '../experiment/interval.js';
import { METRICS } from '../experiment/metrics.js';
import { RANKING_CRITERION } from '../experiment/ranking.js';
import type { Summary } from '../experiment/summary.js';
import { displayOf, formatEstimate, formatPercent, type Display } from './format.js';
import { admissionBlock } from './admission.js';
import { experienceBlock } from './experience-table.js';
import { cellLabel, pointText, varying, VERDICT_MARK } from './labels.js';

/**
 * The terminal shows these; p95 and the rest are in the HTML report and the CSV. Its loss column is
 * the loss of the connected users: users a tunnel or session limit refused are counted apart, in
 * the admission block (SCENARIO-FORMAT.md, Admission).
 */
const SHOWN = METRICS.filter((m) => m.key !== 'latencyMs.p95' && m.key !== 'lossRatio');
const SHORT: Record<string, string> = {
  'latencyMs.mean': 'mean',
  'latencyMs.p99': 'p99',
  'jitterMs.mean': 'jitter',
  connectedLossRatio: 'loss',
  throughputBps: 'tput',
};
const WIDTH = 100;
const INDENT = '  ';

const len = (s: string) => [...s].length;

/**
 * Lays out rows: the label left-aligned, values right-aligned, two spaces apart. Labels are cut
 * (with …) only if the row would pass 100 columns. A row with only a label is a sub-heading.
 */
export function layout(rows: string[][]): string[] {
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, i) =>
    Math.max(0, ...rows.filter((r) => r.length > 1).map((r) => len(r[i] ?? ''))),
  );
  const values = widths.slice(1).reduce((a, w) => a + 2 + w, 0);
  const labelWidth = Math.max(12, Math.min(Math.max(...rows.map((r) => len(r[0]))), WIDTH - INDENT.length - values));
  return rows.map((r) => {
    if (r.length === 1) return INDENT + r[0];
    const label = len(r[0]) > labelWidth ? [...r[0]].slice(0, labelWidth - 1).join('') + '…' : r[0];
    return (
      INDENT +
      [label.padEnd(labelWidth), ...r.slice(1).map((cell, i) => cell.padStart(widths[i + 1]))].join('  ').trimEnd()
    );
  });
}

function displays(summary: Summary, cls: string): Display[] {
  return SHOWN.map((m) =>
    displayOf(m, Math.max(0, ...summary.cells.map((c) => Math.abs(c.classes[cls]?.metrics[m.key].mean ?? 0)))),
  );
}

/** Deltas grouped by what is compared ("after - before"), one row per value of the other dimension. */
export function deltaGroups(
  c: ComparisonFile,
  summary: Summary,
): Array<{ title: string; items: Array<{ label: string | null; delta: Delta }> }> {
  const groups = new Map<string, { title: string; items: Array<{ label: string | null; delta: Delta }> }>();
  // With variants and policies both compared, say which a block compares: their names may coincide.
  const both = summary.deltas.some((d) => d.kind === 'variant') && summary.deltas.some((d) => d.kind === 'policy');
  for (const d of summary.deltas) {
    const [to, from] =
      d.kind === 'variant'
        ? [variantLabel(d.to.variant), variantLabel(d.from.variant)]
        : [policyLabel(d.to.policy), policyLabel(d.from.policy)];
    const title = both
      ? `${d.kind} ${to} - ${from}, by ${d.kind === 'variant' ? 'policy' : 'variant'}`
      : `${to} - ${from}`;
    const other = d.kind === 'variant' ? policyLabel(d.to.policy) : variantLabel(d.to.variant);
    const others = new Set(summary.cells.map((c) => (d.kind === 'variant' ? c.policy : c.variant))).size;
    // In a sweep, each point has its own deltas: the row says which point (and the fixed dimension if it varies).
    const point = pointText(varying(c, d.sweep));
    const fixed = point === '' ? other : others > 1 ? `${other} @ ${point}` : point;
    const key = `${d.kind}\u0000${title}`;
    if (!groups.has(key)) groups.set(key, { title, items: [] });
    groups.get(key)!.items.push({ label: fixed, delta: d });
  }
  for (const g of groups.values()) if (g.items.length === 1) g.items[0].label = null;
  return [...groups.values()];
}

function classBlock(c: ComparisonFile, summary: Summary, cls: string): string[] {
  const shown = displays(summary, cls);
  const rows: string[][] = [['', ...SHOWN.map((m, i) => `${SHORT[m.key]} ${shown[i].unit}`), 'SLA']];
  for (const cell of summary.cells) {
    const s = cell.classes[cls];
    if (!s) continue;
    rows.push([
      cellLabel(c, cell.variant, cell.policy, cell.sweep, true),
      ...SHOWN.map((m, i) => formatEstimate(s.metrics[m.key], shown[i].scale)),
      s.sla ? formatPercent(s.sla.rate) : '—',
    ]);
  }
  if (rows.length === 1) return [];
  for (const g of deltaGroups(c, summary)) {
    const items = g.items.filter((it) => it.delta.classes[cls]);
    if (items.length === 0) continue;
    if (items.some((it) => it.label !== null)) rows.push([`Δ ${g.title}`]);
    for (const { label, delta } of items) {
      const dm = delta.classes[cls];
      rows.push([
        label === null ? `Δ ${g.title}` : `  ${label}`,
        ...SHOWN.map((m, i) => `${formatEstimate(dm[m.key], shown[i].scale, true)} ${VERDICT_MARK[dm[m.key].verdict]}`),
        '',
      ]);
    }
  }
  return [cls, ...layout(rows)];
}

/** Wraps a line of prose at 100 columns, keeping its indentation (table rows are laid out to fit instead). */
export function wrap(line: string): string[] {
  if (len(line) <= WIDTH) return [line];
  const indent = line.match(/^\s*/)![0];
  const out: string[] = [];
  let cur = '';
  for (const word of line.trim().split(' ')) {
    if (cur && len(indent + cur + ' ' + word) > WIDTH) {
      out.push(indent + cur);
      cur = '  ' + word;
    } else cur = cur ? cur + ' ' + word : word;
  }
  if (cur) out.push(indent + cur);
  return out;
}

function seedRange(seeds: readonly number[]): string {
  return seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds[0]}..${seeds[seeds.length - 1]}`;
}

/**
 * The comparison as text for a terminal of 100 columns: a header, one block per class (each
 * cell's mean ± the half-width of its confidence interval, then the paired deltas with verdict marks),
 * the policy ranking when there are several policies, and a legend.
 */
export function comparisonTable(c: ComparisonFile): string {
  const summary = c.summary;
  if (!summary) throw new Error('comparisonTable: the results have no summary (a shard? merge the shards first)');
  const { variants, policies, replications } = c.matrix;
  const level = confidenceLabel(summary.confidence);
  const sweeps = c.matrix.sweeps ?? [];
  const points = sweeps.reduce((n, s) => n * s.values.length, 1);
  const grid = sweeps.map((s) => `${s.name}: ${s.values.map(String).join(', ')}`).join('; ');
  // A sweep of one value only names a knob (remote-work.yaml's users: [160]): the header stays as without sweeps.
  const swept = points > 1 ? ` x ${points} sweep point(s) (${grid})` : '';
  const matrix =
    `${variants.length} variant(s) x ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}` + swept;
  const out: string[] = [
    ...wrap(`${c.scenario.name}: ${matrix} x ${replications} replication(s) (${seedRange(summary.seeds)})`),
    `mean ± half-width of the ${level} confidence interval across replications; Δ: paired by seed`,
    '',
  ];
  for (const cls of summary.classes) {
    const block = classBlock(c, summary, cls);
    if (block.length > 0) out.push(...block, '');
  }
  out.push(...experienceBlock(c, summary));
  out.push(...admissionBlock(c, summary));
  if (policies.length > 1) {
    out.push(...wrap('policy ranking: ' + RANKING_CRITERION));
    for (const r of summary.ranking) {
      const entries = r.policies.map(
        (p) => `${p.rank}. ${policyLabel(p.policy)} (SLA ${formatPercent(p.slaPassRate)}, +${p.wins}/-${p.losses})`,
      );
      const shown = pointText(varying(c, r.sweep));
      const at = shown ? ` @ ${shown}` : '';
      const who = variants.length > 1 || at ? `${variantLabel(r.variant)}${at}: ` : '';
      out.push(...wrap(`  ${who}${entries.join('  ')}`));
    }
    out.push('');
  }
  out.push(
    ...wrap(
      `Δ marks: ${VERDICT_MARK.better} better, ${VERDICT_MARK.worse} worse, ` +
        `${VERDICT_MARK['no significant change']} no significant change (its ${level} interval includes 0), ` +
        '? too few runs; loss: of the connected users (refused users are counted apart); ' +
        'p95 and more in the report',
    ),
  );
  return out.join('\n') + '\n';
}
