// What a queue is, without the queues: the catalog and the scenario schema read the default, and
// `netsim validate` loads them but none of the queue classes (test/cli-startup.test.ts).
import type { QueueLimit } from './queue.js';

export type Discipline = 'fifo' | 'priority' | 'drr' | 'codel';

export interface QueueSpec {
  discipline: Discipline;
  limit: QueueLimit;
  /** DRR: bytes of credit per turn for the lightest class (default 1500). */
  quantum?: number;
  /** CoDel: target sojourn time and interval, seconds (default 5 ms and 100 ms, RFC 8289). */
  target?: number;
  interval?: number;
}

/** The egress queue of a link direction unless a scenario or component says otherwise (SCENARIO-FORMAT.md, Links). */
export const DEFAULT_QUEUE: Readonly<QueueSpec> = Object.freeze({
  discipline: 'fifo',
  limit: Object.freeze({ packets: 1000 }),
});
