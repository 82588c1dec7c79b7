import { parseSetFlag, parseSweepFlag, type SetFlag, type SweepFlag } from '../scenario/sweep.js';
import { UsageError } from './io.js';

/** `--set PATH=VALUE` flags, parsed; the first that does not parse is a usage error (exit 2) naming it. */
export function setFlags(texts: readonly string[] | undefined): SetFlag[] {
  return (texts ?? []).map((t) => {
    const r = parseSetFlag(t);
    if (!r.ok) throw new UsageError(r.error);
    return r.value;
  });
}

/** `--sweep KEY=v1,v2,...` flags, parsed; whether KEY is a sweep of the file or a key path is checked on the file. */
export function sweepFlags(texts: readonly string[] | undefined): SweepFlag[] {
  return (texts ?? []).map((t) => {
    const r = parseSweepFlag(t);
    if (!r.ok) throw new UsageError(r.error);
    return r.value;
  });
}
