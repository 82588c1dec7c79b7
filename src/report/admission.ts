import type { ComparisonFile } from '../experiment/comparison.js';
import type { Estimate } from '../experiment/interval.js';
import { ADMISSION_SECTIONS } from '../experiment/refusals.js';
import type { CellSummary, Summary } from '../experiment/summary.js';
import { formatCount } from './format.js';
import { cellLabel } from './labels.js';

/**
 * Admission is not loss: users refused by a tunnel or session limit, per component and cell, apart
 * from the class figures (whose loss column is the loss of the connected users).
 */

/** One admission-limited component of the comparison: `tunnels.onprem-vpn`, its section and id. */
export interface AdmissionComponent {
  key: string;
  section: string;
  id: string;
}

/** The components any cell reports, in first-seen order. */
export function admissionComponents(summary: Summary): AdmissionComponent[] {
  const out = new Map<string, AdmissionComponent>();
  for (const cell of summary.cells)
    for (const [key, r] of Object.entries(cell.refusals ?? {}))
      if (!out.has(key)) out.set(key, { key, section: r.section, id: r.id });
  return [...out.values()];
}

/** The heading of the admission-limit lines under the breaking points, terminal and report alike. */
export const ADMISSION_LIMITS = {
  title: 'Admission limits',
  note: 'users refused a tunnel or session; apart from loss',
};

/**
 * One component's refusals in a cell, in words: `onprem-vpn tunnels refused 32 of 160` (means over
 * replications); `name` dresses the component's label (bold in the report).
 */
export function refusedWords(
  r: { component: AdmissionComponent; rejected: number; requested: number | null },
  name: (label: string) => string = (label) => label,
): string {
  const of = r.requested !== null ? ` of ${formatCount(r.requested)}` : '';
  return `${name(componentLabel(r.component))} refused ${formatCount(r.rejected)}${of}`;
}

const mean = (e: Estimate | undefined): string => (e?.mean === null || e === undefined ? '—' : formatCount(e.mean));

/** `32 of 160` (means over replications), or `0 of 160`; `—` where the cell lacks the component. */
export function refusalText(cell: CellSummary, key: string): string {
  const r = cell.refusals?.[key];
  if (!r) return '—';
  return `${mean(r.rejected)} of ${mean(r.requested)}`;
}

/** Whether any cell refused anyone (a table of zeros is shown only if components exist, and said in one line). */
function anyRefused(summary: Summary): boolean {
  return summary.cells.some((c) => Object.values(c.refusals ?? {}).some((r) => (r.rejected.mean ?? 0) > 0));
}

/** The component in words: `onprem-vpn tunnels`. */
export function componentLabel(c: AdmissionComponent): string {
  return `${c.id} ${ADMISSION_SECTIONS[c.section]?.many ?? c.section}`;
}

/** The terminal block: refused of requested, per cell and component (nothing when no component limits admission). */
export function admissionBlock(c: ComparisonFile, summary: Summary): string[] {
  const components = admissionComponents(summary);
  if (components.length === 0) return [];
  const head = 'refused users (tunnels, sessions): refused of requested, mean over replications';
  if (!anyRefused(summary)) return [`${head}: none refused`, ''];
  const rows = summary.cells.map((cell) => [
    cellLabel(c, cell.variant, cell.policy, cell.sweep, true),
    ...components.map((k) => refusalText(cell, k.key)),
  ]);
  const header = ['', ...components.map(componentLabel)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    '  ' +
    r
      .map((x, i) => (i === 0 ? x.padEnd(widths[0]) : x.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [head, line(header), ...rows.map(line), ''];
}
