import { readFileSync, statSync } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { KeyPath } from '../spec/key-path.js';
import { ScenarioError, type Problem } from '../spec/problems.js';
import { LIMITS } from '../spec/limits.js';

/** A parsed scenario file: its data, and where each key path is in the text (for messages). */
export interface SourceDocument {
  readonly file: string;
  readonly data: unknown;
  /** The 1-based line of the key at `path`, or of its nearest ancestor present in the text. */
  locate(path: KeyPath): number | undefined;
}

/** Reads a scenario file; unreadable or oversized files are scenario errors (exit code 2), not crashes. */
export function readSource(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new ScenarioError([{ file, path: '', message: `cannot read the file: ${reason(e)}` }]);
  }
  if (size > LIMITS.fileBytes) {
    const [mb, limit] = [(size / 1e6).toFixed(1), LIMITS.fileBytes / 1e6];
    const message = `the file is ${mb} MB; scenario files are limited to ${limit} MB`;
    throw new ScenarioError([{ file, path: '', message }]);
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError([{ file, path: '', message: `cannot read the file: ${reason(e)}` }]);
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file';
  if (err.code === 'EISDIR') return 'it is a directory';
  if (err.code === 'EACCES') return 'permission denied';
  return err.message ?? String(e);
}

/**
 * Parses YAML (core schema: no custom tags, no code) or JSON (`.json` files, parsed strictly).
 * Syntax errors, duplicate keys, several documents in one file and custom tags are all problems,
 * reported together with their lines.
 */
export function parseSource(text: string, file: string): SourceDocument {
  if (text.length > LIMITS.fileBytes) {
    throw new ScenarioError([
      { file, path: '', message: `the text is longer than the limit of ${LIMITS.fileBytes / 1e6} MB` },
    ]);
  }
  const lines = new LineCounter();
  // maxAliasCount (default 100) stops "billion laughs" alias expansion.
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    schema: 'core',
    uniqueKeys: true,
    merge: false,
  });
  const problems: Problem[] = [];
  const at = (pos: number): number => lines.linePos(pos).line;
  for (const e of doc.errors)
    problems.push({ file, path: '', line: at(e.pos[0]), message: `syntax error: ${yamlMessage(e.code, e.message)}` });
  for (const w of doc.warnings) {
    const message = w.code === 'TAG_RESOLVE_FAILED' ? `custom tags are not allowed (${w.message})` : w.message;
    problems.push({ file, path: '', line: at(w.pos[0]), message });
  }
  let data: unknown;
  if (problems.length === 0) {
    if (/\.json$/i.test(file)) data = parseJson(text, file, at, problems);
    else {
      try {
        data = doc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        problems.push({ file, path: '', message: `cannot expand the YAML: ${(e as Error).message}` });
      }
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return { file, data, locate: (path) => locate(doc.contents, path, at) };
}

function yamlMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'a key appears twice in the same map';
  if (code === 'MULTIPLE_DOCS') return 'the file holds several YAML documents; a scenario is one document';
  return message;
}

function parseJson(text: string, file: string, at: (pos: number) => number, problems: Problem[]): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /at position (\d+)/.exec(message);
    problems.push({
      file,
      path: '',
      ...(pos ? { line: at(Number(pos[1])) } : {}),
      message: `JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
    });
    return undefined;
  }
}

function locate(root: unknown, path: KeyPath, at: (pos: number) => number): number | undefined {
  let node = root as Node | null | undefined;
  let found: readonly number[] | null | undefined = (node as Node | undefined)?.range;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      found = (pair.key as Node | null)?.range ?? found;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      found = item.range ?? found;
      node = item;
    } else break;
  }
  return found ? at(found[0]) : undefined;
}
