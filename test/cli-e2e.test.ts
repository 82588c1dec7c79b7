import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Registry } from '../src/scenario/index.js';
import { defineKind } from '../src/spec/kind.js';
import { id } from '../src/spec/unit-schemas.js';
import { baseScenario, cli, cliWith, tempFile } from './helpers/scenario.js';

/** Runs `node bin/netsim.js ...` as a user would (needs dist/: `npm test` builds it first). */
function netsim(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/netsim.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NETSIM_DEBUG: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const stats = z.object({
  sent: z.number(),
  received: z.number(),
  lost: z.number(),
  inFlight: z.number(),
  lossRatio: z.number(),
  throughputBps: z.number(),
  latencyMs: z.object({
    mean: z.number().nullable(),
    p50: z.number().nullable(),
    p95: z.number().nullable(),
    p99: z.number().nullable(),
    max: z.number().nullable(),
  }),
  jitterMs: z.object({ mean: z.number().nullable(), rfc3550: z.number().nullable() }),
});
const linkStats = z.object({
  utilization: z.number(),
  packets: z.number(),
  bytes: z.number(),
  drops: z.number(),
  meanQueuePackets: z.number(),
});
/** The contract's Results section. */
const result = z.object({
  format: z.literal('netsim-result/1'),
  scenario: z.string(),
  variant: z.string().nullable(),
  policy: z.string(),
  seed: z.number(),
  simulated: z.object({ seconds: z.number(), events: z.number() }),
  wall: z.object({ seconds: z.number() }),
  classes: z.record(z.string(), stats),
  flows: z.record(z.string(), stats.extend({ class: z.string(), path: z.array(z.string()) })),
  links: z.record(z.string(), z.object({ forward: linkStats, reverse: linkStats })),
  sla: z.record(
    z.string(),
    z.object({
      latency: z.boolean().optional(),
      jitter: z.boolean().optional(),
      loss: z.boolean().optional(),
      met: z.boolean(),
    }),
  ),
});

describe('netsim, spawned as a user runs it', () => {
  it('run --json prints a result that follows the contract, and nothing on stderr', () => {
    const r = netsim('run', 'scenarios/priority.yaml', '--variant', 'fifo', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const json = result.parse(JSON.parse(r.stdout));
    expect([json.scenario, json.variant, json.policy, json.seed]).toEqual(['priority', 'fifo', 'shortest', 1]);
    expect(Object.keys(json.classes)).toEqual(['realtime', 'interactive', 'business', 'bulk']);
    expect(json.flows['call-1'].path).toEqual(['office', 'edge', 'datacenter']);
    expect(json.sla.realtime).toEqual({ latency: false, jitter: expect.any(Boolean), loss: true, met: false });
    expect(json.simulated.seconds).toBe(70);
  });

  it("run --policy and --seed replace the file's; the table is the default output", () => {
    const r = netsim('run', 'scenarios/priority.yaml', '--policy', 'ecmp', '--seed', '42');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^priority, policy ecmp, seed 42: 70 s simulated/);
    // sent, received, refused, loss (of the connected flows)
    expect(r.stdout).toMatch(/\nrealtime +\d+ +\d+ +\d+ +[\d.]+% /);
    expect(r.stdout).toMatch(/Busiest link directions/);
  });

  it('run --out writes the result atomically (no temporary file left)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsim-out-'));
    const out = join(dir, 'sub', 'r.json');
    const r = netsim('run', 'scenarios/mm1.yaml', '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`result written to ${out}\n`);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    const printed = JSON.parse(r.stdout);
    expect({ ...file, wall: 0 }).toEqual({ ...printed, wall: 0 });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['r.json']);
  });

  it('validate lists every problem with its path, one per line, and exits 2', () => {
    const s = baseScenario();
    s.duration = 10;
    s.links[0].rate = '-5Mbps';
    s.flows[0].to = 'nowhere';
    const file = tempFile(s);
    const r = netsim('validate', file);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/:\d+: duration: .*bare number 10/);
    expect(lines[1]).toMatch(/:\d+: links\[0\]\.rate: .*must not be negative/);
    expect(lines[2]).toMatch(/:\d+: flows\[0\]\.to: unknown node "nowhere"/);
    expect(r.stderr).toBe('3 problems found\n');
  });

  it('validate accepts every example scenario', () => {
    const files = readdirSync('scenarios').map((f) => join('scenarios', f));
    const r = netsim('validate', ...files);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(files.length);
  });

  it('run on an invalid scenario exits 2 with the problems on stderr and no stack trace', () => {
    const r = netsim('run', tempFile('name: x\nduration: 5\n'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/duration: .*bare number 5/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('schema prints the JSON Schema', () => {
    const r = netsim('schema');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'duration', 'nodes', 'links', 'flows']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('--help explains the commands; bad usage exits 2 with a message', () => {
    const help = netsim('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: netsim .*run \[options\] <file>.*validate.*schema/s);
    const bad = netsim('run', 'scenarios/mm1.yaml', '--bogus');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--bogus'/);
  });

  it('a --set or --sweep value YAML warns about (an unknown tag): a warning naming them, the exit code kept', () => {
    // The bundle runs yaml's browser build, whose warnings would go to console.warn: the CLI prints them itself.
    const short = ['--set', 'warmup=0s', '--set', 'drain=0s'];
    const run = netsim('run', 'scenarios/mm1.yaml', '--set', 'duration=!foo 10ms', ...short, '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe(
      'netsim: warning: --set duration: "!foo 10ms": Unresolved tag: !foo (YAML); the value is read as "10ms"\n',
    );
    expect(JSON.parse(run.stdout).simulated.seconds).toBe(0.01);
    const out = mkdtempSync(join(tmpdir(), 'netsim-warn-'));
    const sweep = ['--sweep', 'duration=10ms,!!int 20ms', '--replications', '1', '--jobs', '1', '--out', out];
    const compare = netsim('compare', 'scenarios/mm1.yaml', ...sweep, ...short);
    expect(compare.code, compare.stderr).toBe(0);
    expect(compare.stderr.split('\n')).toContain(
      'netsim: warning: --sweep duration: value 2 of 2: "!!int 20ms": Unresolved tag: tag:yaml.org,2002:int (YAML); ' +
        'the value is read as "20ms"',
    );
    // A value the key refuses is still exit 2, after the warning.
    const refused = netsim('run', 'scenarios/mm1.yaml', '--set', 'duration=!foo 10', ...short);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^netsim: warning: --set duration: "!foo 10": Unresolved tag: !foo/m);
  });

  it('the bin shim is a tiny script over dist', () => {
    const shim = readFileSync('bin/netsim.js', 'utf8');
    expect(shim.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(shim).toContain("'../dist/cli/main.cjs'");
    expect(existsSync('dist/cli/main.cjs')).toBe(true);
  });
});

describe('netsim in process: help and usage errors', () => {
  it.each([
    [['run', '--help'], /--variant <name>.*--policy <name>.*--seed <n>.*--json.*--out <file>.*Examples:/s],
    [['validate', '--help'], /Examples:\n +netsim validate/],
    [['schema', '--help'], /Examples:\n +netsim schema/],
    [['--version'], /^\d+\.\d+\.\d+\n$/],
  ])('%j explains the command with an example (exit 0)', async (args, text) => {
    const r = await cli(...args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(text);
  });

  it.each([
    [['frobnicate'], /unknown command/],
    [[], /Usage: netsim/],
    [['run'], /missing required argument 'file'/],
    [['run', 'scenarios/mm1.yaml', '--seed', 'x'], /--seed expects an integer from 0 to 9007199254740991, got "x"/],
    [['run', 'scenarios/mm1.yaml', '--seed', '1.5'], /--seed expects an integer from 0 to 9007199254740991, got "1.5"/],
    [
      ['run', 'scenarios/mm1.yaml', '--policy', 'fastest'],
      /--policy: unknown routing policy "fastest" \(known: shortest/,
    ],
    [['run', 'scenarios/remote-work.yaml', '--variant', 'later'], /unknown variant "later" \(known: before, after\)/],
    [['run', 'scenarios/mm1.yaml', '--variant', 'x'], /unknown variant "x" \(the scenario has no variants\)/],
    [['run', 'no/such/file.yaml'], /no\/such\/file\.yaml: cannot read the file: no such file/],
    [['validate'], /missing required argument 'files'/],
  ])('bad usage %j exits 2 with a message', async (args, text) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(text);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a failed run', () => {
  const faulty = defineKind({
    kind: 'faulty',
    description: 'a test kind whose runtime part fails',
    schema: z.strictObject({ id: id('a node id'), kind: z.literal('faulty') }),
    expand: (node, ctx) => ctx.addNode({ id: node.id, kind: 'faulty' }),
    build: () => {
      throw new Error('the faulty component broke');
    },
  });
  const registry = Registry.builtins.with({ kinds: [faulty] });

  it('exits 1 with the reason and no stack trace', async () => {
    const s = baseScenario();
    s.nodes.push({ id: 'z', kind: 'faulty' });
    s.links.push({ id: 'bz', from: 'b', to: 'z', rate: '1Mbps' });
    const r = await cliWith(registry, 'run', tempFile(s));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('netsim: the run failed: the faulty component broke\n');
    expect(r.stdout).toBe('');
  });
});
