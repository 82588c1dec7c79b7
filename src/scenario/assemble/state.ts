import type { z } from 'zod';
import type { classesSchema } from '../../spec/classes.js';
import { mergeClasses } from '../../spec/classes.js';
import { elementId, type KeyPath } from '../../spec/key-path.js';
import type { ClassDef, DeclaredDef, FlowDef, LinkDef, NodeDef } from '../../spec/model.js';
import { Problems, type RawProblem } from '../../spec/problems.js';
import type { RegistryBase } from '../registry-base.js';
import type { Section } from '../salvage.js';

/** What could be read of a document: its scalar keys and its sections (lists), each element validated on its own. */
export interface Parts {
  scalars: Record<string, unknown>;
  sections: Record<string, Section<unknown>>;
}

/** An element and the key path of the file it came from (a node's path for what a kind added). */
export interface Located<T> {
  def: T;
  path: KeyPath;
}

/**
 * The state the assembly stages share: the document and what validated of it, the one problem
 * collector, the timing, the classes, and the nodes, links and flows found so far with the path
 * each came from. Stages read and add to it in order (assemble/index.ts).
 */
export class Assembly {
  readonly problems = new Problems();
  /** What is valid but has no effect (a key another key makes unused): told, the file stays valid. */
  readonly warnings: RawProblem[] = [];
  readonly seed: number;
  readonly warmup: number;
  /** Undefined when the document has no valid duration (checks that need the window stay quiet). */
  readonly duration: number | undefined;
  readonly drain: number;
  /** End of the measured window (warmup + duration), when known. */
  readonly end: number | undefined;
  readonly classes: ClassDef[];
  readonly declared: DeclaredDef[] = [];
  readonly nodes: NodeDef[] = [];
  readonly nodeAt = new Map<string, KeyPath>();
  readonly links: Located<LinkDef>[] = [];
  readonly linkAt = new Map<string, KeyPath>();
  readonly flows: Located<FlowDef>[] = [];
  /** Planned flow ids (`~back` flows included) and where each was declared. */
  readonly flowAt = new Map<string, KeyPath>();
  /** Nodes that carry no traffic, with the hint of what to link instead. */
  readonly detached = new Map<string, string>();
  private readonly classNames: Set<string>;
  private readonly rawClassNames: Set<string>;
  private readonly rawNodeIds: Set<string>;
  private readonly rawLinkIds: Set<string>;
  /** Ids a node its kind refused would have created from keys it was read without (its servers, its regions). */
  private readonly namesOfRefused = new Set<string>();

  constructor(
    readonly raw: Record<string, unknown>,
    readonly parts: Parts,
    readonly registry: RegistryBase,
  ) {
    const s = parts.scalars;
    this.seed = (s.seed as number | undefined) ?? 1;
    this.warmup = (s.warmup as number | undefined) ?? 0;
    this.duration = s.duration as number | undefined;
    this.drain = (s.drain as number | undefined) ?? 10;
    this.end = this.duration === undefined ? undefined : this.warmup + this.duration;
    this.classes = mergeClasses(s.classes as z.output<typeof classesSchema> | undefined);
    this.classNames = new Set(this.classes.map((c) => c.name));
    this.rawClassNames = new Set(raw.classes && typeof raw.classes === 'object' ? Object.keys(raw.classes) : []);
    this.rawNodeIds = rawIds(raw, 'nodes');
    this.rawLinkIds = rawIds(raw, 'links');
  }

  section(key: string): Section<unknown> {
    return this.parts.sections[key] ?? { items: [], complete: true };
  }

  /** A class the file names, valid or not (an invalid class is reported where it is, not at every use). */
  classKnown(name: string): boolean {
    return this.classNames.has(name) || this.rawClassNames.has(name);
  }

  classList(): string[] {
    return [...this.classNames];
  }

  /**
   * A node after expansion, or one the file writes (valid or not: an invalid node is not also
   * "unknown"), or one a refused node would have created (not "unknown" either).
   */
  nodeKnown(id: string): boolean {
    return this.nodeAt.has(id) || this.rawNodeIds.has(id) || this.namesOfRefused.has(id);
  }

  /**
   * Notes the ids a refused node would have created from `keys` (its kind's `createsNodes`, a
   * site's servers): a name, or the names in a list. Only those: its kind, its place and its other
   * references are no node it creates.
   */
  refusedNames(raw: Record<string, unknown>, keys: Iterable<string>): void {
    for (const key of keys) {
      const v = Object.hasOwn(raw, key) ? raw[key] : undefined;
      if (typeof v === 'string') this.namesOfRefused.add(v);
      else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') this.namesOfRefused.add(x);
    }
  }

  linkKnown(id: string): boolean {
    return this.linkAt.has(id) || this.rawLinkIds.has(id);
  }

  /** Suggestions come from the ids the file writes, not from the thousands a kind may generate. */
  unknownNode(at: KeyPath, id: string): void {
    this.problems.unknownNode(at, id, () => this.rawNodeIds);
  }

  unknownLink(at: KeyPath, id: string): void {
    this.problems.unknownLink(at, id, () => this.rawLinkIds);
  }

  unknownClass(at: KeyPath, name: string): void {
    this.problems.unknownClass(at, name, this.classList());
  }
}

/** Ids as written in the raw document (valid or not), so a reference to an invalid element is not also "unknown". */
function rawIds(raw: Record<string, unknown>, key: string): Set<string> {
  const out = new Set<string>();
  const list = raw[key];
  if (Array.isArray(list)) {
    for (const item of list) {
      const id = elementId(item, [key]);
      if (id !== undefined) out.add(id);
    }
  }
  return out;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Elements of a raw list that failed validation (maps only), for the checks that only need their ids. */
export function loose(
  raw: Record<string, unknown>,
  key: string,
  section: Section<unknown>,
): { path: KeyPath; o: Record<string, unknown> }[] {
  const list = raw[key];
  if (!Array.isArray(list) || section.complete) return [];
  const valid = new Set(section.items.map((i) => i.key));
  const out: { path: KeyPath; o: Record<string, unknown> }[] = [];
  list.forEach((o, i) => {
    if (!valid.has(i) && o && typeof o === 'object' && !Array.isArray(o))
      out.push({ path: [key, i], o: o as Record<string, unknown> });
  });
  return out;
}

/** File order: what node kinds added (under `nodes`) first, then the section's own elements by index. */
export function byPath(a: { path: KeyPath }, b: { path: KeyPath }): number {
  const rank = (p: KeyPath) => (p[0] === 'nodes' ? 0 : 1);
  return rank(a.path) - rank(b.path) || Number(a.path[1]) - Number(b.path[1]);
}
