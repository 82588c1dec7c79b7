import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idRecord } from '../src/experiment/id-record.js';
import { runResultSchema } from '../src/experiment/shard-schema.js';
import { timeseriesSchema } from '../src/experiment/timeseries-schema.js';

// Ids are keys of the maps of a results file, and "__proto__" is an id like any other: JSON.parse keeps it as an own
// key, so the schema must check it, and its parsed copy must hold it (refinements run on that copy), as an own key,
// without touching any prototype.

const issuesOf = (r: { success: boolean; error?: z.ZodError }) =>
  (r.error?.issues ?? []).map((i) => ({ path: i.path, message: i.message }));

describe('idRecord', () => {
  // A value schema that changes what it parses: the parsed map must hold the parsed values, not the input's.
  const record = idRecord(z.object({ name: z.string().transform((s) => s.length), n: z.number().default(7) }));

  it('the parsed map has `__proto__` as an own key holding its parsed value, and a null prototype', () => {
    const input = JSON.parse('{"a": {"name": "xy"}, "__proto__": {"name": "abc", "n": 1}, "toString": {"name": ""}}');
    const parsed = record.parse(input);
    // As an in-memory run's maps (idMap): an id that is not in the map is absent, not Object's member.
    expect(Object.getPrototypeOf(parsed)).toBe(null);
    expect(parsed.constructor).toBeUndefined();
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')).toEqual({
      value: { name: 3, n: 1 },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect(Object.keys(parsed)).toEqual(['a', '__proto__', 'toString']);
    expect(Object.entries(parsed)).toEqual([
      ['a', { name: 2, n: 7 }],
      ['__proto__', { name: 3, n: 1 }],
      ['toString', { name: 0, n: 7 }],
    ]);
    // What readers do with a map: spread it, list it, write it. Each sees `__proto__` as an own key.
    const spread = { ...parsed };
    expect(Object.getPrototypeOf(spread)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(spread, '__proto__')?.value).toEqual({ name: 3, n: 1 });
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(
      JSON.parse('{"a":{"name":2,"n":7},"__proto__":{"name":3,"n":1},"toString":{"name":0,"n":7}}'),
    );
    expect(JSON.stringify(parsed)).toContain('"__proto__":{"name":3,"n":1}');
    // No prototype was polluted. The input keeps its keys and values, in their order; its prototype is now null too.
    expect(({} as Record<string, unknown>).name).toBeUndefined();
    expect(({} as Record<string, unknown>).n).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(input, '__proto__')?.value).toEqual({ name: 'abc', n: 1 });
    expect(Object.keys(input)).toEqual(['a', '__proto__', 'toString']);
    expect(Object.getPrototypeOf(input)).toBe(null);
  });

  it('a bad `__proto__` entry is an issue at its own key path', () => {
    const r = record.safeParse(JSON.parse('{"a": {"name": "x"}, "__proto__": {"name": 5}}'));
    expect(issuesOf(r)).toEqual([{ path: ['__proto__', 'name'], message: expect.stringMatching(/expected string/) }]);
  });

  it('a value that is not a map is refused as before (expected a record)', () => {
    for (const bad of [null, [], 'x', 3]) {
      const r = record.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error!.issues).toMatchObject([{ code: 'invalid_type', expected: 'record', path: [] }]);
    }
  });
});

/** A time series of 4 windows, its classes given as JSON text (so that `__proto__` is an own key). */
function timeseries(classes: string): unknown {
  return JSON.parse(`{"window": 1, "t": [0, 1, 2, 3], "end": 4, "classes": ${classes}, "links": {}, "events": []}`);
}
const windows = (n: number, lost = 0) =>
  JSON.stringify({
    throughputBps: Array(n).fill(1),
    latencyMeanMs: Array(n).fill(null),
    latencyP99Ms: Array(n).fill(2),
    lost: [lost, ...Array(n - 1).fill(0)],
    received: Array(n).fill(3),
    bytes: Array(n).fill(4),
  });

describe('the time series of a class named __proto__', () => {
  it('a series of the wrong length is found by the window refinement, as in any other class', () => {
    const short = JSON.parse(windows(4)) as Record<string, unknown[]>;
    short.latencyP99Ms.pop();
    const other = JSON.parse(windows(4)) as Record<string, unknown[]>;
    other.bytes.push(4);
    const r = timeseriesSchema.safeParse(
      timeseries(`{"__proto__": ${JSON.stringify(short)}, "realtime": ${JSON.stringify(other)}}`),
    );
    // Both are the refinement's, over the parsed classes: one check, so both are reported together.
    expect(issuesOf(r)).toEqual([
      { path: ['classes', '__proto__', 'latencyP99Ms'], message: 'expected 4 values (one per window of `t`), got 3' },
      { path: ['classes', 'realtime', 'bytes'], message: 'expected 4 values (one per window of `t`), got 5' },
    ]);
  });

  it('a shortened series is reported beside an issue that does not stop the refinement (a negative count)', () => {
    const short = JSON.parse(windows(4)) as Record<string, unknown[]>;
    short.received.splice(1);
    const r = timeseriesSchema.safeParse(
      timeseries(`{"realtime": ${windows(4, -1)}, "__proto__": ${JSON.stringify(short)}}`),
    );
    expect(issuesOf(r)).toEqual([
      { path: ['classes', 'realtime', 'lost', 0], message: expect.stringMatching(/>=0/) },
      { path: ['classes', '__proto__', 'received'], message: 'expected 4 values (one per window of `t`), got 1' },
    ]);
  });

  it('its series count in the refinement: when every series has 3 windows, `t` is the one edited', () => {
    const r = timeseriesSchema.safeParse(timeseries(`{"__proto__": ${windows(3)}}`));
    expect(issuesOf(r)).toEqual([
      { path: ['t'], message: 'expected 3 window starts (every series has 3 windows), got 4' },
    ]);
  });

  it('the parsed series hold the `__proto__` class as an own key', () => {
    const parsed = timeseriesSchema.parse(timeseries(`{"__proto__": ${windows(4)}}`));
    expect(Object.getPrototypeOf(parsed.classes)).toBe(null);
    expect(Object.keys(parsed.classes)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(parsed.classes, '__proto__')?.value).toEqual(JSON.parse(windows(4)));
  });
});

describe('a run result with a flow named __proto__', () => {
  it('the parsed run holds the flow as an own key of `flows`', () => {
    const stats = {
      sent: 2,
      received: 2,
      lost: 0,
      inFlight: 0,
      lossRatio: 0,
      throughputBps: 1,
      latencyMs: { mean: 1, p50: 1, p95: 1, p99: 1, max: 1 },
      jitterMs: { mean: 0, rfc3550: 0 },
      drops: {},
      refusedFlows: 0,
      connectedLossRatio: 0,
    };
    const run = JSON.parse(
      JSON.stringify({
        format: 'netsim-result/1',
        scenario: 's',
        variant: null,
        policy: 'shortest',
        seed: 1,
        simulated: { seconds: 1, events: 10, fingerprint: 'f' },
        wall: { seconds: 0 },
        classes: { realtime: stats },
        flows: { PROTO: { ...stats, class: 'realtime', path: ['a', 'b'] } },
        links: {},
        sla: {},
      }).replace('"PROTO"', '"__proto__"'),
    );
    const parsed = runResultSchema.parse(run) as { flows: Record<string, unknown> };
    expect(Object.keys(parsed.flows)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(parsed.flows, '__proto__')?.value).toEqual(
      Object.getOwnPropertyDescriptor(run.flows, '__proto__')?.value,
    );
    expect(Object.getPrototypeOf(parsed.flows)).toBe(null);
  });

  it('checking a run read back from JSON leaves its id maps as an in-memory run has them, its bytes unchanged', () => {
    // What merge and --resume do: check the file's own data, then go on with it (not with zod's reordered copy).
    const text =
      '{"format":"netsim-result/1","scenario":"s","variant":"after","policy":"shortest","seed":1,' +
      '"simulated":{"seconds":1,"events":10,"fingerprint":"f"},"wall":{"seconds":0},' +
      '"classes":{},"flows":{},"links":{},"sla":{},"experience":{}}';
    const run = JSON.parse(text) as Record<string, Record<string, unknown>>;
    // Before the check, a class `constructor` that this run lacks finds Object's member.
    expect(run.classes.constructor).toBe(Object);
    expect(runResultSchema.safeParse(run).success).toBe(true);
    for (const map of ['classes', 'flows', 'links', 'sla', 'experience']) {
      expect(Object.getPrototypeOf(run[map])).toBe(null);
      expect(run[map].constructor).toBeUndefined();
    }
    // The run itself is not an id map: only the maps keyed by ids change.
    expect(Object.getPrototypeOf(run)).toBe(Object.prototype);
    expect(JSON.stringify(run)).toBe(text);
  });
});
