/**
 * The E-model of ITU-T G.107 for one narrowband call: R = Ro − Is − Id − Ie,eff + A, and the
 * mapping of R to MOS (G.107 Annex B). Every terminal, noise and echo parameter is G.107's default
 * (§7.7, Table 3); what a network changes is the delay (Id) and the equipment impairment under
 * packet loss (Ie,eff). Ro and Is are computed from the standard's formulas with those defaults,
 * which gives R = 93.2 for the default connection (tested), not written as a constant.
 *
 * Units: dB, dBm0p, dB(A) as G.107 states them; delays in milliseconds; Ppl in percent.
 */

/** G.107 §7.7 Table 3: default values of the parameters this module keeps fixed. */
export const G107_DEFAULTS = Object.freeze({
  /** Send and receive loudness ratings (dB). */
  SLR: 8,
  RLR: 2,
  /** Sidetone masking rating and listener sidetone rating (dB). */
  STMR: 15,
  LSTR: 18,
  /** D-value of the telephone, send side. */
  Ds: 3,
  /** Talker echo loudness rating and weighted echo path loss (dB). */
  TELR: 65,
  WEPL: 110,
  /** Number of quantization distortion units. */
  qdu: 1,
  /** Circuit noise (dBm0p) and noise floor at the receive side (dBmp). */
  Nc: -70,
  Nfor: -64,
  /** Room noise at the send and receive sides (dB(A)). */
  Ps: 35,
  Pr: 35,
  /** Delay sensitivity: minimum perceivable delay (ms) and sensitivity (G.107 Table 1, default class). */
  mT: 100,
  sT: 1,
});

const D = G107_DEFAULTS;
const log10 = Math.log10;

/** Equivalent circuit noise No (dBm0p), G.107 §7.2, from the default noise sources. */
function noiseNo(): number {
  const OLR = D.SLR + D.RLR;
  const Nos = D.Ps - D.SLR - D.Ds - 100 + 0.004 * (D.Ps - OLR - D.Ds - 14) ** 2;
  const Pre = D.Pr + 10 * log10(1 + 10 ** ((10 - D.LSTR) / 10));
  const Nor = D.RLR - 121 + Pre + 0.008 * (Pre - 35) ** 2;
  const Nfo = D.Nfor + D.RLR;
  return 10 * log10(10 ** (D.Nc / 10) + 10 ** (Nos / 10) + 10 ** (Nor / 10) + 10 ** (Nfo / 10));
}

/** The parts of the basic rating at G.107's defaults (with the talker echo delay T for STMRo). */
export interface BaseRating {
  No: number;
  Ro: number;
  Iolr: number;
  Ist: number;
  Iq: number;
  Is: number;
}

/**
 * Ro (§7.2) and Is = Iolr + Ist + Iq (§7.3) at the default parameters. Is depends on the talker
 * echo delay T (ms) only through STMRo, by less than 1e-4 with the default TELR of 65 dB.
 */
export function baseRating(T = 0): BaseRating {
  const No = noiseNo();
  const OLR = D.SLR + D.RLR;
  const Ro = 15 - 1.5 * (D.SLR + No);
  const Xolr = OLR + 0.2 * (64 + No - D.RLR);
  const Iolr = 20 * ((1 + (Xolr / 8) ** 8) ** (1 / 8) - Xolr / 8);
  const STMRo = -10 * log10(10 ** (-D.STMR / 10) + Math.exp(-T / 4) * 10 ** (-D.TELR / 10));
  const Ist =
    12 * (1 + ((STMRo - 13) / 6) ** 8) ** (1 / 8) -
    28 * (1 + ((STMRo + 1) / 19.4) ** 35) ** (1 / 35) -
    13 * (1 + ((STMRo - 3) / 33) ** 13) ** (1 / 13) +
    29;
  const Q = 37 - 15 * log10(D.qdu);
  const G = 1.07 + 0.258 * Q + 0.0602 * Q * Q;
  const Y = (Ro - 100) / 15 + 46 / 8.4 - G / 9;
  const Z = 46 / 30 - G / 40;
  const Iq = 15 * log10(1 + 10 ** Y + 10 ** Z);
  return { No, Ro, Iolr, Ist, Iq, Is: Iolr + Ist + Iq };
}

/** The parts of G.107's delay impairment Id = Idte + Idle + Idd (§7.4). */
export interface DelayImpairment {
  Idte: number;
  Idle: number;
  Idd: number;
  Id: number;
}

/**
 * G.107's full delay impairment (§7.4) for a connection with talker echo delay T, listener echo
 * round trip Tr and absolute delay Ta (ms), at the default echo losses (TELR 65 dB, WEPL 110 dB).
 * The low-sidetone corrections of §7.4 (STMR < 9 dB) do not apply at the default STMR of 15 dB.
 */
export function g107DelayImpairment(Ta: number, T = Ta, Tr = 2 * Ta): DelayImpairment {
  const { No, Ro } = baseRating(T);
  const Roe = -1.5 * (No - D.RLR);
  const TERV = D.TELR - 40 * log10((1 + T / 10) / (1 + T / 150)) + 6 * Math.exp(-0.3 * T * T);
  const Re = 80 + 2.5 * (TERV - 14);
  const Idte = ((Roe - Re) / 2 + Math.sqrt((Roe - Re) ** 2 / 4 + 100) - 1) * (1 - Math.exp(-T));
  const Rle = 10.5 * (D.WEPL + 7) * (Tr + 1) ** -0.25;
  const Idle = (Ro - Rle) / 2 + Math.sqrt((Ro - Rle) ** 2 / 4 + 169);
  let Idd = 0;
  if (Ta > D.mT) {
    const X = log10(Ta / D.mT) / log10(2);
    const e = 6 * D.sT;
    Idd = 25 * ((1 + X ** e) ** (1 / e) - 3 * (1 + (X / 3) ** e) ** (1 / e) + 2);
  }
  return { Idte, Idle, Idd, Id: Idte + Idle + Idd };
}

/**
 * Cole and Rosenbluth's fit of G.107's Id to the one-way mouth-to-ear delay Ta (ms), with echo
 * well controlled ("Voice over IP performance monitoring", ACM SIGCOMM CCR 31(2), 2001):
 * Id ≈ 0.024 Ta + 0.11 (Ta − 177.3) H(Ta − 177.3), H the unit step.
 */
export function coleRosenbluthId(Ta: number): number {
  return 0.024 * Ta + (Ta > 177.3 ? 0.11 * (Ta - 177.3) : 0);
}

/** Which delay impairment a rating uses: the simplification (default) or G.107's full Id. */
export type DelayModel = 'cole-rosenbluth' | 'g107';

/** Id for a mouth-to-ear delay Ta (ms); for `g107`, T = Ta and Tr = 2 Ta (echo paths of a VoIP call). */
export function delayImpairment(Ta: number, model: DelayModel = 'cole-rosenbluth'): number {
  return model === 'g107' ? g107DelayImpairment(Ta).Id : coleRosenbluthId(Ta);
}

/**
 * G.107 §7.5: Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl), with Ppl the packet loss in
 * percent, Bpl the codec's packet-loss robustness and BurstR = 1 for random loss (> 1 bursty).
 */
export function effectiveEquipmentImpairment(ie: number, bpl: number, pplPercent: number, burstR = 1): number {
  if (pplPercent <= 0) return ie;
  return ie + ((95 - ie) * pplPercent) / (pplPercent / burstR + bpl);
}

/** G.107 Annex B: MOS (conversational quality, estimated) from R. */
export function mosFromR(R: number): number {
  if (R < 0) return 1;
  if (R > 100) return 4.5;
  return 1 + 0.035 * R + R * (R - 60) * (100 - R) * 7e-6;
}

/** What a rating needs from a call. */
export interface RatingInput {
  /** The codec's equipment impairment and packet-loss robustness (ITU-T G.113 Appendix I). */
  ie: number;
  bpl: number;
  /** Mean one-way mouth-to-ear delay (ms). */
  mouthToEarMs: number;
  /** Loss as the listener hears it (network loss and packets too late for playout), in [0, 1]. */
  lossRatio: number;
  /** G.107's burst ratio (1 for random loss). */
  burstR?: number;
  delayModel?: DelayModel;
  /** Advantage factor A (G.107: 0 for wired; up to 5 mobile, 10 satellite). */
  advantage?: number;
}

export interface Rating {
  R: number;
  mos: number;
  Ro: number;
  Is: number;
  Id: number;
  IeEff: number;
}

/** R and MOS for one call. */
export function rate(input: RatingInput): Rating {
  const model = input.delayModel ?? 'cole-rosenbluth';
  const Ta = input.mouthToEarMs;
  const { Ro, Is } = baseRating(model === 'g107' ? Ta : 0);
  const Id = delayImpairment(Ta, model);
  const IeEff = effectiveEquipmentImpairment(input.ie, input.bpl, input.lossRatio * 100, input.burstR ?? 1);
  const R = Ro - Is - Id - IeEff + (input.advantage ?? 0);
  return { R, mos: mosFromR(R), Ro, Is, Id, IeEff };
}
