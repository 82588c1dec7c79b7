import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../src/engine/random.js';
import { voice } from '../src/metrics/index.js';

const { JitterBuffer, NETEQ_PLAYOUT } = voice;

// Times in units of 1/1024 s, so sums and comparisons of transits are exact in binary floating
// point and the expectations can be exact.
const U = 1 / 1024;
const ms = (units: number): number => units * U * 1000;

describe('jitter buffer, fixed playout delay', () => {
  //  seq          0    1    2    3    4    5    6    7    8    9      (one packet every 20 U)
  //  transit (U)  50   60   90   91   75   --   100  85   --   55     -- : never arrives
  //  playout (U)  90 = first transit 50 + buffer 40, for every packet
  //  outcome      ok   ok   ok   late ok   lost late ok   lost ok     (90 is on time: not later than playout)
  const transits: Array<number | null> = [50, 60, 90, 91, 75, null, 100, 85, null, 55];

  function feed(jb: InstanceType<typeof JitterBuffer>): void {
    const arrivals = transits
      .map((t, seq) => (t === null ? null : { seq, sent: seq * 20 * U, arrived: (seq * 20 + t) * U }))
      .filter((a) => a !== null)
      .sort((a, b) => a.arrived - b.arrived);
    // The transits are chosen so that arrival order is sequence order (no reordering here).
    expect(arrivals.map((a) => a.seq)).toEqual([0, 1, 2, 3, 4, 6, 7, 9]);
    for (const a of arrivals) jb.onPacket(a.sent, a.arrived, a.seq);
    jb.addLost(2);
  }

  it('turns packets later than their playout time into losses, and adds its wait to the delay', () => {
    const jb = new JitterBuffer({ policy: { kind: 'fixed', delay: 40 * U }, packetization: 20 * U });
    feed(jb);
    const s = jb.summary();
    expect(s.expected).toBe(10);
    expect(s.received).toBe(8);
    expect(s.lost).toBe(2);
    expect(s.late).toBe(2);
    expect(s.played).toBe(6);
    expect(s.reordered).toBe(0);
    expect(s.networkLossRatio).toBe(0.2);
    expect(s.effectiveLossRatio).toBe(0.4);
    expect(s.concealedRatio).toBe(0.4);
    // Every played packet plays 90 U after it was sent; mouth to ear adds the 20-U packetization.
    expect(s.mouthToEarMs).toBe(ms(90 + 20));
    // Waits of the played packets: 40, 30, 0, 15, 5, 35 U.
    expect(s.meanBufferDelayMs).toBeCloseTo(ms(125 / 6), 12);
    expect(s.meanNetworkDelayMs).toBe(ms(606 / 8));
    // RFC 3550 §6.4.1, J += (|D| - J) / 16 over the transits in arrival order, evaluated separately:
    // J = 6.7816537991 U at the end, 3.6107418590 U on average over the 7 updates.
    expect(s.jitterMs).toBeCloseTo(ms(6.7816537991), 9);
    expect(s.meanJitterMs).toBeCloseTo(ms(3.610741859), 9);
    // Missing frames in sequence order: G G G B G B B G B G (lost 5 and 8, late 3 and 6): p = 3/5,
    // q = 3/4, 1 / (p + q) < 1, i.e. more spread than random: taken as random (1).
    expect(s.burstR).toBe(1);
  });

  it('adds the codec look-ahead to the mouth-to-ear delay', () => {
    const jb = new JitterBuffer({ policy: { kind: 'fixed', delay: 40 * U }, packetization: 20 * U, lookahead: 5 * U });
    feed(jb);
    expect(jb.summary().mouthToEarMs).toBe(ms(90 + 20 + 5));
  });

  it('a deeper buffer plays the late packets, at the price of its delay', () => {
    const jb = new JitterBuffer({ policy: { kind: 'fixed', delay: 50 * U }, packetization: 20 * U });
    feed(jb);
    const s = jb.summary();
    expect(s.late).toBe(0);
    expect(s.effectiveLossRatio).toBe(0.2);
    expect(s.mouthToEarMs).toBe(ms(100 + 20));
  });

  it('ignores duplicates, counts reordered packets, and plays a reordered packet that is on time', () => {
    const jb = new JitterBuffer({ policy: { kind: 'fixed', delay: 40 * U }, packetization: 20 * U });
    jb.onPacket(0, 50 * U, 0);
    jb.onPacket(40 * U, 100 * U, 2); // seq 2 overtakes seq 1
    jb.onPacket(20 * U, 105 * U, 1); // transit 85 <= 90: on time
    jb.onPacket(20 * U, 106 * U, 1); // a duplicate of 1
    jb.onPacket(0, 107 * U, 0); // a duplicate of 0
    const s = jb.summary();
    expect(s.received).toBe(3);
    expect(s.duplicates).toBe(2);
    expect(s.reordered).toBe(1);
    expect(s.late).toBe(0);
    expect(s.played).toBe(3);
  });

  it('counts only packets sent inside the window, though earlier ones set the playout delay', () => {
    const jb = new JitterBuffer({
      policy: { kind: 'fixed', delay: 40 * U },
      packetization: 20 * U,
      window: { start: 20 * U, end: 60 * U },
    });
    jb.onPacket(0, 50 * U, 0); // before the window: sets the playout delay to 90 U, not counted
    jb.onPacket(20 * U, 120 * U, 1); // transit 100: late
    jb.onPacket(40 * U, 110 * U, 2); // transit 70: played
    jb.onPacket(60 * U, 110 * U, 3); // at the window's end: not counted
    const s = jb.summary();
    expect(s.received).toBe(2);
    expect(s.late).toBe(1);
    expect(s.mouthToEarMs).toBe(ms(90 + 20));
    expect(s.meanNetworkDelayMs).toBe(ms(85));
  });

  it('reports nothing it did not see', () => {
    const s = new JitterBuffer({ packetization: 0.02 }).summary();
    expect(s.expected).toBe(0);
    expect(s.effectiveLossRatio).toBeNull();
    expect(s.mouthToEarMs).toBeNull();
    expect(s.jitterMs).toBeNull();
    expect(s.burstR).toBe(1);
  });

  it('rejects bad options and counts', () => {
    expect(() => new JitterBuffer({ packetization: 0 })).toThrow(/packetization/);
    expect(() => new JitterBuffer({ packetization: 0.02, policy: { kind: 'fixed', delay: -1 } })).toThrow(/delay/);
    expect(() => new JitterBuffer({ packetization: 0.02, policy: { ...NETEQ_PLAYOUT, quantile: 0 } })).toThrow(
      /quantile/,
    );
    expect(() => new JitterBuffer({ packetization: 0.02 }).addLost(-1)).toThrow(/lost/);
  });
});

describe('jitter buffer, BurstR of the missing frames', () => {
  it('fits the two-state loss model: 1 / (p + q) on a periodic burst pattern', () => {
    // Ten periods of 27 played frames and 3 lost, then 27 played: by construction p (played ->
    // missing) = 10 / 296 and q (missing -> played) = 10 / 30 = 1/3, so BurstR = 1 / (10/296 + 1/3)
    // (G.107 §7.5's definition), exactly.
    const jb = new JitterBuffer({ policy: { kind: 'fixed', delay: 0.1 }, packetization: 0.02 });
    let seq = 0;
    for (let period = 0; period <= 10; period++) {
      for (let k = 0; k < 27; k++, seq++) jb.onPacket(seq * 0.02, seq * 0.02 + 0.05, seq);
      if (period < 10) seq += 3;
    }
    jb.addLost(30);
    expect(jb.summary().burstR).toBeCloseTo(1 / (10 / 296 + 1 / 3), 12);
  });

  it('is 1 for independent random loss', () => {
    // 20,000 frames each lost with probability 5%, independently (a seeded stream). The estimate
    // of p + q has a standard deviation of about 0.007 here (q is estimated from about 1,000
    // lost frames); values below 1 are reported as 1, so BurstR must lie in [1, 1.025) (3.5 sigma).
    const rng = new RandomStreams(7).stream('loss');
    const jb = new JitterBuffer({ policy: { kind: 'fixed', delay: 0.1 }, packetization: 0.02 });
    let lost = 0;
    for (let seq = 0; seq < 20_000; seq++) {
      if (rng() < 0.05) lost++;
      else jb.onPacket(seq * 0.02, seq * 0.02 + 0.05, seq);
    }
    jb.addLost(lost);
    const b = jb.summary().burstR;
    expect(b).toBeGreaterThanOrEqual(1);
    expect(b).toBeLessThan(1.025);
  });
});

describe('jitter buffer, adaptive (NetEq-like) playout delay', () => {
  // NetEq's defaults, but the histogram entered every 510 ms instead of 500 ms: with packets every
  // 20 ms an interval of exactly 500 ms puts the entry instants on ties of floating-point sums;
  // 510 ms makes every entry fall on a known packet (the 26th after the previous one).
  const policy = { ...NETEQ_PLAYOUT, resampleInterval: 0.51 };
  const make = (): InstanceType<typeof JitterBuffer> =>
    new JitterBuffer({ policy, packetization: 0.02, lookahead: 0.005 });

  it('starts 80 ms above the first transit, then settles one bucket (20 ms) above a steady one', () => {
    const jb = make();
    for (let seq = 0; seq <= 25; seq++) jb.onPacket(seq * 0.02, seq * 0.02 + 0.05, seq);
    expect(jb.playoutDelay).toBeCloseTo(0.05 + 0.08, 12);
    jb.onPacket(26 * 0.02, 26 * 0.02 + 0.05, 26); // arrives 0.52 s after the first: the first entry
    expect(jb.targetDelay).toBeCloseTo(0.02, 12);
    expect(jb.playoutDelay).toBeCloseTo(0.05 + 0.02, 12);
    expect(jb.summary().late).toBe(0);
  });

  it('loses a delay spike, then raises its target to cover it', () => {
    // Packets 0-90 every 20 ms with a transit of 50 ms, except packet 60 (sent 1.2 s), delayed to
    // 95 ms: it arrives after packets 61 and 62. Entries: packet 26 (target 20 ms), 52 (20 ms),
    // 78: the interval 52-77 holds packet 60's 45 ms above the fastest, bucket 2. NetEq forgets
    // fast at the start (the 3rd entry keeps 1/3 of the old histogram): the histogram is then
    // 1/3 on bucket 0 and 2/3 on bucket 2, whose 95% quantile is bucket 2: target 60 ms.
    const jb = make();
    const order = [
      ...Array.from({ length: 60 }, (_, i) => i),
      61,
      62,
      60,
      ...Array.from({ length: 28 }, (_, i) => 63 + i),
    ];
    for (const seq of order) {
      const transit = seq === 60 ? 0.095 : 0.05;
      jb.onPacket(seq * 0.02, seq * 0.02 + transit, seq);
      if (seq === 77) expect(jb.playoutDelay).toBeCloseTo(0.07, 12);
    }
    expect(jb.targetDelay).toBeCloseTo(0.06, 12);
    expect(jb.playoutDelay).toBeCloseTo(0.05 + 0.06, 12);
    const s = jb.summary();
    expect(s.received).toBe(91);
    expect(s.late).toBe(1); // packet 60: 95 ms > 70 ms
    expect(s.reordered).toBe(1);
    // Played: 0-26 at 130 ms (27), 27-78 but 60 at 70 ms (51), 79-90 at 110 ms (12):
    // mean (27 x 130 + 51 x 70 + 12 x 110) / 90 = 93.333 ms, + 20 ms packetization + 5 ms look-ahead.
    expect(s.mouthToEarMs).toBeCloseTo(8400 / 90 + 25, 9);
  });

  it('after a step up in delay, loses packets until the next entry moves the target', () => {
    // Transit 50 ms, then 85 ms from packet 60 (a reroute onto a longer path). The fastest recent
    // transit stays 50 ms, so the playout delay stays 70 ms until the entry at the packet arriving
    // more than 510 ms after packet 52 (arrived 1.09 s): packet 76 (sent 1.52 s, arrives 1.605 s).
    // Packets 60-76 (17) are late; the entry (35 ms above the fastest: bucket 1, weight 2/3)
    // moves the target to 40 ms, so the playout delay is 90 ms and later packets play.
    const jb = make();
    for (let seq = 0; seq <= 100; seq++) jb.onPacket(seq * 0.02, seq * 0.02 + (seq < 60 ? 0.05 : 0.085), seq);
    expect(jb.playoutDelay).toBeCloseTo(0.09, 12);
    expect(jb.summary().late).toBe(17);
  });

  it('remembers the fastest transit for two to four seconds of sending', () => {
    // Transit 30 ms for packets sent before 1 s, then 50 ms. Blocks of 2 s of sending time: while
    // sending in [2 s, 4 s) the previous block [0, 2 s) still holds the 30 ms; from 4 s on only
    // blocks with 50 ms remain.
    const jb = make();
    let seq = 0;
    const base = (): number => jb.playoutDelay - jb.targetDelay;
    for (; seq * 0.02 < 3.9; seq++) jb.onPacket(seq * 0.02, seq * 0.02 + (seq * 0.02 < 1 ? 0.03 : 0.05), seq);
    expect(base()).toBeCloseTo(0.03, 12);
    for (; seq * 0.02 < 4.1; seq++) jb.onPacket(seq * 0.02, seq * 0.02 + 0.05, seq);
    expect(base()).toBeCloseTo(0.05, 12);
  });
});
