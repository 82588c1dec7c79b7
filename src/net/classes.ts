/** What the network needs to know about a QoS class: its queue band, DRR weight and marking. */
export interface ClassInfo {
  readonly index: number;
  readonly name: string;
  /** Strict-priority band: 0 is served first. */
  readonly priority: number;
  /** Share under deficit round robin. */
  readonly weight: number;
  /** DSCP code point, 0..63. */
  readonly dscp: number;
}

export interface ClassSpec {
  name: string;
  priority: number;
  weight: number;
  dscp: number;
}

/** The scenario's classes, indexed densely so queues can use arrays. */
export class ClassTable {
  readonly list: readonly ClassInfo[];
  private readonly byName = new Map<string, ClassInfo>();

  constructor(specs: readonly ClassSpec[]) {
    if (specs.length === 0) throw new Error('a network needs at least one class');
    this.list = specs.map((s, index) => Object.freeze({ index, ...s }));
    for (const c of this.list) {
      if (this.byName.has(c.name)) throw new Error(`duplicate class '${c.name}'`);
      this.byName.set(c.name, c);
    }
  }

  get(name: string): ClassInfo {
    const c = this.byName.get(name);
    if (!c) throw new Error(`unknown class '${name}'`);
    return c;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get maxPriority(): number {
    return Math.max(...this.list.map((c) => c.priority));
  }
}
