import { describe, expect, it } from 'vitest';
import { parseScenario, type TrafficSpec } from '../src/scenario/index.js';
import { baseScenario } from './helpers/scenario.js';

/** The TrafficSpec (base units) a `traffic` block becomes. */
function spec(traffic: object): TrafficSpec {
  const s = baseScenario();
  s.flows[0].traffic = traffic;
  return parseScenario(JSON.stringify(s), 't.json').flows[0].traffic;
}

describe('traffic blocks become TrafficSpecs in base units', () => {
  it.each([
    [
      { model: 'cbr', interval: '20ms', size: '200B' },
      { model: 'cbr', interval: 0.02, size: 200 },
    ],
    [
      { model: 'cbr', rate: '50pps', size: '200B' },
      { model: 'cbr', interval: 0.02, size: 200 },
    ],
    // with a bit rate, interval = size * 8 / rate
    [
      { model: 'cbr', rate: '64kbps', size: '160B' },
      { model: 'cbr', interval: 0.02, size: 160 },
    ],
    // ... at the mean size when the size is drawn
    [
      { model: 'cbr', rate: '80kbps', size: { dist: 'uniform', min: '100B', max: '300B' } },
      { model: 'cbr', interval: 0.02, size: { dist: 'uniform', min: 100, max: 300 } },
    ],
    [
      { model: 'poisson', rate: '1.2kpps', size: '1KiB' },
      { model: 'poisson', rate: 1200, size: 1024 },
    ],
    [
      { model: 'poisson', rate: '2Mbps', size: { dist: 'exponential', mean: '1000B' } },
      { model: 'poisson', rate: 250, size: { dist: 'exponential', mean: 1000 } },
    ],
    [
      { model: 'onoff', on: { dist: 'exponential', mean: '1.2s' }, off: '1800ms', rate: '50pps', size: '160B' },
      { model: 'onoff', on: { dist: 'exponential', mean: 1.2 }, off: 1.8, interval: 0.02, size: 160 },
    ],
    [
      {
        model: 'video',
        rate: '1.5Mbps',
        fps: 30,
        keyframeInterval: '2s',
        keyframeRatio: 5,
        variability: 0.25,
        mtu: '1200B',
      },
      { model: 'video', rate: 1.5e6, fps: 30, keyframeInterval: 2, keyframeRatio: 5, variability: 0.25, mtu: 1200 },
    ],
    [
      { model: 'video', rate: '2Mbps' },
      { model: 'video', rate: 2e6 },
    ],
    [
      {
        model: 'request-response',
        request: '500B',
        response: { dist: 'lognormal', mean: '30KB', stddev: '40KB' },
        think: { dist: 'pareto', scale: '100ms', shape: 1.5 },
        timeout: '5s',
      },
      {
        model: 'request-response',
        request: 500,
        response: { dist: 'lognormal', mean: 30000, stddev: 40000 },
        think: { dist: 'pareto', scale: 0.1, shape: 1.5 },
        timeout: 5,
      },
    ],
    [
      {
        model: 'elastic',
        bytes: '2GB',
        receiveWindow: '8MiB',
        mss: '1460B',
        initialWindow: 4,
        minRto: '1s',
        jitter: 0,
      },
      {
        model: 'elastic',
        bytes: 2e9,
        receiveWindow: 8 * 1024 * 1024,
        mss: 1460,
        initialWindow: 4,
        minRto: 1,
        jitter: 0,
      },
    ],
    [{ model: 'elastic' }, { model: 'elastic' }],
    [
      { model: 'elastic', congestionControl: 'newreno', sack: false, hystart: true, delayedAck: true },
      {
        model: 'elastic',
        congestionControl: 'newreno',
        sack: false,
        hystart: true,
        delayedAck: { count: 2, timeout: 0.2 },
      },
    ],
    [
      { model: 'elastic', delayedAck: { timeout: '40ms' } },
      { model: 'elastic', delayedAck: { count: 2, timeout: 0.04 } },
    ],
    [
      { model: 'elastic', delayedAck: false },
      { model: 'elastic', delayedAck: false },
    ],
  ])('%j', (traffic, expected) => {
    const got = spec(traffic) as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) {
      if (typeof v === 'number') expect(got[k] as number, k).toBeCloseTo(v, 12);
      else expect(got[k], k).toEqual(v);
    }
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each([
    [
      { model: 'cbr', rate: '1Mbps', size: { dist: 'pareto', scale: '100B', shape: 1 } },
      /flows\[0\]\.traffic\.size: a bit rate needs a size with a finite mean/,
    ],
    [
      { model: 'onoff', on: '0s', off: '1s', interval: '20ms', size: '100B' },
      /flows\[0\]\.traffic\.on: .*greater than 0/,
    ],
    [
      { model: 'video', rate: '1Mbps', keyframeRatio: 0.5 },
      /flows\[0\]\.traffic\.keyframeRatio: expected a number at least 1, got 0.5/,
    ],
    [{ model: 'elastic', receiveWindow: '1KB' }, /flows\[0\]\.traffic\.receiveWindow: must be at least one mss/],
    [{ model: 'elastic', initialWindow: 2.5 }, /flows\[0\]\.traffic\.initialWindow: expected an integer, got 2.5/],
    [{ model: 'elastic', congestionControl: 'bbr' }, /flows\[0\]\.traffic\.congestionControl: .*cubic.*newreno/],
    [{ model: 'elastic', sack: 'yes' }, /flows\[0\]\.traffic\.sack: expected/],
    [{ model: 'elastic', delayedAck: { count: 0 } }, /flows\[0\]\.traffic\.delayedAck/],
    [{ model: 'elastic', delayedAck: { every: 2 } }, /flows\[0\]\.traffic\.delayedAck/],
    [{ model: 'request-response', request: '1KB', response: '1KB' }, /flows\[0\]\.traffic\.think: missing/],
  ])('rejects %j', (traffic, message) => {
    expect(() => spec(traffic)).toThrow(message);
  });
});
