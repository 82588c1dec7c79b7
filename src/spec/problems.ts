import { closest } from './closest.js';
import { formatPath, type KeyPath } from './key-path.js';

export { closest };

/** A problem before it is placed in a file: a key path and a message. */
export interface RawProblem {
  path: KeyPath;
  message: string;
}

/** One thing wrong with a scenario: where (file, key path, line when known) and what. */
export interface Problem {
  file: string;
  /** The offending key, as `links[3].rate`; empty for the document as a whole. */
  path: string;
  message: string;
  /** 1-based line in the file, when the key (or its nearest parent) was located. */
  line?: number;
}

/** One line for one problem: `file:line: path: message`. */
export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return p.path === '' ? `${where}: ${p.message}` : `${where}: ${p.path}: ${p.message}`;
}

/**
 * An invalid scenario, with every problem found (not just the first). A user error: the CLI
 * prints {@link format} and exits with code 2, without a stack trace.
 */
export class ScenarioError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      problems.length === 1
        ? formatProblem(problems[0])
        : `${problems.length} problems in the scenario:\n${problems.map(formatProblem).join('\n')}`,
    );
    this.name = 'ScenarioError';
  }

  /** One line per problem. */
  format(): string {
    return this.problems.map(formatProblem).join('\n');
  }
}

const quote = (s: string): string => JSON.stringify(s);

/**
 * Collects the problems of one document, each at its key path, and words the ones that recur the
 * same way everywhere (a duplicate id, a reference to an unknown node or class).
 */
export class Problems {
  readonly list: RawProblem[] = [];

  get size(): number {
    return this.list.length;
  }

  add(path: KeyPath, message: string): void {
    this.list.push({ path, message });
  }

  /** `duplicate node id "x" (first at nodes[2])`, and what to do about it when there is a `hint`. */
  duplicate(what: string, id: string, at: KeyPath, first: KeyPath, hint = ''): void {
    this.add(at, `duplicate ${what} id ${quote(id)} (first at ${formatPath(first)})${hint ? `; ${hint}` : ''}`);
  }

  /** `unknown node "x"; did you mean "y"?` (the suggestion when a known id is one typo away). */
  unknownNode(at: KeyPath, id: string, known: Iterable<string>): void {
    this.unknown('node', at, id, known);
  }

  unknownLink(at: KeyPath, id: string, known: Iterable<string>): void {
    this.unknown('link', at, id, known);
  }

  /** `unknown class "x" (classes: realtime, interactive, business, bulk)`. */
  unknownClass(at: KeyPath, name: string, classes: Iterable<string>): void {
    this.add(at, `unknown class ${quote(name)} (classes: ${[...classes].join(', ')})`);
  }

  private unknown(what: string, at: KeyPath, id: string, known: Iterable<string>): void {
    const near = closest(id, [...known]);
    this.add(at, `unknown ${what} ${quote(id)}${near ? `; did you mean ${quote(near)}?` : ''}`);
  }
}
