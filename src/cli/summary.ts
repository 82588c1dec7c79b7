import type { RunResult } from '../metrics/result.js';
import { formatShare } from '../report/format.js';
import type { Stats } from '../metrics/stats.js';
import { admissionLines } from './admission.js';
import { experienceRows } from './experience-summary.js';

/** Flows listed one by one up to this many; beyond, only the classes (the JSON has every flow). */
const MAX_FLOW_ROWS = 40;
const MAX_LINK_ROWS = 12;

const num = (v: number | null | undefined, digits = 2): string =>
  v === null || v === undefined ? '-' : v.toFixed(digits);
const pct = (v: number): string => formatShare(v, { decimals: 2 });
const mbps = (bps: number): string => (bps / 1e6).toFixed(3);

function table(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const STATS_HEADER = ['sent', 'received', 'refused', 'loss', 'Mbps', 'lat mean', 'p50', 'p95', 'p99', 'max', 'jitter'];

/** Loss is the connected users' (SCENARIO-FORMAT.md, Admission): refused flows are counted apart. */
function statsCells(s: Stats): string[] {
  const l = s.latencyMs;
  const connected = s.connectedLossRatio === undefined ? s.lossRatio : s.connectedLossRatio;
  return [
    String(s.sent),
    String(s.received),
    String(s.refusedFlows ?? 0),
    connected === null ? '-' : pct(connected),
    mbps(s.throughputBps),
    num(l.mean),
    num(l.p50),
    num(l.p95),
    num(l.p99),
    num(l.max),
    num(s.jitterMs.mean),
  ];
}

/** Hot spots named per class in the terminal (the JSON has every place). */
const TOP_HOTSPOTS = 2;

/**
 * Where the delay comes from (SCENARIO-FORMAT.md): each class's mean latency split into its four
 * parts, and its top hot spots. Nothing for results from before the decomposition.
 */
function delayBlock(r: RunResult): string[] {
  const measured = Object.entries(r.classes).filter(([, s]) => s.received > 0 && s.delayMs);
  if (measured.length === 0) return [];
  const rows = measured.map(([name, s]) => {
    const d = s.delayMs!;
    return [name, num(s.latencyMs.mean), num(d.propagation), num(d.serialization), num(d.processing), num(d.queueing)];
  });
  const spots = measured.map(([name, s]) => {
    const list = (s.hotspots ?? []).slice(0, TOP_HOTSPOTS).map((h) => {
      const drops = h.drops > 0 ? `, ${h.drops} drops` : '';
      return `${h.at} ${num(h.queueingMs, 3)} ms (${h.share === null ? '-' : pct(h.share)}${drops})`;
    });
    return `  ${name}: ${list.join(', ') || 'none (its packets never waited nor were dropped)'}`;
  });
  return [
    '',
    'Where the delay comes from (ms per received packet; the four parts add up to the mean)',
    table(['class', 'mean', 'propagation', 'serialization', 'processing', 'queueing'], rows),
    "Hot spots (where each class waited: the mean wait there, its share of the class's mean latency, drops there)",
    ...spots,
  ];
}

/** A readable summary of one run for the terminal: classes with SLA verdicts, flows, busiest links. */
export function summaryTable(r: RunResult): string {
  const out: string[] = [];
  const variant = r.variant === null ? '' : `, variant ${r.variant}`;
  out.push(
    `${r.scenario}${variant}, policy ${r.policy}, seed ${r.seed}: ${r.simulated.seconds} s simulated, ` +
      `${r.simulated.events} events, ${r.wall.seconds} s wall`,
  );
  out.push('');
  const classRows = Object.entries(r.classes)
    .filter(([, s]) => s.sent > 0)
    .map(([name, s]) => {
      const sla = Object.hasOwn(r.sla, name) ? r.sla[name] : undefined;
      const verdict = !sla
        ? ''
        : sla.met
          ? 'met'
          : `MISSED (${(['latency', 'jitter', 'loss'] as const).filter((k) => sla[k] === false).join(', ')})`;
      return [name, ...statsCells(s), verdict];
    });
  out.push('Classes (latency and jitter in ms, throughput in Mbps; refused: flows a tunnel or session limit refused;');
  out.push('loss: of the connected flows; the SLA judges all packets)');
  out.push(table(['class', ...STATS_HEADER, 'SLA'], classRows));
  out.push(...admissionLines(r));
  out.push(...delayBlock(r));
  const experience = experienceRows(r);
  if (experience) out.push('', experience.title, table(experience.header, experience.rows));
  const flows = Object.entries(r.flows);
  out.push('');
  if (flows.length <= MAX_FLOW_ROWS) {
    out.push('Flows');
    out.push(
      table(
        ['flow', 'class', ...STATS_HEADER, 'reroutes'],
        flows.map(([id, f]) => [id, f.class, ...statsCells(f), String(f.reroutes ?? 0)]),
        2,
      ),
    );
    const byPath = new Map<string, string[]>();
    for (const [id, f] of flows) {
      const key = f.path.length ? f.path.join(' > ') : '(no route)';
      byPath.set(key, [...(byPath.get(key) ?? []), id]);
    }
    out.push('', 'Paths (the one each flow used longest)');
    for (const [path, ids] of byPath) out.push(`  ${path}: ${ids.join(', ')}`);
  } else out.push(`${flows.length} flows (see --json for each)`);
  const directions = Object.entries(r.links).flatMap(([id, l]) => [
    { name: `${id} >`, s: l.forward },
    { name: `${id} <`, s: l.reverse },
  ]);
  const busiest = directions
    .filter((d) => d.s.packets > 0 || d.s.drops > 0)
    .sort((a, b) => b.s.utilization - a.s.utilization || a.name.localeCompare(b.name))
    .slice(0, MAX_LINK_ROWS);
  out.push('');
  out.push(`Busiest link directions (> forward, < reverse; ${busiest.length} of ${directions.length})`);
  out.push(
    table(
      ['link', 'utilization', 'packets', 'drops', 'mean queue'],
      busiest.map((d) => [
        d.name,
        pct(d.s.utilization),
        String(d.s.packets),
        String(d.s.drops),
        num(d.s.meanQueuePackets),
      ]),
    ),
  );
  const extra = Object.keys(r).filter(
    (k) =>
      ![
        'format',
        'scenario',
        'variant',
        'policy',
        'seed',
        'simulated',
        'wall',
        'classes',
        'flows',
        'links',
        'sla',
        'experience',
      ].includes(k),
  );
  if (extra.length > 0) out.push('', `Also in the JSON result (--json): ${extra.join(', ')}`);
  return `${out.join('\n')}\n`;
}
