/**
 * Unit parsing for scenario files (SCENARIO-FORMAT.md, Units). Every quantity is a string with a
 * unit, converted to base units: seconds, bits per second, packets per second, bytes; a ratio is a
 * plain number in [0, 1] or a percentage. A bare number where a unit is expected is an error, so a
 * forgotten unit never silently means "seconds" or "bits".
 */

export type UnitKind = 'time' | 'bitRate' | 'packetRate' | 'size';

/** Multipliers to the base unit, per accepted unit symbol. */
const UNITS: Record<UnitKind, Readonly<Record<string, number>>> = {
  time: { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, min: 60, h: 3600 },
  bitRate: { bps: 1, kbps: 1e3, Kbps: 1e3, Mbps: 1e6, Gbps: 1e9, Tbps: 1e12 },
  packetRate: { pps: 1, kpps: 1e3, Kpps: 1e3, Mpps: 1e6 },
  size: { B: 1, KB: 1e3, kB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 },
};

/** What each kind is called in messages, and an example of it. */
export const UNIT_NAMES: Record<UnitKind, { noun: string; example: string; units: string }> = {
  time: { noun: 'a time', example: '20ms', units: 'ns, us, ms, s, min, h' },
  bitRate: { noun: 'a bit rate', example: '100Mbps', units: 'bps, kbps, Mbps, Gbps, Tbps' },
  packetRate: { noun: 'a packet rate', example: '50pps', units: 'pps, kpps, Mpps' },
  size: { noun: 'a size', example: '1500B', units: 'B, KB, MB, GB, KiB, MiB, GiB' },
};

/** A decimal number (no sign, no exponent), optional space, then letters: "1.5 ms", ".5s", "20ms". */
const QUANTITY = /^\s*([+-]?)(\d+(?:\.\d*)?|\.\d+)\s?([A-Za-zµ%]*)\s*$/;

export type Failure = { ok: false; error: string };
export type Parsed = { ok: true; value: number } | Failure;

const fail = (error: string): Failure => ({ ok: false, error });

/** Describes any input for an error message: strings quoted, long ones cut. */
export function show(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'string') return JSON.stringify(input.length > 40 ? `${input.slice(0, 37)}...` : input);
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return 'a list';
  return 'a map';
}

function expected(kind: UnitKind): string {
  const n = UNIT_NAMES[kind];
  return `${n.noun} like "${n.example}" (units: ${n.units})`;
}

/**
 * Parses one quantity of one kind. Errors say what was expected and what was found, and name the
 * usual mistakes (bare number, unknown unit, negative value).
 */
export function parseUnit(kind: UnitKind, input: unknown): Parsed {
  if (typeof input === 'number') return fail(`expected ${expected(kind)}, got the bare number ${input}: add a unit`);
  if (typeof input !== 'string') return fail(`expected ${expected(kind)}, got ${show(input)}`);
  const m = QUANTITY.exec(input);
  if (!m) return fail(`expected ${expected(kind)}, got ${show(input)}`);
  const [, sign, digits, unit] = m;
  if (unit === '') return fail(`expected ${expected(kind)}, got ${show(input)}: add a unit`);
  const factor = UNITS[kind][unit];
  if (factor === undefined) {
    const other = (Object.keys(UNITS) as UnitKind[]).find((k) => k !== kind && UNITS[k][unit] !== undefined);
    const hint = other ? ` (that is ${UNIT_NAMES[other].noun})` : '';
    return fail(`unknown unit "${unit}" in ${show(input)}${hint}: expected ${expected(kind)}`);
  }
  if (sign === '-' && Number(digits) !== 0)
    return fail(`expected ${expected(kind)}, got ${show(input)}: must not be negative`);
  const value = Number(digits) * factor;
  if (!Number.isFinite(value)) return fail(`${show(input)} is too large`);
  return { ok: true, value };
}

/** A rate that may be given in packets or in bits per second (`rate` of cbr and poisson). */
export type AnyRate = { unit: 'pps' | 'bps'; value: number };

export function parseAnyRate(input: unknown): { ok: true; value: AnyRate } | Failure {
  const unit = typeof input === 'string' ? QUANTITY.exec(input)?.[3] : undefined;
  if (unit !== undefined && UNITS.packetRate[unit] !== undefined) {
    const r = parseUnit('packetRate', input);
    return r.ok ? { ok: true, value: { unit: 'pps', value: r.value } } : r;
  }
  if (unit !== undefined && UNITS.bitRate[unit] !== undefined) {
    const r = parseUnit('bitRate', input);
    return r.ok ? { ok: true, value: { unit: 'bps', value: r.value } } : r;
  }
  const hint = typeof input === 'number' ? ': add a unit' : '';
  return fail(`expected a packet rate like "50pps" or a bit rate like "64kbps", got ${show(input)}${hint}`);
}

/** A ratio: a plain number in [0, 1], or a percentage in [0%, 100%]. */
export function parseRatio(input: unknown): Parsed {
  const expectedRatio = 'expected a ratio: a number in [0, 1] or a percentage like "1%"';
  if (typeof input === 'number') {
    if (!(input >= 0 && input <= 1)) return fail(`${expectedRatio}, got ${input}`);
    return { ok: true, value: input };
  }
  if (typeof input !== 'string') return fail(`${expectedRatio}, got ${show(input)}`);
  const m = QUANTITY.exec(input);
  if (!m || m[3] !== '%') return fail(`${expectedRatio}, got ${show(input)}`);
  const value = Number(m[2]) / 100;
  if (m[1] === '-' && value !== 0) return fail(`${expectedRatio}, got ${show(input)}: must not be negative`);
  if (!(value <= 1)) return fail(`${expectedRatio}, got ${show(input)}: at most 100%`);
  return { ok: true, value };
}

/**
 * The JSON Schema pattern of a kind's strings, for editors. Looser than the parser on purpose
 * (it accepts any sign), so the parser's message, not a generic "does not match", explains a
 * negative value.
 */
export function unitPattern(kind: UnitKind | 'anyRate'): string {
  const units = kind === 'anyRate' ? { ...UNITS.packetRate, ...UNITS.bitRate } : UNITS[kind];
  const alternatives = Object.keys(units)
    .sort((a, b) => b.length - a.length)
    .join('|');
  return `^\\s*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)\\s?(${alternatives})\\s*$`;
}

/** Formats seconds for messages: "1.5s", "20ms". */
export function formatSeconds(s: number): string {
  if (s === 0) return '0s';
  if (s >= 60 && Number.isInteger(s / 60)) return `${s / 60}min`;
  if (s >= 1) return `${+s.toPrecision(6)}s`;
  if (s >= 1e-3) return `${+(s * 1e3).toPrecision(6)}ms`;
  if (s >= 1e-6) return `${+(s * 1e6).toPrecision(6)}us`;
  return `${+(s * 1e9).toPrecision(6)}ns`;
}
