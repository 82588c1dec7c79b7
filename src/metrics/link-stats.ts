import type { ChannelCounters } from '../net/index.js';
import { round } from './stats.js';

/** The contract's LinkStats for one direction (background traffic included). */
export interface LinkStats {
  utilization: number;
  packets: number;
  bytes: number;
  drops: number;
  meanQueuePackets: number;
  maxQueuePackets: number;
}

export function linkStats(c: ChannelCounters): LinkStats {
  const w = c.window;
  return {
    utilization: w > 0 ? round(c.busyTime / w) : 0,
    packets: c.packets,
    bytes: c.bytes,
    drops: c.drops,
    meanQueuePackets: w > 0 ? round(c.queueArea / w) : 0,
    maxQueuePackets: c.maxQueue,
  };
}
