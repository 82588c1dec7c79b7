import { CongestionControl } from './congestion.js';

/** RFC 9438's constants: the cubic's scale (segments per second cubed) and the decrease factor. */
export const CUBIC_C = 0.4;
export const CUBIC_BETA = 0.7;
/** The Reno-friendly region's additive increase before W_est reaches cwnd_prior: AIMD(α, β) ~ Reno. */
export const CUBIC_ALPHA = (3 * (1 - CUBIC_BETA)) / (1 + CUBIC_BETA);

/**
 * CUBIC (RFC 9438), in segments. After a congestion event the window follows
 * W_cubic(t) = C (t − K)³ + W_max, with t the time since congestion avoidance began and
 * K = ∛((W_max − cwnd_epoch) / C); on each ACK cwnd moves towards target = W_cubic(t + SRTT), clamped
 * to [cwnd, 1.5 cwnd], by (target − cwnd) / cwnd per acknowledged segment. Beside it runs W_est,
 * the window Reno would have (W_est += α · acked / cwnd, α = 3(1 − β)/(1 + β) until W_est reaches
 * cwnd_prior, then 1): where W_cubic(t) < W_est, cwnd follows W_est (the Reno-friendly region).
 * A loss sets ssthresh = max(β · cwnd, 2) with β = 0.7, and W_max = cwnd, or cwnd · (1 + β) / 2
 * when cwnd is below the previous W_max (fast convergence). After a timeout, or when HyStart++
 * ends slow start without a loss, the next epoch starts with K = 0 and W_max = cwnd.
 */
export class Cubic extends CongestionControl {
  /** W_max in segments; -1: undefined (no loss yet, or reset by a timeout). */
  wMax = -1;
  /** K in seconds, and the start of the current epoch (-1: none yet). */
  k = 0;
  epochStart = -1;
  /** cwnd when ssthresh was last set (RFC 9438 cwnd_prior); -1 before the first. */
  cwndPrior = -1;
  /** The Reno-friendly estimate. */
  wEst = 0;
  fastConvergence = true;

  protected avoid(acked: number, now: number, srtt: number): void {
    const cwnd = this.cwnd;
    if (this.epochStart < 0) {
      this.epochStart = now;
      this.wEst = cwnd;
      if (this.wMax < cwnd) {
        this.wMax = cwnd;
        this.k = 0;
      } else {
        this.k = Math.cbrt((this.wMax - cwnd) / CUBIC_C);
      }
    }
    const t = now - this.epochStart;
    this.wEst += ((this.wEst >= this.cwndPrior ? 1 : CUBIC_ALPHA) * acked) / cwnd;
    const d = t - this.k;
    if (CUBIC_C * d * d * d + this.wMax < this.wEst) {
      if (this.wEst > cwnd) this.cwnd = this.wEst;
      return;
    }
    const ahead = t + (srtt === srtt ? srtt : 0) - this.k;
    let target = CUBIC_C * ahead * ahead * ahead + this.wMax;
    if (target < cwnd) target = cwnd;
    else if (target > 1.5 * cwnd) target = 1.5 * cwnd;
    this.cwnd = cwnd + ((target - cwnd) / cwnd) * acked;
  }

  protected reduce(): number {
    const cwnd = this.cwnd;
    this.cwndPrior = cwnd;
    this.wMax = this.fastConvergence && cwnd < this.wMax ? (cwnd * (1 + CUBIC_BETA)) / 2 : cwnd;
    this.epochStart = -1;
    return Math.max(cwnd * CUBIC_BETA, 2);
  }

  protected restart(): void {
    this.wMax = -1;
    this.epochStart = -1;
  }

  protected leftSlowStart(): void {
    this.cwndPrior = this.cwnd;
    this.wMax = -1;
    this.epochStart = -1;
  }
}
