import type { QueueSpec } from '../net/index.js';
import { Mbps, ms } from './units.js';

/** Home broadband access technologies of the catalog. */
export type AccessProfileName = 'cable' | 'dsl' | 'fiber' | 'fixed-wireless';

/**
 * A home broadband access profile: what one subscriber's line looks like at the busy hour.
 * Rates are bits/s, times seconds. Buffers are given in time at the line rate (how long a full
 * buffer takes to drain), which is how bufferbloat is reported; {@link bufferBytes} converts.
 */
export interface AccessProfile {
  name: AccessProfileName;
  /** ISP → home. */
  down: number;
  /** Home → ISP. */
  up: number;
  /** Idle round trip from the home to the ISP's test server (split evenly over both directions). */
  idleRtt: number;
  /** Upstream buffer (home modem/CPE), seconds at `up`. */
  upBuffer: number;
  /** Downstream buffer (CMTS/DSLAM/OLT side), seconds at `down`. */
  downBuffer: number;
  /** Active queue management on the access link by default (an AQM drops early instead of bloating). */
  aqm: boolean;
  /** Peak-hour background load on the shared segment, fraction of its rate. Settable per scenario. */
  peakLoad: number;
}

/**
 * Without AQM, modem buffers of 100–500 ms under upload load are widely reported (bufferbloat;
 * secondary sources, see shared/reference/azure-remote-work.md). ASSUMPTION: 250 ms upstream,
 * between the geometric (224 ms) and arithmetic (300 ms) middle of that range; 100 ms downstream,
 * its low end (ISP-side equipment is shared by many lines and buffers less per line).
 */
const BLOATED_UP = 250 * ms;
const BLOATED_DOWN = 100 * ms;

/**
 * ASSUMPTION, settable per scenario: peak-hour load on the shared segment. Shared media (a DOCSIS
 * node, a cell sector) carry more neighbours' traffic than a DSL or PON aggregation uplink.
 */
const SHARED_MEDIUM_PEAK = 0.5;
const AGGREGATED_PEAK = 0.3;

export const ACCESS_PROFILES: Readonly<Record<AccessProfileName, AccessProfile>> = Object.freeze({
  cable: Object.freeze({
    name: 'cable',
    // Ookla Speedtest Intelligence Q3 2022, median download of the three largest US cable ISPs:
    // 191.65–211.66 Mbps (fierce-network.com, "Charter claims top spot in Ookla's Q3 ISP ranking").
    down: 200 * Mbps,
    // Typical cable uploads 11–19 Mbps (Ookla Q2 2022, reference): the middle.
    up: 15 * Mbps,
    // FCC Measuring Broadband America, 13th report (2022 data): cable idle latency 12–24 ms; the middle.
    idleRtt: 18 * ms,
    upBuffer: BLOATED_UP,
    downBuffer: BLOATED_DOWN,
    // DOCSIS 3.1 requires AQM (DOCSIS-PIE, RFC 8034), but most deployed modems predate it or leave
    // it off: AQM is an option, off by default so that the bufferbloat case is the default.
    aqm: false,
    peakLoad: SHARED_MEDIUM_PEAK,
  }),
  dsl: Object.freeze({
    name: 'dsl',
    // Ookla Q3 2022: CenturyLink (mostly DSL) median download 41.31 Mbps (fierce-network.com, as above).
    down: 40 * Mbps,
    // Cable and DSL downloads are 5–10x their uploads (Ookla, quoted by fierce-network.com): 40 / 8.
    up: 5 * Mbps,
    // FCC MBA 13th report: DSL idle latency 23–34 ms; the middle, rounded.
    idleRtt: 28 * ms,
    upBuffer: BLOATED_UP,
    downBuffer: BLOATED_DOWN,
    aqm: false,
    peakLoad: AGGREGATED_PEAK,
  }),
  fiber: Object.freeze({
    name: 'fiber',
    // Ookla Q3 2022: Verizon (almost all Fios fibre) median download 176.49 Mbps (fierce-network.com).
    down: 175 * Mbps,
    // Typical fibre upload about 112 Mbps (Ookla Q2 2022, reference).
    up: 112 * Mbps,
    // FCC MBA 13th report: fibre idle latency 7–14 ms; the middle, rounded.
    idleRtt: 10 * ms,
    upBuffer: BLOATED_UP,
    downBuffer: BLOATED_DOWN,
    aqm: false,
    peakLoad: AGGREGATED_PEAK,
  }),
  'fixed-wireless': Object.freeze({
    name: 'fixed-wireless',
    // ASSUMPTION: fixed wireless access (LTE/5G home internet) rides the cellular network, so its
    // figures are Ookla's US cellular medians at the end of 2022: 78.9 Mbps down, 9.3 Mbps up,
    // 31 ms (Ookla Speedtest Global Index, quoted by potsandpansbyccg.com, "Final 2022 Statistics from Ookla").
    down: 80 * Mbps,
    up: 9 * Mbps,
    idleRtt: 31 * ms,
    upBuffer: BLOATED_UP,
    downBuffer: BLOATED_DOWN,
    aqm: false,
    peakLoad: SHARED_MEDIUM_PEAK,
  }),
} as const);

export function accessProfileNames(): AccessProfileName[] {
  return Object.keys(ACCESS_PROFILES) as AccessProfileName[];
}

export function accessProfile(name: string): AccessProfile {
  const p = (ACCESS_PROFILES as Record<string, AccessProfile>)[name];
  if (!p) throw new Error(`unknown access profile '${name}' (known: ${accessProfileNames().join(', ')})`);
  return p;
}

/** A buffer of `seconds` at `rate` bits/s, in bytes (at least one 1500-byte packet). */
export function bufferBytes(rate: number, seconds: number): number {
  return Math.max(1500, Math.round((rate * seconds) / 8));
}

/**
 * The queue of one access direction: drop-tail FIFO over the profile's buffer, or with `aqm`
 * CoDel (RFC 8289, net/queue/codel.ts) over the same buffer. DOCSIS 3.1 specifies PIE (RFC 8034)
 * for cable modems; CoDel stands in for it here: both keep the standing queue near a target delay
 * of a few milliseconds (PIE 10-15 ms, CoDel 5 ms), and CoDel needs no random numbers.
 */
export function accessQueue(rate: number, buffer: number, aqm: boolean): QueueSpec {
  return { discipline: aqm ? 'codel' : 'fifo', limit: { bytes: bufferBytes(rate, buffer) } };
}
