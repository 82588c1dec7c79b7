import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheUse } from '../bench/startup.js';

/*
 * The CLI's chunks run from V8's code cache (src/cli/bundle.ts; the build writes it: src/cli/code-cache.ts), and a
 * cache that is missing or refused changes nothing but the speed (bench/RESULTS.md, "Fast start, round three").
 * The built CLI is spawned with bench/startup-probe.ts preloaded, which reports what each chunk's cache became.
 * Timing is measured in bench/startup.ts, never here.
 */

const dir = mkdtempSync(join(tmpdir(), 'netsim-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALIDATE = ['validate', 'scenarios/remote-work.yaml'];

describe('the CLI bundle with its code cache', () => {
  it.each([[['--help']], [VALIDATE]])('netsim %j runs every chunk it loads from the cache the build wrote', (args) => {
    const { chunks } = codeCacheUse(args, dir);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.filter((c) => c.cache !== 'accepted')).toEqual([]);
    expect(chunks.map((c) => c.file)).toContain('dist/cli/main.cjs');
  });

  it('under other V8 flags V8 refuses the cache; the chunks compile from source and print the same', () => {
    const cached = codeCacheUse(VALIDATE, dir);
    // Any V8 flag changes the flag hash a cache carries; this one only sizes the young generation.
    const refused = codeCacheUse(VALIDATE, dir, ['--max-semi-space-size=32']);
    expect(refused.chunks.map((c) => c.cache)).toEqual(cached.chunks.map(() => 'rejected'));
    expect(refused.stdout).toBe(cached.stdout);
    expect(cached.stdout).toMatch(/^scenarios\/remote-work\.yaml: ok \(remote-work: 167 nodes/);
  });

  it('loads chunks without a cache, with one, and with a damaged one, to the same exports', () => {
    // Two chunks as rolldown writes them: CommonJS, requiring each other by a relative path and Node's built-ins.
    const chunks = mkdtempSync(join(dir, 'chunks-'));
    writeFileSync(join(chunks, 'a.cjs'), 'const b = require("./b.cjs");\nexports.f = (x) => b.twice(x) + 1;\n');
    writeFileSync(
      join(chunks, 'b.cjs'),
      'const { basename } = require("node:path");\nexports.twice = (x) => 2 * x;\nexports.me = basename(__filename);\n',
    );
    // In a child process each time: a process loads a chunk once (the require cache keeps it).
    const load = (write: boolean) => {
      const bundle = JSON.stringify(join(process.cwd(), 'dist/src/cli/bundle.js'));
      const script = `
        import { chunksLoaded, codeCaches, loadChunk } from ${bundle};
        import { writeFileSync } from 'node:fs';
        const a = loadChunk(${JSON.stringify(join(chunks, 'a.cjs'))});
        const out = { f: a.f(20), cache: chunksLoaded().map((c) => c.cache) };
        if (${write}) for (const { file, data } of codeCaches()) writeFileSync(file, data);
        process.stdout.write(JSON.stringify(out));`;
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.NODE_OPTIONS;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as { f: number; cache: string[] };
    };
    expect(load(true)).toEqual({ f: 41, cache: ['absent', 'absent'] });
    expect(load(false)).toEqual({ f: 41, cache: ['accepted', 'accepted'] });
    writeFileSync(join(chunks, 'b.cjs.cache'), Buffer.from('not a code cache'));
    expect(load(false)).toEqual({ f: 41, cache: ['accepted', 'rejected'] });
  });
});

describe('loadChunk', () => {
  it("gives a chunk a whole require: chunks by './', the rest by Node, with Node's resolve and cache", async () => {
    const { loadChunk } = await import('../src/cli/bundle.js');
    const at = mkdtempSync(join(dir, 'chunks-'));
    writeFileSync(join(at, 'b.cjs'), 'module.exports = { b: 2 };');
    writeFileSync(
      join(at, 'a.cjs'),
      "const b = require.resolve('./b.cjs');\n" +
        "module.exports = { b: require('./b.cjs').b, path: require('node:path').sep, resolved: b, " +
        'cached: Object.keys(require.cache).includes(b) };',
    );
    expect(loadChunk(join(at, 'a.cjs'))).toEqual({
      b: 2,
      path: '/',
      resolved: join(at, 'b.cjs'),
      cached: true,
    });
  });
});
