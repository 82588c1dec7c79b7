import type { ClassTable } from '../classes.js';
import { CodelQueue, CODEL_DEFAULTS } from './codel.js';
import { DrrQueue } from './drr.js';
import { FifoQueue } from './fifo.js';
import { PriorityQueue } from './priority.js';
import type { PacketQueue } from './queue.js';
import type { QueueSpec } from './spec.js';

export type { PacketQueue, QueueLimit } from './queue.js';
export { FifoQueue, PriorityQueue, DrrQueue, CodelQueue, CODEL_DEFAULTS };
export { DEFAULT_QUEUE, type Discipline, type QueueSpec } from './spec.js';

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
