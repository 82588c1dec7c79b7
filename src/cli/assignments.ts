import { parseSetFlag, parseSweepFlag, type SetFlag, type SweepFlag } from '../scenario/sweep.js';
import { UsageError, type CliIO } from './io.js';

/**
 * `--set PATH=VALUE` flags, parsed; the first that does not parse is a usage error (exit 2) naming it. What the
 * YAML parser said of a value it still read (an unknown tag) is a warning on stderr, naming the flag and value.
 */
export function setFlags(texts: readonly string[] | undefined, io: Pick<CliIO, 'stderr'>): SetFlag[] {
  return (texts ?? []).map((t) => {
    const r = parseSetFlag(t);
    if (!r.ok) throw new UsageError(r.error);
    warn(io, r.warnings);
    return r.value;
  });
}

/** `--sweep KEY=v1,v2,...` flags, parsed; whether KEY is a sweep of the file or a key path is checked on the file. */
export function sweepFlags(texts: readonly string[] | undefined, io: Pick<CliIO, 'stderr'>): SweepFlag[] {
  return (texts ?? []).map((t) => {
    const r = parseSweepFlag(t);
    if (!r.ok) throw new UsageError(r.error);
    warn(io, r.warnings);
    return r.value;
  });
}

function warn(io: Pick<CliIO, 'stderr'>, warnings: readonly string[] | undefined): void {
  for (const w of warnings ?? []) io.stderr.write(`netsim: warning: ${w}\n`);
}
