import { clip } from './clip.js';
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

/**
 * One line for one problem: `file:line: path: message`, with what it quotes of the input cut to
 * about 80 characters (clip.ts): a 1 MB id must not make a 1 MB line, in the CLI or a library's log.
 * The problem itself keeps its whole message.
 */
export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return clip(p.path === '' ? `${where}: ${p.message}` : `${where}: ${p.path}: ${p.message}`);
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
  /**
   * "Did you mean" per unknown name, computed once: a kind's mistake repeats once per generated
   * user (10,000 users naming one unknown node asked for the same suggestion 10,000 times, each
   * against every node id: quadratic validation, issue 14).
   */
  private readonly suggestions = new Map<string, string | undefined>();

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

  /**
   * `unknown node "x"; did you mean "y"?` (the suggestion when a known id is one typo away). `known`
   * is read only for the first problem about `id` (pass the ids the author wrote, not thousands of
   * generated ones).
   */
  unknownNode(at: KeyPath, id: string, known: () => Iterable<string>): void {
    this.unknown('node', at, id, known);
  }

  unknownLink(at: KeyPath, id: string, known: () => Iterable<string>): void {
    this.unknown('link', at, id, known);
  }

  /** `unknown class "x" (classes: realtime, interactive, business, bulk)`. */
  unknownClass(at: KeyPath, name: string, classes: Iterable<string>): void {
    this.add(at, `unknown class ${quote(name)} (classes: ${[...classes].join(', ')})`);
  }

  private unknown(what: string, at: KeyPath, id: string, known: () => Iterable<string>): void {
    const key = `${what}\u0000${id}`;
    let near = this.suggestions.get(key);
    if (!this.suggestions.has(key)) {
      near = this.suggestions.size < MAX_SUGGESTED ? closest(id, known()) : undefined;
      this.suggestions.set(key, near);
    }
    this.add(at, `unknown ${what} ${quote(id)}${near ? `; did you mean ${quote(near)}?` : ''}`);
  }
}

/** Distinct unknown names that get a suggestion; past these, a file full of unknown names costs no more per name. */
const MAX_SUGGESTED = 100;
