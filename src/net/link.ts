import type { Channel } from './channel.js';

/** The id of a link that is given none: `<from>-<to>` (SCENARIO-FORMAT.md, Links). */
export function linkId(from: string, to: string): string {
  return `${from}-${to}`;
}

/** A full-duplex link: two independent directed channels, each with its own queue. */
export class Link {
  constructor(
    readonly id: string,
    readonly from: string,
    readonly to: string,
    /** from → to */
    readonly forward: Channel,
    /** to → from */
    readonly reverse: Channel,
  ) {}

  get up(): boolean {
    return this.forward.up && this.reverse.up;
  }
}
