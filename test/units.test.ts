import { describe, expect, it } from 'vitest';
import { formatSeconds, parseAnyRate, parseRatio, parseUnit, unitPattern, type UnitKind } from '../src/spec/units.js';

const value = (kind: UnitKind, text: unknown) => {
  const r = parseUnit(kind, text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const error = (kind: UnitKind, text: unknown) => {
  const r = parseUnit(kind, text);
  if (r.ok) throw new Error(`${String(text)} parsed as ${r.value}`);
  return r.error;
};

describe('time', () => {
  it.each([
    ['1ns', 1e-9],
    ['250us', 250e-6],
    ['250µs', 250e-6],
    ['20ms', 0.02],
    ['1.5s', 1.5],
    ['2min', 120],
    ['1h', 3600],
    ['0s', 0],
    ['.5s', 0.5],
    ['3.s', 3],
    ['20 ms', 0.02],
    [' 20ms ', 0.02],
    ['+5ms', 0.005],
    ['-0s', 0],
    ['0.000001s', 1e-6],
  ])('%s = %f s', (text, seconds) => {
    expect(value('time', text)).toBeCloseTo(seconds, 15);
  });

  it('is exact for whole milliseconds', () => {
    expect(value('time', '20ms')).toBe(0.02);
    expect(value('time', '10s')).toBe(10);
  });

  it.each([
    [20, /bare number 20: add a unit/],
    [0, /bare number 0: add a unit/],
    ['20', /got "20": add a unit/],
    ['-5ms', /must not be negative/],
    ['5 sec', /unknown unit "sec".*ns, us, ms, s, min, h/],
    ['5S', /unknown unit "S"/],
    ['5Mbps', /unknown unit "Mbps".*\(that is a bit rate\)/],
    ['5B', /\(that is a size\)/],
    ['ms', /expected a time like "20ms"/],
    ['', /expected a time/],
    ['1e3ms', /expected a time/],
    ['5  ms', /expected a time/],
    ['NaNs', /expected a time/],
    ['Infinitys', /expected a time/],
    [null, /got null/],
    [true, /got true/],
    [{ ms: 5 }, /got a map/],
    [[5], /got a list/],
    [undefined, /got nothing/],
  ])('rejects %j', (text, message) => {
    expect(error('time', text)).toMatch(message);
  });

  it('rejects values too large to represent', () => {
    expect(error('time', `${'9'.repeat(400)}h`)).toMatch(/too large/);
  });
});

describe('bit rate (SI, k = 1000)', () => {
  it.each([
    ['9600bps', 9600],
    ['64kbps', 64e3],
    ['64Kbps', 64e3],
    ['100Mbps', 100e6],
    ['1.25Gbps', 1.25e9],
    ['1Tbps', 1e12],
    ['0.5Mbps', 5e5],
  ])('%s = %d bit/s', (text, bps) => {
    expect(value('bitRate', text)).toBeCloseTo(bps, 3);
  });

  it.each([
    [100, /bare number 100/],
    ['100mbps', /unknown unit "mbps"/],
    ['100MBps', /unknown unit "MBps"/],
    ['100 Mb/s', /expected a bit rate/],
    ['50pps', /\(that is a packet rate\)/],
    ['-1Mbps', /negative/],
  ])('rejects %j', (text, message) => {
    expect(error('bitRate', text)).toMatch(message);
  });
});

describe('packet rate', () => {
  it.each([
    ['50pps', 50],
    ['1.2kpps', 1200],
    ['1.2Kpps', 1200],
    ['2Mpps', 2e6],
    ['0.5pps', 0.5],
  ])('%s = %f pps', (text, pps) => {
    expect(value('packetRate', text)).toBeCloseTo(pps, 9);
  });

  it.each([
    [50, /bare number/],
    ['50p', /unknown unit "p"/],
    ['50bps', /that is a bit rate/],
  ])('rejects %j', (text, message) => {
    expect(error('packetRate', text)).toMatch(message);
  });
});

describe('size (SI; KiB/MiB are 1024-based)', () => {
  it.each([
    ['1500B', 1500],
    ['64KB', 64000],
    ['64kB', 64000],
    ['1.5MB', 1.5e6],
    ['2GB', 2e9],
    ['1KiB', 1024],
    ['1MiB', 1048576],
    ['1GiB', 1073741824],
    ['0.5B', 0.5],
  ])('%s = %d bytes', (text, bytes) => {
    expect(value('size', text)).toBe(bytes);
  });

  it.each([
    [1500, /bare number 1500: add a unit/],
    ['1500b', /unknown unit "b"/],
    ['1500 bytes', /unknown unit "bytes"/],
    ['1kib', /unknown unit "kib"/],
    ['20ms', /that is a time/],
  ])('rejects %j', (text, message) => {
    expect(error('size', text)).toMatch(message);
  });
});

describe('ratio', () => {
  it.each([
    [0, 0],
    [1, 1],
    [0.25, 0.25],
    ['1%', 0.01],
    ['0.5%', 0.005],
    ['100%', 1],
    ['0%', 0],
    ['12.5 %', 0.125],
  ])('%j = %f', (input, expected) => {
    const r = parseRatio(input);
    expect(r.ok && r.value).toBeCloseTo(expected, 12);
  });

  it.each([
    [1.5, /number in \[0, 1\].*got 1.5/],
    [-0.1, /got -0.1/],
    ['101%', /at most 100%/],
    ['-1%', /negative/],
    ['0.5', /got "0.5"/],
    ['5 percent', /got "5 percent"/],
    [null, /got null/],
    [Number.NaN, /got NaN/],
  ])('rejects %j', (input, message) => {
    const r = parseRatio(input);
    expect(r.ok ? 'accepted' : r.error).toMatch(message);
  });
});

describe('packet rate or bit rate', () => {
  it('says which unit it got', () => {
    expect(parseAnyRate('50pps')).toEqual({ ok: true, value: { unit: 'pps', value: 50 } });
    expect(parseAnyRate('64kbps')).toEqual({ ok: true, value: { unit: 'bps', value: 64000 } });
    expect(parseAnyRate('1.2kpps')).toEqual({ ok: true, value: { unit: 'pps', value: 1200 } });
  });

  it.each([
    [50, /add a unit/],
    ['50', /packet rate like "50pps" or a bit rate like "64kbps"/],
    ['50ms', /packet rate .* or a bit rate/],
    ['-5pps', /negative/],
    ['-5Mbps', /negative/],
  ])('rejects %j', (input, message) => {
    const r = parseAnyRate(input);
    expect(r.ok ? 'accepted' : r.error).toMatch(message);
  });
});

describe('JSON Schema patterns agree with the parser', () => {
  const samples: Record<UnitKind, string[]> = {
    time: ['20ms', '1.5s', '250us', '2min', '1h', '5 ns', '.5s', 'x', '5', '5sec', '5 Mbps'],
    bitRate: ['100Mbps', '64kbps', '1.25Gbps', '9600bps', 'x', '100', '100mbps'],
    packetRate: ['50pps', '1.2kpps', '50', 'x'],
    size: ['1500B', '64KB', '1.5MB', '1KiB', '1500', '15b'],
  };
  for (const [kind, texts] of Object.entries(samples) as [UnitKind, string[]][]) {
    it(kind, () => {
      const re = new RegExp(unitPattern(kind));
      for (const t of texts) expect(re.test(t), t).toBe(parseUnit(kind, t).ok);
    });
  }
});

describe('formatSeconds', () => {
  it.each([
    [0, '0s'],
    [0.02, '20ms'],
    [1.5, '1.5s'],
    [120, '2min'],
    [2.5e-4, '250us'],
    [5e-9, '5ns'],
    [65, '65s'],
  ])('%f -> %s', (s, text) => {
    expect(formatSeconds(s)).toBe(text);
  });
});
