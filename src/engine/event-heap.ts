import type { QueuedEvent } from './event-queue.js';

/**
 * A binary min-heap of events on (time, seq) with the comparison written out in place. It replaces
 * `fastpriorityqueue` at the bottom of the ladder queue: that library calls its comparator function
 * for every comparison (measured: the comparator alone was 2% of the dumbbell's time, and the heap
 * operations about 7%). Keys are unique (seq), so any correct heap pops the same order.
 */
export class EventHeap<T extends QueuedEvent> {
  size = 0;
  private items: (T | undefined)[] = new Array<T | undefined>(64).fill(undefined);

  peek(): T | undefined {
    return this.size > 0 ? this.items[0] : undefined;
  }

  add(ev: T): void {
    const items = this.items;
    let i = this.size++;
    if (i === items.length) items.push(undefined);
    const t = ev.time;
    const s = ev.seq;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const up = items[p] as T;
      if (up.time < t || (up.time === t && up.seq < s)) break;
      items[i] = up;
      i = p;
    }
    items[i] = ev;
  }

  poll(): T | undefined {
    if (this.size === 0) return undefined;
    const items = this.items;
    const top = items[0];
    const last = --this.size;
    const ev = items[last] as T;
    items[last] = undefined;
    if (last > 0) this.down(ev, last);
    return top;
  }

  /** Removes the top and adds `ev` in one sift-down. */
  replaceTop(ev: T): void {
    this.down(ev, this.size);
  }

  /** Places `ev` from the root down, in a heap of `n` items. */
  private down(ev: T, n: number): void {
    const items = this.items;
    const t = ev.time;
    const s = ev.seq;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let child = items[c] as T;
      const r = c + 1;
      if (r < n) {
        const right = items[r] as T;
        if (right.time < child.time || (right.time === child.time && right.seq < child.seq)) {
          c = r;
          child = right;
        }
      }
      if (t < child.time || (t === child.time && s < child.seq)) break;
      items[i] = child;
      i = c;
    }
    items[i] = ev;
  }
}
