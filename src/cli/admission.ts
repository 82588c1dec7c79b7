import { ADMISSION_SECTIONS, admissionsOf } from '../experiment/refusals.js';
import type { RunResult } from '../metrics/result.js';

/**
 * The admission of one run in words, per component, beside the class table: `onprem-vpn: 32 of 160
 * tunnels refused`. Nothing when no component limits admission.
 */
export function admissionLines(r: RunResult): string[] {
  const all = admissionsOf(r);
  if (all.length === 0) return [];
  const parts = all.map((a) => {
    const what = ADMISSION_SECTIONS[a.section] ?? { one: a.section, many: a.section };
    return `${a.id}: ${a.rejected} of ${a.requested} ${a.requested === 1 ? what.one : what.many} refused`;
  });
  return ['', `Admission (users refused by a tunnel or session limit): ${parts.join('; ')}`];
}
