import type { ClassTable } from '../classes.js';
import { DrrQueue } from './drr.js';
import { FifoQueue } from './fifo.js';
import { PriorityQueue } from './priority.js';
import type { PacketQueue, QueueLimit } from './queue.js';

export type { PacketQueue, QueueLimit } from './queue.js';
export { FifoQueue, PriorityQueue, DrrQueue };

export type Discipline = 'fifo' | 'priority' | 'drr';

export interface QueueSpec {
  discipline: Discipline;
  limit: QueueLimit;
  /** DRR: bytes of credit per turn for the lightest class (default 1500). */
  quantum?: number;
}

/** The queue factory: the discipline is chosen once, when the channel is built. */
export function createQueue(spec: QueueSpec, classes: ClassTable): PacketQueue {
  switch (spec.discipline) {
    case 'fifo':
      return new FifoQueue(spec.limit);
    case 'priority':
      return new PriorityQueue(spec.limit, classes.maxPriority);
    case 'drr':
      return new DrrQueue(spec.limit, classes.list.map((c) => c.weight), spec.quantum);
  }
}
