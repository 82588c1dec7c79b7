import { describe, expect, it } from 'vitest';
import type { TrafficSpec } from '../src/traffic/index.js';
import { Mini } from './helpers/mini.js';
import { Arrivals, attach } from './helpers/traffic.js';

/** The packets of a video source, grouped into frames by their generation time. */
function frames(spec: TrafficSpec, end: number, seed = 1, link?: { rate: number }) {
  const m = new Mini({ start: 0, end }, seed);
  if (link) m.chain(1, link.rate, 0, { discipline: 'fifo', limit: {} });
  const f = m.flow('v', 'interactive');
  const rx = new Arrivals(m.net);
  f.receiver = rx;
  attach(m, spec, f);
  const r = m.run(5);
  const out: { at: number; sizes: number[]; arrivals: number[] }[] = [];
  rx.created.forEach((t, i) => {
    if (out.length === 0 || out[out.length - 1].at !== t) out.push({ at: t, sizes: [], arrivals: [] });
    out[out.length - 1].sizes.push(rx.sizes[i]);
    out[out.length - 1].arrivals.push(rx.times[i]);
  });
  return { out, r };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('video', () => {
  it('constant frame sizes: key frames every 2 s at 5x a delta frame, split into MTU packets, the exact rate', () => {
    // 2 Mbps, 30 fps, a key frame every 60 frames: delta = 2e6/8/30 * 60/64 = 7812.5 B, key = 39062.5 B.
    const { out } = frames({ model: 'video', rate: 2e6, variability: 0, mtu: 1200 }, 10);
    expect(out.length).toBe(300);
    out.forEach((f, i) => expect(f.at).toBeCloseTo(i / 30, 12));
    const key = out.filter((_, i) => i % 60 === 0);
    const delta = out.filter((_, i) => i % 60 !== 0);
    expect(key.length).toBe(5);
    for (const f of key) {
      expect(f.sizes.length).toBe(33); // 32 full packets and 662.5 B
      expect(f.sizes.slice(0, 32).every((s) => s === 1200)).toBe(true);
      expect(f.sizes[32]).toBeCloseTo(662.5, 9);
    }
    for (const f of delta) expect(f.sizes.length).toBe(7); // 6 full packets and 612.5 B
    const bytes = sum(out.map((f) => sum(f.sizes)));
    expect((bytes * 8) / 10).toBeCloseTo(2e6, 6);
  });

  it("a frame's packets leave back to back: on a 10 Mbps link they arrive one serialization apart", () => {
    const { out } = frames({ model: 'video', rate: 2e6, variability: 0, mtu: 1200 }, 1, 1, { rate: 10e6 });
    const s = 1200 * (8 / 10e6);
    const first = out[0].arrivals;
    for (let i = 1; i < 32; i++) expect(first[i] - first[i - 1]).toBeCloseTo(s, 12);
  });

  it('variable frame sizes: mean rate within 2% over 10 min, key frames about 5x delta frames', () => {
    // 18,000 frames with a coefficient of variation of 0.3: the rate's sd is well under 0.5%.
    const { out, r } = frames({ model: 'video', rate: 1.5e6, variability: 0.3 }, 600, 4);
    const bytes = out.map((f) => sum(f.sizes));
    expect((sum(bytes) * 8) / 600 / 1.5e6).toBeGreaterThan(0.98);
    expect((sum(bytes) * 8) / 600 / 1.5e6).toBeLessThan(1.02);
    expect(r.flows.v.throughputBps / 1.5e6).toBeCloseTo((sum(bytes) * 8) / 600 / 1.5e6, 9);
    const key = bytes.filter((_, i) => i % 60 === 0);
    const delta = bytes.filter((_, i) => i % 60 !== 0);
    const ratio = sum(key) / key.length / (sum(delta) / delta.length);
    // 300 key frames, cv 0.3: their mean's sd is ~1.7%; 5% is three of those.
    expect(ratio).toBeGreaterThan(4.75);
    expect(ratio).toBeLessThan(5.25);
    expect(new Set(delta).size).toBe(delta.length); // sizes vary
  });
});
