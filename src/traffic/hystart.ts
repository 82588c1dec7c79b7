/**
 * HyStart++ (RFC 9406): leaves slow start when the round trip grows, before the first loss.
 *
 * Each round (a window of data: it ends when an ACK covers what was sent when it began) keeps the
 * minimum of its first RTT samples. When, with at least {@link N_RTT_SAMPLE} samples, a round's
 * minimum exceeds the previous round's by RttThresh = clamp(lastMin / 8, 4 ms, 16 ms), slow start
 * gives way to Conservative Slow Start (CSS): growth divided by 4, for at most {@link CSS_ROUNDS}
 * rounds; if the RTT falls back below the CSS baseline, slow start resumes; after the last CSS round
 * the sender enters congestion avoidance with ssthresh = cwnd. A loss ends HyStart++ (the sender's
 * congestion response takes over). Used for the first slow start only, as the RFC recommends: a
 * slow start after a timeout is the standard one.
 *
 * Counted in segments; the sender is not paced, so the per-ACK growth limit L is 8 segments.
 */
export const MIN_RTT_THRESH = 0.004;
export const MAX_RTT_THRESH = 0.016;
export const MIN_RTT_DIVISOR = 8;
export const N_RTT_SAMPLE = 8;
export const CSS_GROWTH_DIVISOR = 4;
export const CSS_ROUNDS = 5;
/** Per-ACK growth limit in segments for a sender that does not pace (RFC 9406 section 4.3). */
export const L = 8;

export class HyStartPlusPlus {
  /** True once slow start has been left for good (by CSS or by a loss): nothing more to do. */
  done = false;
  /** In Conservative Slow Start. */
  css = false;
  /** CSS rounds begun so far; for tests. */
  cssRounds = 0;
  private lastRoundMinRtt = Infinity;
  private currentRoundMinRtt = Infinity;
  private samples = 0;
  /**
   * One past the highest segment sent when the round began (SND.NXT): the round ends with the first
   * ACK beyond it, which covers data sent in the next round (as Linux's `after(snd_una, end_seq)`);
   * -1 before the first ACK.
   */
  private windowEnd = -1;
  private cssBaselineMinRtt = Infinity;

  /**
   * One ACK of new data during slow start: `una` is the new cumulative ACK, `sent` one past the
   * highest segment sent, `rtt` the sample this ACK gave (NaN if none). Returns the factor to
   * multiply slow start's growth by (1, or 1/4 in CSS), or 0 when slow start ends here (the caller
   * sets ssthresh = cwnd).
   */
  onAck(una: number, sent: number, rtt: number): number {
    if (una > this.windowEnd) {
      // A new round begins.
      this.windowEnd = sent;
      this.lastRoundMinRtt = this.currentRoundMinRtt;
      this.currentRoundMinRtt = Infinity;
      this.samples = 0;
      if (this.css && ++this.cssRounds > CSS_ROUNDS) {
        this.done = true;
        return 0;
      }
    }
    if (rtt === rtt) {
      if (rtt < this.currentRoundMinRtt) this.currentRoundMinRtt = rtt;
      this.samples++;
    }
    if (this.samples >= N_RTT_SAMPLE) {
      if (this.css) {
        if (this.currentRoundMinRtt < this.cssBaselineMinRtt) {
          // The delay increase was spurious: back to slow start.
          this.css = false;
          this.cssBaselineMinRtt = Infinity;
        }
      } else if (this.lastRoundMinRtt !== Infinity && this.currentRoundMinRtt !== Infinity) {
        const thresh = Math.max(MIN_RTT_THRESH, Math.min(this.lastRoundMinRtt / MIN_RTT_DIVISOR, MAX_RTT_THRESH));
        if (this.currentRoundMinRtt >= this.lastRoundMinRtt + thresh) {
          this.css = true;
          this.cssRounds = 1;
          this.cssBaselineMinRtt = this.currentRoundMinRtt;
        }
      }
    }
    return this.css ? 1 / CSS_GROWTH_DIVISOR : 1;
  }
}
