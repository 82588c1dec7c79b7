import type { z } from 'zod';
import { DEFAULT_BUSIEST, type TimeseriesDef } from '../../metrics/timeseries/spec.js';
import type { KeyPath } from '../../spec/key-path.js';
import type { recordSchema } from '../schema/record.js';
import { timeseriesProblem } from '../timeseries.js';
import type { Assembly } from './state.js';

type RecordInput = z.output<typeof recordSchema>;

/**
 * Stage 9, normalize `record`: the time series' window and link directions (each names a known
 * link, `<id>/forward` or `<id>/reverse` one direction), within the recording bounds.
 */
export function normalizeRecord(a: Assembly): { timeseries: TimeseriesDef | null } {
  const r = a.parts.scalars.record as RecordInput | undefined;
  const ts = r?.timeseries;
  if (ts === undefined) return { timeseries: null };
  const path: KeyPath = ['record', 'timeseries'];
  const def: TimeseriesDef =
    typeof ts === 'number'
      ? { window: ts, links: [], busiest: DEFAULT_BUSIEST }
      : {
          window: ts.window,
          links: ts.links ?? [],
          busiest: ts.busiest ?? ((ts.links ?? []).length > 0 ? 0 : DEFAULT_BUSIEST),
        };
  def.links.forEach((name, i) => {
    const id = name.replace(/\/(forward|reverse)$/, '');
    if (!a.linkKnown(id)) a.unknownLink([...path, 'links', i], id);
  });
  if (a.duration !== undefined) {
    const problem = timeseriesProblem(def, a.duration + a.drain, a.links.length);
    if (problem) a.problems.add(path, problem);
  }
  return { timeseries: def };
}
