import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { fileKind, fsReason } from '../spec/fs-errors.js';
import { formatPath, type KeyPath } from '../spec/key-path.js';
import { LIMITS } from '../spec/limits.js';
import { ScenarioError, type Problem } from '../spec/problems.js';
import { deepestOffset, measure } from './input-limits.js';

/** A parsed scenario file: its data, and where each key path is in the text (for messages). */
export interface SourceDocument {
  readonly file: string;
  readonly data: unknown;
  /** The 1-based line of the key at `path`, or of its nearest ancestor present in the text. */
  locate(path: KeyPath): number | undefined;
}

/** How much is read at a time; a scenario is usually a few kilobytes. */
const CHUNK = 1 << 16;

/**
 * Reads a scenario file. Only a regular file is read (a directory, a FIFO, a device like /dev/zero
 * is refused without blocking on it), and at most the size limit: the size `stat` reports is not
 * trusted (files under /proc say 0, a file may grow while read). Every failure is a scenario error
 * (exit code 2) naming the file, never a crash.
 */
export function readSource(file: string): string {
  return readRegularFile(file, LIMITS.fileBytes, 'a scenario');
}

/** Reads a regular file of at most `maxBytes` as UTF-8; `what` names it in messages ("a scenario"). */
export function readRegularFile(file: string, maxBytes: number, what: string): string {
  const fail = (message: string) => new ScenarioError([{ file, path: '', message }]);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw fail(`cannot read the file: ${fsReason(e)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw fail(`cannot read the file: it is ${fileKind(stat)}; ${what} must be a regular file`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, CHUNK, null);
      } catch (e) {
        throw fail(`cannot read the file: ${fsReason(e)}`);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw fail(`the file is larger than ${maxBytes / 1e6} MB, the limit for ${what}`);
      chunks.push(n === CHUNK ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
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
  const deep = deepestOffset(text, LIMITS.nestingDepth);
  if (deep !== null) throw new ScenarioError([{ file, path: '', line: lineOf(text, deep), message: tooDeepMessage() }]);
  if (/\.json$/i.test(file)) {
    const fast = parseJsonFast(text, file);
    if (fast) return fast;
  }
  const lines = new LineCounter();
  // maxAliasCount (default 100) stops the classic "billion laughs"; measure() below bounds what it lets through.
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    schema: 'core',
    uniqueKeys: true,
    merge: false,
  });
  const problems: Problem[] = [];
  const at = (pos: number): number => lines.linePos(pos).line;
  for (const e of doc.errors) {
    const message = /Maximum call stack/.test(e.message)
      ? tooDeepMessage()
      : `syntax error: ${yamlMessage(e.code, e.message)}`;
    problems.push({ file, path: '', line: at(e.pos[0]), message });
  }
  for (const w of doc.warnings) {
    const message = w.code === 'TAG_RESOLVE_FAILED' ? `custom tags are not allowed (${w.message})` : w.message;
    problems.push({ file, path: '', line: at(w.pos[0]), message });
  }
  if (problems.length === 0) problems.push(...oddKeys(doc.contents, file, at));
  let data: unknown;
  if (problems.length === 0) {
    if (/\.json$/i.test(file)) data = parseJson(text, file, at, problems);
    else {
      try {
        data = doc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        const message = (e as Error)?.message ?? String(e);
        problems.push({
          file,
          path: '',
          message: /Maximum call stack/.test(message)
            ? tooDeepMessage()
            : /alias/i.test(message)
              ? `YAML aliases expand the document too much (${message})`
              : `cannot expand the YAML: ${message.slice(0, 200)}`,
        });
      }
    }
  }
  if (problems.length === 0) checkShape(data, file, (path) => locate(doc.contents, path, at), problems);
  if (problems.length > 0) throw new ScenarioError(problems);
  return { file, data, locate: (path) => locate(doc.contents, path, at) };
}

/**
 * Keys must be plain names (strings, or numbers and booleans that read as names): a list, a map or
 * a tagged value such as `!!binary` as a key would be turned into a string by the YAML library,
 * which then warns on stderr behind the CLI's back. At most one problem per file.
 */
function oddKeys(root: unknown, file: string, at: (pos: number) => number): Problem[] {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const plain =
          key === null ||
          (isScalar(key) && ['string', 'number', 'boolean'].includes(typeof key.value)) ||
          (isScalar(key) && key.value === null);
        if (!plain) {
          const kind = isMap(key) ? 'a map' : isSeq(key) ? 'a list' : 'a tagged value';
          return [
            { file, path: '', line: at(key?.range?.[0] ?? 0), message: `a key is ${kind}; keys are plain names` },
          ];
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return [];
}

function tooDeepMessage(): string {
  return `lists and maps nest more than ${LIMITS.nestingDepth} levels deep here; a scenario needs fewer than 15`;
}

/**
 * Bounds on the parsed data: nesting (aliases can nest what the text does not), alias expansion
 * (an anchor referenced many times is validated once per reference), cycles (an alias inside its
 * own anchor) and the key `__proto__`, which no scenario map may have: every map key of the
 * format is a fixed key or a name that starts with a letter or digit, and JavaScript gives that
 * one key a special meaning (a validator would silently drop it).
 */
function checkShape(
  data: unknown,
  file: string,
  locate: (path: KeyPath) => number | undefined,
  problems: Problem[],
): void {
  const shape = measure(data, LIMITS.nestingDepth);
  const at = (path: KeyPath, message: string): Problem => {
    const line = locate(path);
    return { file, path: formatPath(path), message, ...(line !== undefined ? { line } : {}) };
  };
  if (shape.cycle) problems.push(at(shape.cycle, 'a YAML alias refers to a list or map that contains it (a cycle)'));
  else if (shape.tooDeep) problems.push(at(shape.tooDeep, tooDeepMessage()));
  else if (shape.expanded - shape.written > LIMITS.aliasExpansion)
    problems.push(
      at(
        [],
        `YAML aliases expand the document from ${shape.written} to ${shape.expanded} values; ` +
          `at most ${LIMITS.aliasExpansion} more than written`,
      ),
    );
  if (shape.protoKey)
    problems.push(at(shape.protoKey, '"__proto__" cannot be a key: no name in a scenario may be "__proto__"'));
}

function yamlMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'a key appears twice in the same map';
  if (code === 'MULTIPLE_DOCS') return 'the file holds several YAML documents; a scenario is one document';
  return message;
}

/** The 1-based line of a position in the text. */
function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < pos; k = text.indexOf('\n', k + 1)) line++;
  return line;
}

/**
 * A JSON file the fast way: `JSON.parse` and a linear scan for repeated keys, about 100 times
 * faster than the YAML parser (bench/RESULTS.md, "Validation"), so a generated scenario of 100,000
 * nodes reads in a fraction of a second. The YAML document that places problems at their lines is
 * only built when a problem needs one. Null when the text is not valid JSON, or repeats a key: the
 * YAML path then reports it with its line, as for any file.
 */
function parseJsonFast(text: string, file: string): SourceDocument | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (repeatedKey(text)) return null;
  let placed: ((path: KeyPath) => number | undefined) | undefined;
  const locateLazily = (path: KeyPath): number | undefined => {
    if (placed === undefined) {
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines, schema: 'core', uniqueKeys: false, merge: false });
      placed = (at) => locate(doc.contents, at, (pos) => lines.linePos(pos).line);
    }
    return placed(path);
  };
  const problems: Problem[] = [];
  checkShape(data, file, locateLazily, problems);
  if (problems.length > 0) throw new ScenarioError(problems);
  return { file, data, locate: locateLazily };
}

/**
 * Whether some object of a valid JSON text has a key twice (JSON.parse keeps the last silently;
 * a scenario must not). One pass over the text: a stack of the keys seen in each open object.
 */
function repeatedKey(text: string): boolean {
  const stack: (Set<string> | null)[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i++;
        } else if (d === 0x22) break;
      }
      i++;
      const keys = stack[stack.length - 1];
      if (keys) {
        let j = i;
        while (j < n && (text[j] === ' ' || text[j] === '\n' || text[j] === '\r' || text[j] === '\t')) j++;
        if (text[j] === ':') {
          const raw = text.slice(start, i);
          const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
          if (keys.has(key)) return true;
          keys.add(key);
        }
      }
      continue;
    }
    if (c === 0x7b /* { */) stack.push(new Set());
    else if (c === 0x5b /* [ */) stack.push(null);
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    i++;
  }
  return false;
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
