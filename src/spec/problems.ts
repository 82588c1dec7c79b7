/** A key path inside a scenario document: `['links', 3, 'rate']`. */
export type KeyPath = readonly (string | number)[];

/** One thing wrong with a scenario: where (file, key path, line when known) and what. */
export interface Problem {
  file: string;
  /** The offending key, as `links[3].rate`; empty for the document as a whole. */
  path: string;
  message: string;
  /** 1-based line in the file, when the key (or its nearest parent) was located. */
  line?: number;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['links', 3, 'rate']` -> `links[3].rate`; keys that are not identifiers are quoted: `classes["a b"]`. */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
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
