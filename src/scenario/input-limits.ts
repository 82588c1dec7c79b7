/**
 * Bounds on the shape of a scenario text before and after parsing, so that a hostile or broken
 * file gets a clear message instead of a stack overflow or minutes of work: how deep collections
 * nest, and how much YAML aliases expand the document. Both walks are linear and never recurse
 * deeper than the limit (the `yaml` parser, its composer and the validator all recurse per level).
 */

/** Where the nesting first goes past `limit`, from a scan of the text alone; null if it does not. */
export function deepestOffset(text: string, limit: number): number | null {
  // Block collections nest by indentation (and by compact "- - x" on one line); flow collections by
  // brackets. The scan is an upper bound (a plain scalar right after "- " counts as one level), so
  // the limit is set well above any real scenario's depth. Quoted scalars, comments and block
  // scalars (| and >) are skipped: what they contain is text, not structure.
  const columns: number[] = [];
  let flow = 0;
  let i = 0;
  const n = text.length;
  let blockScalarIndent = -1;
  while (i < n) {
    // Start of a line: its indentation.
    let col = 0;
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) {
      i++;
      col++;
    }
    const lineEnd = (() => {
      const e = text.indexOf('\n', i);
      return e < 0 ? n : e;
    })();
    const blank = i === lineEnd || text[i] === '#' || text[i] === '\r';
    if (blockScalarIndent >= 0) {
      if (blank || col > blockScalarIndent) {
        i = lineEnd + 1;
        continue;
      }
      blockScalarIndent = -1;
    }
    if (blank) {
      i = lineEnd + 1;
      continue;
    }
    if (flow === 0) {
      while (columns.length > 0 && columns[columns.length - 1] >= col) columns.pop();
      columns.push(col);
    }
    let valueStart = true; // at a place where a collection or a scalar may begin
    const lineIndent = col;
    while (i < lineEnd) {
      const c = text[i];
      if (c === '"' || c === "'") {
        // A quoted scalar, possibly over several lines ('' escapes a single quote, \ escapes in double quotes).
        i++;
        while (i < n) {
          if (c === '"' && text[i] === '\\') i += 2;
          else if (text[i] === c) {
            if (c === "'" && text[i + 1] === "'") i += 2;
            else break;
          } else i++;
        }
        i++;
        valueStart = false;
        if (i > lineEnd) break; // the scalar ran over lines: continue from where it ended
        continue;
      }
      if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
      if (flow > 0 || valueStart) {
        if (c === '[' || c === '{') {
          flow++;
          if (columns.length + flow > limit) return i;
          valueStart = true;
          i++;
          continue;
        }
      }
      if (flow > 0) {
        if (c === ']' || c === '}') flow--;
        valueStart = c === ',' || c === ':' || c === '?';
        i++;
        continue;
      }
      if ((c === '-' || c === '?') && valueStart && (i + 1 >= lineEnd || text[i + 1] === ' ' || text[i + 1] === '\t')) {
        // "- " starts a sequence item: what follows on the line is nested one level further.
        i += 2;
        while (i < lineEnd && text[i] === ' ') i++;
        if (i < lineEnd && text[i] !== '#') columns.push(i);
        if (columns.length > limit) return i;
        continue;
      }
      if ((c === '|' || c === '>') && valueStart) {
        blockScalarIndent = lineIndent;
        break;
      }
      if (c === ':' && (i + 1 >= lineEnd || text[i + 1] === ' ' || text[i + 1] === '\t')) {
        valueStart = true;
        i++;
        while (i < lineEnd && text[i] === ' ') i++;
        continue;
      }
      if (c !== ' ' && c !== '\t') valueStart = c === '&' || c === '!' ? valueStart : false;
      if ((c === '&' || c === '!') && valueStart) {
        // An anchor or a tag before a value: skip the name, the value may still start after it.
        while (i < lineEnd && text[i] !== ' ') i++;
        continue;
      }
      i++;
    }
    if (columns.length + flow > limit) return Math.min(i, n - 1);
    i = Math.max(i, lineEnd) + 1;
  }
  return null;
}

export interface Shape {
  /** The deepest nesting of lists and maps (0 for a scalar). */
  depth: number;
  /** Values (scalars and collections) as written: a collection referenced by several aliases counts once. */
  written: number;
  /** Values once every alias is expanded (what the validator and the merge walk). */
  expanded: number;
  /** A key path to a collection that contains itself (an alias to an enclosing anchor), if any. */
  cycle: (string | number)[] | null;
  /** A key path past `depthLimit`, if any. */
  tooDeep: (string | number)[] | null;
  /** The key path of a map key `__proto__`, if any (no scenario map may have one; see source.ts). */
  protoKey: (string | number)[] | null;
}

/**
 * Measures parsed data without ever recursing past `depthLimit` or expanding an alias twice:
 * each shared collection's expanded size and height are computed once and reused, and a shared
 * collection met again deeper down is checked against the limit with its known height.
 */
export function measure(data: unknown, depthLimit: number): Shape {
  const known = new Map<object, { size: number; height: number }>();
  const onPath = new Set<object>();
  let written = 0;
  let deepest = 0;
  let cycle: (string | number)[] | null = null;
  let tooDeep: (string | number)[] | null = null;
  let protoKey: (string | number)[] | null = null;
  const path: (string | number)[] = [];
  const walk = (v: unknown, depth: number): { size: number; height: number } => {
    if (typeof v !== 'object' || v === null) {
      written++;
      return { size: 1, height: 0 };
    }
    const seen = known.get(v);
    if (seen) {
      if (depth + seen.height > depthLimit) tooDeep ??= [...path];
      deepest = Math.max(deepest, depth + seen.height);
      return seen;
    }
    if (onPath.has(v)) {
      cycle ??= [...path];
      return { size: 1, height: 0 };
    }
    if (depth >= depthLimit) {
      tooDeep ??= [...path];
      return { size: 1, height: 0 };
    }
    onPath.add(v);
    written++;
    let size = 1;
    let height = 0;
    const keys: (string | number)[] = Array.isArray(v) ? v.map((_, k) => k) : Object.keys(v);
    for (const k of keys) {
      path.push(k);
      if (k === '__proto__') protoKey ??= [...path];
      const child = walk((v as Record<string | number, unknown>)[k], depth + 1);
      path.pop();
      size += child.size;
      height = Math.max(height, child.height + 1);
      if (cycle || tooDeep) break;
    }
    onPath.delete(v);
    const result = { size, height };
    known.set(v, result);
    deepest = Math.max(deepest, depth + height);
    return result;
  };
  const expanded = walk(data, 0).size;
  return { depth: deepest, written, expanded, cycle, tooDeep, protoKey };
}
