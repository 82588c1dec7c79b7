import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modulesLoaded } from '../bench/startup.js';

/*
 * Fast start (issue 13, docs/architecture.md): each command loads what it needs when it runs, so
 * `netsim --help` loads neither zod nor the catalog, and `validate` loads the schemas and the catalog
 * but not the simulator, the experiments, the reports or the workers. Which modules a command loads is
 * structural, so it is checked here; how long that takes is measured in bench/startup.ts, never here.
 *
 * The built CLI is spawned as a user runs it, with bench/startup-probe.ts preloaded (bench/startup.ts,
 * `modulesLoaded`): its load hook lists every file the process loads (needs dist/: `npm test` builds it
 * first). bin/netsim.js runs the bundle (dist/cli, rolldown.config.js), and a chunk's source map lists the
 * modules bundled into it, so what a command loaded is named by the same paths, bundled or not.
 */

const dir = mkdtempSync(join(tmpdir(), 'netsim-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The modules `netsim ...args` loads, as paths from the repository root (`dist/src/cli/main.js`, ...). */
const modulesOf = (...args: string[]): string[] => modulesLoaded(['bin/netsim.js', ...args], dir).modules;

const matching = (modules: string[], pattern: RegExp): string[] => modules.filter((m) => pattern.test(m));

/** The simulator: the event kernel, the network, TCP, building a run, the topology. */
const SIMULATOR = /^dist\/src\/(engine\/simulator|net\/network|traffic\/elastic|scenario\/build\/|routing\/topology)/;
/**
 * The simulator's run-time pieces that the catalog kinds' build steps and the routing policies use: channels,
 * queues, tunnel gateways and admission, flow recorders and statistics, the router, traffic sources. Checking a
 * file builds nothing, so it loads none of them (bench/RESULTS.md, "Fast start, round two": they came in through
 * the kinds' build steps, the estimate's constants, a policy's `instanceof` and the default queue).
 */
const RUNTIME = new RegExp(
  '^dist/src/(net/(channel|counters|drop|tunnel|admission|flow-stage|queue/(index|fifo|priority|drr|codel))|' +
    'metrics/(flow-recorder|voice-recorder|recorder-of|flow-experience|stats|sla)|routing/(router|load|cache|yen)|' +
    'traffic/(source|request-response|elastic)|catalog/kinds/build/|catalog/kinds/population-fluid)',
);
/** Experiments (runs, comparisons, the worker pool) and reports. */
const EXPERIMENTS = /^dist\/src\/(experiment\/(run|compare|pool|worker|run-cells|merge)\.js|report\/)/;

describe('what each command loads', () => {
  it.each(['--help', '--version', 'run --help', 'compare --help', 'merge --help'])(
    'netsim %s loads commander and the command declarations only: no zod, yaml, catalog or scenario layer',
    (line) => {
      const modules = modulesOf(...line.split(' '));
      expect(matching(modules, /^node_modules\/commander\//).length).toBeGreaterThan(0);
      expect(modules).toContain('dist/src/cli/main.js');
      expect(matching(modules, /^node_modules\/(zod|yaml|seedrandom|cli-progress)\//)).toEqual([]);
      expect(matching(modules, /^dist\/src\/(catalog|scenario|engine|traffic|metrics|report)\//)).toEqual([]);
      // Of the experiment layer only the small modules the help and the flag checks read (a top-level import
      // of cells.ts once loaded the matrix machinery for every --help); atomic-write is node:fs only.
      expect(matching(modules, /^dist\/src\/experiment\/(?!(defaults|errors|version|atomic-write)\.js)/)).toEqual([]);
      expect(matching(modules, SIMULATOR)).toEqual([]);
      expect(matching(modules, EXPERIMENTS)).toEqual([]);
    },
  );

  it('netsim validate loads the schemas and the catalog, not the simulator, its run-time parts or experiments', () => {
    const modules = modulesOf('validate', 'scenarios/remote-work.yaml');
    expect(matching(modules, /^node_modules\/zod\//).length).toBeGreaterThan(0);
    expect(modules).toContain('dist/src/scenario/schema/scenario.js');
    expect(modules).toContain('dist/src/catalog/kinds/index.js');
    expect(matching(modules, SIMULATOR)).toEqual([]);
    expect(matching(modules, RUNTIME)).toEqual([]);
    expect(matching(modules, EXPERIMENTS)).toEqual([]);
    expect(matching(modules, /^node_modules\/cli-progress\//)).toEqual([]);
  });

  it('netsim run loads the simulator when it runs (the probe sees modules imported in an action)', () => {
    const modules = modulesOf(
      'run',
      'scenarios/mm1.yaml',
      '--set',
      'warmup=0s',
      '--set',
      'duration=10ms',
      '--set',
      'drain=0s',
    );
    expect(matching(modules, SIMULATOR).length).toBeGreaterThan(0);
    // The pattern names modules that exist: a run loads them (mm1 has no catalog kinds, so not their build steps).
    expect(matching(modules, RUNTIME)).toEqual(
      expect.arrayContaining([
        'dist/src/net/channel.js',
        'dist/src/metrics/flow-recorder.js',
        'dist/src/routing/router.js',
      ]),
    );
    expect(modules).toContain('dist/src/experiment/run.js');
    expect(matching(modules, /^dist\/src\/experiment\/(pool|worker)\.js/)).toEqual([]);
    // Without --timeseries, no time-series report or CSV.
    expect(modules).toContain('dist/src/cli/timeseries.js');
    expect(
      matching(modules, /^dist\/src\/(cli\/run-series|report\/(html|timeseries-csv)|experiment\/comparison)\.js/),
    ).toEqual([]);
  });
});
