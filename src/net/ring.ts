/**
 * A growable FIFO ring buffer. `Array.prototype.shift` is O(n) on large arrays; this is O(1)
 * and reuses its storage, so steady-state queues allocate nothing.
 */
export class Ring<T> {
  private items: (T | undefined)[];
  private head = 0;
  private mask: number;
  length = 0;

  constructor(capacity = 16) {
    let cap = 4;
    while (cap < capacity) cap *= 2;
    this.items = new Array(cap).fill(undefined);
    this.mask = cap - 1;
  }

  push(item: T): void {
    if (this.length === this.items.length) this.grow();
    this.items[(this.head + this.length) & this.mask] = item;
    this.length++;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return item;
  }

  peek(): T | undefined {
    return this.length === 0 ? undefined : this.items[this.head];
  }

  /** Removes every item, oldest first, handing each to `visit`. */
  drain(visit: (item: T) => void): void {
    while (this.length > 0) visit(this.shift() as T);
  }

  private grow(): void {
    const old = this.items;
    const cap = old.length * 2;
    const items = new Array<T | undefined>(cap).fill(undefined);
    for (let i = 0; i < this.length; i++) items[i] = old[(this.head + i) & this.mask];
    this.items = items;
    this.head = 0;
    this.mask = cap - 1;
  }
}
