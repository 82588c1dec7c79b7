import type { Experience } from '../metrics/voice/experience.js';

type Value = string | number | boolean | null;

/**
 * The CSV columns of a run's experience of one class (SCENARIO-FORMAT.md, Experience): flows
 * judged, refused, the share meeting the SLA, the MOS distribution across calls, the poor-call share.
 * Empty where the class has no such figure (no targets, no voice) or the run no experience.
 */
export const EXPERIENCE_COLUMNS: ReadonlyArray<[string, (e: Experience | undefined) => Value]> = [
  ['experience.flows', (e) => e?.flows ?? null],
  ['experience.refused', (e) => e?.refused ?? null],
  ['experience.slaMetShare', (e) => e?.slaMetShare ?? null],
  ['experience.mos.mean', (e) => e?.mos?.mean ?? null],
  ['experience.mos.p5', (e) => e?.mos?.p5 ?? null],
  ['experience.mos.p50', (e) => e?.mos?.p50 ?? null],
  ['experience.mos.p95', (e) => e?.mos?.p95 ?? null],
  ['experience.poorShare', (e) => e?.poorShare ?? null],
];
