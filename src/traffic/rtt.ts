/**
 * RFC 6298 round-trip estimation: SRTT and RTTVAR from samples (alpha 1/8, beta 1/4), RTO =
 * SRTT + 4 RTTVAR clamped to [minRto, maxRto], doubled on each expiry (back-off) until the next
 * sample recomputes it. The clock granularity G is 0 here (the simulator's clock is exact);
 * `minRto` is what keeps the RTO above SRTT on a path with no variation.
 */
export class RttEstimator {
  srtt = NaN;
  rttvar = NaN;
  rto: number;

  constructor(
    initialRto: number,
    readonly minRto: number,
    readonly maxRto: number,
  ) {
    if (!(minRto > 0 && maxRto >= minRto)) throw new RangeError('need 0 < minRto <= maxRto');
    this.rto = Math.min(maxRto, Math.max(minRto, initialRto));
  }

  sample(r: number): void {
    if (this.srtt !== this.srtt) {
      this.srtt = r;
      this.rttvar = r / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r);
      this.srtt = 0.875 * this.srtt + 0.125 * r;
    }
    this.rto = Math.min(this.maxRto, Math.max(this.minRto, this.srtt + 4 * this.rttvar));
  }

  backoff(): void {
    this.rto = Math.min(this.maxRto, this.rto * 2);
  }
}
