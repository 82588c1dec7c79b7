import type { ClassTable } from '../classes.js';
import { CodelQueue, CODEL_DEFAULTS } from './codel.js';
import { DrrQueue } from './drr.js';
import { FifoQueue } from './fifo.js';
import { PriorityQueue } from './priority.js';
import type { PacketQueue, QueueLimit } from './queue.js';

export type { PacketQueue, QueueLimit } from './queue.js';
export { FifoQueue, PriorityQueue, DrrQueue, CodelQueue, CODEL_DEFAULTS };

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

/** The queue factory: the discipline is chosen once, when the channel is built. */
export function createQueue(spec: QueueSpec, classes: ClassTable): PacketQueue {
  switch (spec.discipline) {
    case 'fifo':
      return new FifoQueue(spec.limit);
    case 'priority':
      return new PriorityQueue(spec.limit, classes.maxPriority);
    case 'drr':
      return new DrrQueue(
        spec.limit,
        classes.list.map((c) => c.weight),
        spec.quantum,
      );
    case 'codel':
      return new CodelQueue(spec.limit, spec.target, spec.interval);
  }
}
