import { describe, expect, it } from 'vitest';
import { voice } from '../src/metrics/index.js';

const {
  baseRating,
  coleRosenbluthId,
  delayImpairment,
  effectiveEquipmentImpairment,
  g107DelayImpairment,
  mosFromR,
  rate,
  voiceCodec,
} = voice;

describe('E-model (ITU-T G.107)', () => {
  it('gives R = 93.2 and MOS 4.41 for the default connection, with Ro and Is from the formulas', () => {
    // Reference: G.107 §7.7 states R = 93.2 for all parameters at their defaults, and Annex B maps it
    // to MOS 4.41 (both printed to 3 significant digits, hence the tolerances of half a unit of the
    // last digit). The parts are checked against a hand evaluation of §7.2-§7.4 with the Table 3
    // defaults (No = -61.18 dBm0p, Ro = 94.77, Iolr = 0.440, Ist = -0.001, Iq = 0.974, Idle = 0.149),
    // to the 2-3 decimals written.
    const b = baseRating();
    expect(b.No).toBeCloseTo(-61.18, 2);
    expect(b.Ro).toBeCloseTo(94.77, 2);
    expect(b.Iolr).toBeCloseTo(0.44, 2);
    expect(b.Ist).toBeCloseTo(-0.001, 3);
    expect(b.Iq).toBeCloseTo(0.974, 3);
    const id0 = g107DelayImpairment(0);
    expect(id0.Idte).toBeCloseTo(0, 12); // (1 - e^-T) = 0 at T = 0
    expect(id0.Idd).toBe(0);
    expect(id0.Idle).toBeCloseTo(0.149, 3);
    const R = b.Ro - b.Is - id0.Id;
    expect(Math.abs(R - 93.2)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(mosFromR(R) - 4.41)).toBeLessThanOrEqual(0.005);
    const full = rate({ ie: 0, bpl: 4.3, mouthToEarMs: 0, lossRatio: 0, delayModel: 'g107' });
    expect(full.R).toBeCloseTo(R, 12);
  });

  it('maps R to MOS as ITU-T G.109 tabulates it (R 50, 60, 70, 80, 90)', () => {
    // Reference: G.109 Table 1 gives the MOS at the lower limit of each user-satisfaction category,
    // computed with G.107 Annex B and printed with 2 decimals: R 90 -> 4.34, 80 -> 4.03,
    // 70 -> 3.60, 60 -> 3.10, 50 -> 2.58. The printed values are rounded up (Annex B gives 4.024 at
    // R = 80, and all five agree with rounding up), so the MOS must lie in (printed - 0.01, printed].
    const table: Array<[number, number]> = [
      [90, 4.34],
      [80, 4.03],
      [70, 3.6],
      [60, 3.1],
      [50, 2.58],
    ];
    for (const [R, printed] of table) {
      const mos = mosFromR(R);
      expect(mos, `R = ${R}`).toBeGreaterThan(printed - 0.01);
      expect(mos, `R = ${R}`).toBeLessThanOrEqual(printed + 1e-12);
    }
    // Annex B evaluated by hand at the same points: 4.339, 4.024, 3.597, 3.100, 2.575.
    expect(mosFromR(90)).toBeCloseTo(4.339, 10);
    expect(mosFromR(80)).toBeCloseTo(4.024, 10);
    expect(mosFromR(70)).toBeCloseTo(3.597, 10);
    expect(mosFromR(60)).toBeCloseTo(3.1, 10);
    expect(mosFromR(50)).toBeCloseTo(2.575, 10);
    // Annex B's ends: 1 below R = 0, 4.5 above R = 100, continuous at both.
    expect(mosFromR(-5)).toBe(1);
    expect(mosFromR(0)).toBe(1);
    expect(mosFromR(100)).toBeCloseTo(4.5, 12);
    expect(mosFromR(120)).toBe(4.5);
  });

  it('gives the Cole-Rosenbluth delay impairment at 100, 200 and 300 ms', () => {
    // Reference: the formula evaluated by hand: 0.024 x 100 = 2.4; 0.024 x 200 + 0.11 x 22.7 = 7.297;
    // 0.024 x 300 + 0.11 x 122.7 = 20.697. Exact arithmetic, so the tolerance is rounding only.
    expect(coleRosenbluthId(100)).toBeCloseTo(2.4, 10);
    expect(coleRosenbluthId(200)).toBeCloseTo(7.297, 10);
    expect(coleRosenbluthId(300)).toBeCloseTo(20.697, 10);
    expect(coleRosenbluthId(177.3)).toBeCloseTo(0.024 * 177.3, 10); // the knee: no step in value
    expect(delayImpairment(150)).toBeCloseTo(3.6, 10);
  });

  it("gives G.107's full delay impairment at 100, 200 and 300 ms, close to the simplification", () => {
    // Reference: a hand evaluation of G.107 §7.4 with T = Ta, Tr = 2 Ta and the defaults
    // (Roe = 94.77, TELR 65 dB, WEPL 110 dB, mT 100 ms, sT 1), intermediate values to 4 digits:
    //   Ta = 100: TERV 32.22, Re 125.5, Idte 1.964; Rle 326.3, Idle 0.728; Idd 0       -> Id 2.692
    //   Ta = 200: TERV 26.83, Re 112.1, Idte 3.571; Rle 274.5, Idle 0.935; Idd 3.044   -> Id 7.551
    //   Ta = 300: TERV 24.43, Re 106.1, Idte 4.834; Rle 248.1, Idle 1.094; Idd 14.761  -> Id 20.689
    // Tolerance 0.01: the hand values carry No and Ro to 2 decimals.
    const hand: Array<[number, number, number, number]> = [
      [100, 1.964, 0.728, 0],
      [200, 3.571, 0.935, 3.044],
      [300, 4.834, 1.094, 14.761],
    ];
    for (const [Ta, Idte, Idle, Idd] of hand) {
      const id = g107DelayImpairment(Ta);
      expect(Math.abs(id.Idte - Idte), `Idte at ${Ta}`).toBeLessThan(0.01);
      expect(Math.abs(id.Idle - Idle), `Idle at ${Ta}`).toBeLessThan(0.01);
      expect(Math.abs(id.Idd - Idd), `Idd at ${Ta}`).toBeLessThan(0.01);
      expect(delayImpairment(Ta, 'g107')).toBeCloseTo(id.Id, 12);
      // Cole and Rosenbluth fitted Id above its value at zero delay (the default connection's
      // R of 93.2 already includes Id(0) = 0.15). Their two-piece line stays within 0.3 of the
      // full model over 100-300 ms; 0.5 R is about 0.01 MOS near R = 90.
      expect(Math.abs(coleRosenbluthId(Ta) - (id.Id - g107DelayImpairment(0).Id)), `fit at ${Ta}`).toBeLessThan(0.5);
    }
  });

  it('gives Ie,eff for G.711 with PLC at 1%, 2% and 5% random loss', () => {
    // Reference: G.107 §7.5 evaluated by hand with G.113 Appendix I's Ie = 0, Bpl = 25.1 and
    // BurstR = 1: 95 x 1 / 26.1 = 3.6398; 95 x 2 / 27.1 = 7.0111; 95 x 5 / 30.1 = 15.7807.
    // Tolerance: the 4 decimals written.
    const codec = voiceCodec('g711-plc');
    expect(codec.ie).toBe(0);
    expect(codec.bpl).toBe(25.1);
    expect(effectiveEquipmentImpairment(codec.ie, codec.bpl, 1)).toBeCloseTo(3.6398, 4);
    expect(effectiveEquipmentImpairment(codec.ie, codec.bpl, 2)).toBeCloseTo(7.0111, 4);
    expect(effectiveEquipmentImpairment(codec.ie, codec.bpl, 5)).toBeCloseTo(15.7807, 4);
    // Bursty loss hurts more (BurstR 2 at 5%: 95 x 5 / 27.6 = 17.2101); no loss leaves Ie.
    expect(effectiveEquipmentImpairment(0, 25.1, 5, 2)).toBeCloseTo(17.2101, 4);
    expect(effectiveEquipmentImpairment(11, 19, 0)).toBe(11);
    // G.711 without PLC (Bpl 4.3) at 2%: 95 x 2 / 6.3 = 30.1587.
    expect(effectiveEquipmentImpairment(0, voiceCodec('g711').bpl, 2)).toBeCloseTo(30.1587, 4);
  });

  it('rates a call: R = Ro - Is - Id - Ie,eff + A', () => {
    // Hand: G.729A+VAD (Ie 11, Bpl 19) at 1% random loss and 150 ms mouth to ear:
    // Ie,eff = 11 + 84 x 1 / 20 = 15.2; Id = 0.024 x 150 = 3.6; R = 93.355 - 3.6 - 15.2 = 74.555
    // (Ro - Is = 94.769 - 1.414 at the defaults); MOS = 1 + 2.6094 + 74.555 x 14.555 x 25.445 x 7e-6 = 3.8027.
    const r = rate({ ie: 11, bpl: 19, mouthToEarMs: 150, lossRatio: 0.01 });
    expect(r.IeEff).toBeCloseTo(15.2, 10);
    expect(r.Id).toBeCloseTo(3.6, 10);
    expect(r.R).toBeCloseTo(74.555, 2);
    expect(r.mos).toBeCloseTo(3.8027, 3);
    expect(rate({ ie: 11, bpl: 19, mouthToEarMs: 150, lossRatio: 0.01, advantage: 5 }).R).toBeCloseTo(r.R + 5, 10);
  });
});
