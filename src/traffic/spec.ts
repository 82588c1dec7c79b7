import type { ElasticParams } from './elastic.js';
import type { DistributionSpec } from '../engine/distributions.js';
import type { DelayedAck } from './elastic-receiver.js';

/** A quantity that is fixed or drawn from a distribution, in base units (bytes, seconds). */
export type Quantity = number | DistributionSpec;

/**
 * Traffic models in base units (seconds, bytes, bits per second, packets per second), as the
 * scenario layer hands them over after parsing units. One variant per `traffic.model` of the
 * contract. Optional fields take the defaults exported next to each source (VIDEO_DEFAULTS, ...).
 */
export type TrafficSpec =
  | { model: 'cbr'; interval: number; size: Quantity }
  | { model: 'poisson'; rate: number; size: Quantity }
  | { model: 'onoff'; on: Quantity; off: Quantity; interval: number; size: Quantity }
  | {
      model: 'video';
      /** Mean bit rate. */
      rate: number;
      fps?: number;
      keyframeInterval?: number;
      keyframeRatio?: number;
      variability?: number;
      mtu?: number;
    }
  | {
      model: 'request-response';
      request: Quantity;
      response: Quantity;
      think: Quantity;
      mtu?: number;
      timeout?: number;
    }
  | {
      model: 'elastic';
      /** Bytes to transfer; absent or Infinity: until `stop`. */
      bytes?: number;
      mss?: number;
      ackSize?: number;
      receiveWindow?: number;
      initialWindow?: number;
      initialRto?: number;
      minRto?: number;
      maxRto?: number;
      /** Send-time jitter in mean ACK intervals; 0: exact ACK clocking. */
      jitter?: number;
      /** Default `cubic`. */
      congestionControl?: 'cubic' | 'newreno';
      /** SACK with RFC 6675 recovery; default true. */
      sack?: boolean;
      /** HyStart++ in the first slow start; default: true with CUBIC, false with NewReno. */
      hystart?: boolean;
      /** Delayed ACKs (segments per ACK, longest wait in seconds); default false: every segment. */
      delayedAck?: { count: number; timeout: number } | false;
    };

export type TrafficModel = TrafficSpec['model'];

/** Models whose packets go both ways on their own (they need `SourceContext.reverse`). */
export const TWO_WAY_MODELS: ReadonlySet<TrafficModel> = new Set<TrafficModel>(['request-response', 'elastic']);

/**
 * `delayedAck: true` in a scenario: every second segment, or 200 ms (Windows' and ns-3's defaults).
 * Here rather than beside the elastic source (which re-exports it) so that the scenario schema can use
 * it without loading the TCP machinery (docs/architecture.md, "Fast start").
 */
export const DELAYED_ACK_DEFAULTS: DelayedAck = { count: 2, timeout: 0.2 };

/**
 * A request-response flow's defaults. Here rather than beside its source (which re-exports them) so that
 * the run estimate uses them without loading the source (bench/RESULTS.md, "Fast start, round two").
 */
export const REQUEST_RESPONSE_DEFAULTS = { mtu: 1500, timeout: 10 } as const;

/**
 * An elastic flow's defaults. Here rather than beside the elastic source (which re-exports them) so that
 * the scenario schema and the run estimate use them without loading the TCP machinery ("Fast start").
 */
export const ELASTIC_DEFAULTS = {
  bytes: Infinity,
  mss: 1500,
  ackSize: 40,
  receiveWindow: 4 * 1024 * 1024,
  initialWindow: 10,
  initialRto: 1,
  minRto: 0.2,
  maxRto: 60,
  jitter: 1,
  congestionControl: 'cubic',
  sack: true,
  delayedAck: false,
} as const satisfies Omit<ElasticParams, 'hystart'>;
