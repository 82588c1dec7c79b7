import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseUnit } from '../src/spec/units.js';
import { clone, isMap, mapOf, type Doc } from './doc.js';

/** The checkout this module runs from (fuzz/ in the sources, dist/fuzz/ once built). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'scenarios'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('fuzz: cannot find the netsim checkout (package.json and scenarios/)');
    dir = up;
  }
  return dir;
}

/** A starting document for mutations, and where it came from (for reports). */
export interface Seed {
  name: string;
  doc: Doc;
}

/** A YAML fragment of the docs that is part of a scenario: a traffic model, or flows. */
export interface Fragment {
  name: string;
  key: 'traffic' | 'flows';
  value: Doc;
}

export interface Corpus {
  /** Complete scenarios: scenarios/*.yaml and the scenario blocks of docs/*.md, made cheap to run. */
  seeds: Seed[];
  /** Other YAML documents of the docs (Kubernetes manifests): valid YAML, not scenarios. */
  foreign: Seed[];
  fragments: Fragment[];
  /** The JSON Schema of the format (`netsim schema`). */
  schema: Doc;
}

function yamlBlocks(text: string): string[] {
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Cost caps applied to every seed: a fuzz case should take milliseconds, not the minutes a study takes. */
const CAPS: Record<string, number> = { warmup: 0.2, duration: 1, drain: 0.5 };
const SECONDS_TEXT: Record<string, string> = { warmup: '0.2s', duration: '1s', drain: '0.5s' };
const MAX_USERS = 8;

/** Moments inside the run (failures, flow starts and stops), changed with the shortened run. */
const MOMENTS = new Set(['at', 'start', 'stop', 'for']);

const seconds = (v: Doc | undefined): number | null => {
  const p = typeof v === 'string' ? parseUnit('time', v) : null;
  return p?.ok ? p.value : null;
};

/**
 * The seed made cheap: a short measured window and drain, small populations, the moments inside
 * the run (failures, flow starts) scaled by the same factor; the same structure otherwise.
 */
export function cheapen(doc: Doc): Doc {
  const d = clone(doc);
  if (!isMap(d)) return d;
  const before = (seconds(d.warmup) ?? 0) + (seconds(d.duration) ?? 0);
  for (const key of Object.keys(CAPS)) {
    const s = seconds(d[key]);
    if (key === 'drain' ? !(s !== null && s <= CAPS[key]) : s !== null && s > CAPS[key]) d[key] = SECONDS_TEXT[key];
  }
  const after = (seconds(d.warmup) ?? 0) + (seconds(d.duration) ?? 0);
  const factor = before > 0 ? after / before : 1;
  const stack: Doc[] = [d];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) stack.push(...v);
    else if (isMap(v)) {
      if (typeof v.users === 'number' && v.users > MAX_USERS) v.users = MAX_USERS;
      for (const k of Object.keys(v)) {
        const s = MOMENTS.has(k) ? seconds(v[k]) : null;
        if (s === null || factor >= 1) continue;
        // A start or stop is dropped (a population spreads its users' starts after it); failures are scaled.
        if (k === 'start' || k === 'stop') delete v[k];
        else v[k] = `${+(s * factor).toPrecision(6)}s`;
      }
      stack.push(...Object.values(v));
    }
  }
  return d;
}

let cached: Corpus | null = null;

/** Reads the corpus once per process. */
export function loadCorpus(schema: Doc): Corpus {
  if (cached) return cached;
  const root = repoRoot();
  const seeds: Seed[] = [];
  const foreign: Seed[] = [];
  const fragments: Fragment[] = [];
  for (const f of readdirSync(join(root, 'scenarios')).sort()) {
    if (!/\.ya?ml$/.test(f)) continue;
    seeds.push({
      name: `scenarios/${f}`,
      doc: cheapen(toDoc(parse(readFileSync(join(root, 'scenarios', f), 'utf8')))),
    });
  }
  for (const f of readdirSync(join(root, 'docs')).sort()) {
    if (!f.endsWith('.md')) continue;
    yamlBlocks(readFileSync(join(root, 'docs', f), 'utf8')).forEach((block, i) => {
      const name = `docs/${f}#yaml${i + 1}`;
      let value: Doc;
      try {
        value = toDoc(parse(block));
      } catch {
        return; // several documents in one block (Kubernetes manifests with ---): used whole as text seeds elsewhere
      }
      if (isMap(value) && 'nodes' in value) seeds.push({ name, doc: cheapen(value) });
      else if (isMap(value) && 'traffic' in value) fragments.push({ name, key: 'traffic', value: value.traffic });
      else if (Array.isArray(value) && value.every((x) => isMap(x) && 'traffic' in x))
        fragments.push({ name, key: 'flows', value });
      else foreign.push({ name, doc: value });
    });
  }
  cached = { seeds, foreign, fragments, schema };
  return cached;
}

/** The parsed YAML as a Doc with null-prototype maps (so `__proto__` stays an ordinary key). */
function toDoc(v: unknown): Doc {
  if (Array.isArray(v)) return v.map(toDoc);
  if (isMap(v)) return mapOf(Object.keys(v).map((k) => [k, toDoc((v as Record<string, unknown>)[k])]));
  if (v === undefined) return null;
  return v as Doc;
}
