import type { ComparisonFile } from '../../experiment/comparison.js';
import type { Summary } from '../../experiment/summary.js';
import { whereItHurts } from '../hurts.js';
import { sweepCurvesSection } from './sweep-curves.js';
import { whereItHurtsSection } from './where-it-hurts.js';

/**
 * The report's capacity sections, first in the page (the answer before the detail): where it hurts
 * (breaking points, refusals, busiest links, hot spots, the topology picture), then the sweep
 * curves. One hook in html.ts; each section in its own file.
 */
export function capacitySections(c: ComparisonFile, summary: Summary): string {
  const hurts = whereItHurts(c);
  return whereItHurtsSection(c, summary, hurts) + sweepCurvesSection(c, summary, hurts);
}

/** Links to them for the page's navigation line. */
export function capacityNav(c: ComparisonFile): string {
  const sweep = (c.matrix.sweeps ?? []).some((s) => s.values.length > 1)
    ? ' · <a href="#sweep">along the sweep</a>'
    : '';
  return `<a href="#hurts">where it hurts</a>${sweep} · `;
}
