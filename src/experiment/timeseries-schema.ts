import { z } from 'zod';
import { idRecord } from './id-record.js';
import { TIMESERIES_LIMITS } from '../metrics/timeseries/index.js';

/**
 * A run's `timeseries` (metrics/timeseries/recorder.ts TimeseriesResult) as a results file given to
 * `netsim merge` carries it: untrusted, like the rest of the file (shard-schema.ts). The report, the
 * failure phases and timeseries.csv index every series by window (`t[k]`, `received[k]`, ...) and
 * add them up, so each series must hold one value per window of `t`, and counts must be numbers >= 0
 * (null only where the result has it: latencies of windows without packets, link windows after the
 * measured window). A shortened series would otherwise show as NaN or `undefined` in the report.
 */

const figure = z.number().nonnegative();
/** One value per window. */
const series = z.array(figure);
/** One value per window, null where there is nothing to show. */
const gappy = z.array(figure.nullable());

// Every key of a class's or link's windows is a series (timeseries.csv writes each one), extensions included.
const classWindows = z
  .object({
    throughputBps: series,
    latencyMeanMs: gappy,
    latencyP99Ms: gappy,
    lost: series,
    received: series,
    bytes: series,
  })
  .catchall(gappy);

const linkWindows = z
  .object({
    utilization: gappy,
    queuePackets: gappy,
    packets: gappy,
    bytes: gappy,
    drops: gappy,
  })
  .catchall(gappy);

/** A failure as it happened: the report labels it by its link, else its node, so one of them must be there. */
const event = z
  .looseObject({ t: figure, link: z.string().optional(), node: z.string().optional(), up: z.boolean() })
  .refine((e) => (e.link === undefined) !== (e.node === undefined), {
    message: 'expected exactly one of `link` and `node` (the element that failed)',
  });

const lengthMessage = (n: number, got: number) => `expected ${n} values (one per window of \`t\`), got ${got}`;

export const timeseriesSchema = z
  .looseObject({
    window: z.number().positive(),
    t: z.array(figure).min(1).max(TIMESERIES_LIMITS.windows),
    end: figure,
    classes: idRecord(classWindows),
    links: idRecord(linkWindows),
    events: z.array(event),
  })
  .superRefine((ts, ctx) => {
    // zod runs a refinement only on a value of its type (a mistyped key aborts it: test/robust-merge.test.ts
    // retypes `t` and a series), so `t` and every series are arrays here.
    const n = ts.t.length;
    for (let k = 1; k < n; k++)
      if (!(ts.t[k] > ts.t[k - 1]))
        ctx.addIssue({
          code: 'custom',
          path: ['t', k],
          message: `expected window starts in increasing order, got ${ts.t[k]} after ${ts.t[k - 1]}`,
        });
    const all: { path: (string | number)[]; length: number }[] = [];
    for (const group of ['classes', 'links'] as const)
      for (const [name, windows] of Object.entries(ts[group]))
        for (const [key, values] of Object.entries<readonly (number | null)[]>(windows))
          all.push({ path: [group, name, key], length: values.length });
    const m = all.length > 0 ? all[0].length : n;
    // Every series agrees and `t` does not: `t` is the one edited, one problem rather than one per series.
    if (m !== n && all.every((s) => s.length === m))
      return ctx.addIssue({
        code: 'custom',
        path: ['t'],
        message: `expected ${m} window starts (every series has ${m} windows), got ${n}`,
      });
    for (const s of all)
      if (s.length !== n) ctx.addIssue({ code: 'custom', path: s.path, message: lengthMessage(n, s.length) });
  });
