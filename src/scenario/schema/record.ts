import { z } from 'zod';
import { time } from '../../spec/unit-schemas.js';
import { parseUnit, show } from '../../spec/units.js';

const window = () => time({ positive: true }, 'window length of the time series, e.g. 1s');

/** `record`: optional recordings. `timeseries` is a window, or the window with the link directions to follow. */
export const recordSchema = z
  .strictObject({
    timeseries: z
      .union(
        [
          window(),
          z.strictObject({
            window: window(),
            links: z
              .array(z.string().min(1), {
                error: (iss) =>
                  `expected a list of link ids (or "<id>/forward", "<id>/reverse"), got ${show(iss.input)}`,
              })
              .max(1000)
              .optional()
              .meta({ description: 'link directions to follow: "<link id>" (both) or "<link id>/forward|reverse"' }),
            busiest: z.number().int().min(0).max(1000).optional().meta({
              description: 'how many of the busiest link directions to add (default 8; 0 when links are named)',
            }),
          }),
        ],
        {
          // A union says only "Invalid input": say what a window expects (a unit), or what the map holds.
          error: (iss) => {
            const parsed = typeof iss.input === 'object' && iss.input !== null ? null : parseUnit('time', iss.input);
            return parsed && !parsed.ok
              ? parsed.error
              : `expected a window like "1s", or { window, links, busiest }, got ${show(iss.input)}`;
          },
        },
      )
      .optional()
      .meta({
        description:
          'per-window series: per class throughput, latency and losses; per link direction utilization and queue ' +
          '(a window like 1s, or { window, links, busiest })',
      }),
  })
  .meta({ description: 'optional recordings (SCENARIO-FORMAT.md, Time series)' });
