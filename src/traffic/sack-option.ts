/** At most this many SACK blocks per ACK: what fits in the TCP option space beside timestamps (RFC 2018). */
export const MAX_SACK_BLOCKS = 3;
/** Record layout: id, block count, then (start, end) per block. */
const STRIDE = 2 + 2 * MAX_SACK_BLOCKS;
/** The ring stops growing here; past it a late ACK may find its record gone (its blocks are then ignored). */
const MAX_RECORDS = 1 << 16;

/**
 * The SACK options of ACKs in flight. A packet has no room for blocks, so an ACK carries the id of
 * its record in this ring (in `seq`), which the receiver writes and the sender reads when the ACK
 * arrives: the blocks travel by reference, as they were when the ACK left. Records are numbered
 * from 1 (0: no option). A record is overwritten only once the sender has read it or a later one
 * (`consumed`); while ACKs are outstanding the ring grows instead, by doubling. No allocation per
 * ACK.
 */
export class SackOptions {
  /** Highest record id the sender has read: records up to it may be reused. */
  consumed = 0;
  private data: Float64Array;
  private mask: number;
  private nextId = 1;

  constructor(capacity = 32) {
    let cap = 8;
    while (cap < capacity) cap *= 2;
    this.data = new Float64Array(cap * STRIDE);
    this.mask = cap - 1;
  }

  /** Stores `count` blocks from `blocks` (start, end pairs); returns the record id. */
  write(blocks: Float64Array, count: number): number {
    const id = this.nextId++;
    let at = (id & this.mask) * STRIDE;
    if (this.data[at] > this.consumed && this.mask + 1 < MAX_RECORDS) {
      this.grow();
      at = (id & this.mask) * STRIDE;
    }
    const data = this.data;
    data[at] = id;
    data[at + 1] = count;
    for (let i = 0; i < 2 * count; i++) data[at + 2 + i] = blocks[i];
    return id;
  }

  /** Offset of record `id` in {@link data}, or -1 if it was overwritten; marks it read. */
  read(id: number): number {
    const at = (id & this.mask) * STRIDE;
    if (id > this.consumed) this.consumed = id;
    return this.data[at] === id ? at : -1;
  }

  /** Number of blocks of the record at `at`, and block i's start and end. */
  count(at: number): number {
    return this.data[at + 1];
  }

  start(at: number, i: number): number {
    return this.data[at + 2 + 2 * i];
  }

  end(at: number, i: number): number {
    return this.data[at + 3 + 2 * i];
  }

  private grow(): void {
    const old = this.data;
    const cap = (this.mask + 1) * 2;
    this.data = new Float64Array(cap * STRIDE);
    this.mask = cap - 1;
    for (let at = 0; at < old.length; at += STRIDE) {
      const id = old[at];
      if (id > this.consumed) this.data.set(old.subarray(at, at + STRIDE), (id & this.mask) * STRIDE);
    }
  }
}
