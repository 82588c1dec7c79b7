import { CongestionControl } from './congestion.js';

/**
 * NewReno's window (RFC 5681): one segment per round trip in congestion avoidance (cwnd += acked /
 * cwnd per ACK), halved on a congestion event: ssthresh = max(flight / 2, 2).
 */
export class NewReno extends CongestionControl {
  protected avoid(acked: number): void {
    this.cwnd += acked / this.cwnd;
  }

  protected reduce(flight: number): number {
    return Math.max(flight / 2, 2);
  }

  protected restart(): void {}

  protected leftSlowStart(): void {}
}
