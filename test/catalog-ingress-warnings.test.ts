import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenario } from '../src/scenario/index.js';
import { cli, tempFile } from './helpers/scenario.js';

// microsoft-network's ingress decides which of its keys are used: peeringRate only under cold potato,
// hosting and internet only under hot potato (docs/kinds.md). A key the ingress leaves unused is valid
// (the file runs) but silently changed nothing: a warning names the file, the key path and why.

type Doc = Record<string, any>;

/** One population, Microsoft's network with `ms` (ingress keys), a VNet in eastus. */
function doc(ms: Doc): Doc {
  return {
    name: 'ingress',
    duration: '5s',
    nodes: [
      {
        id: 'home',
        kind: 'population',
        users: 2,
        profile: 'cable',
        location: 'seattle',
        apps: [{ app: 'teams-audio', to: 'relay' }],
      },
      { id: 'msnet', kind: 'microsoft-network', regions: ['eastus'], ...ms },
      { id: 'app-vnet', kind: 'vnet', region: 'eastus', servers: ['relay'] },
    ],
    links: [],
    flows: [],
  };
}

const every = { peeringRate: '40Gbps', hosting: ['eastus'], internet: { peak: false } };

const warningsOf = (d: Doc): string[] =>
  parseScenario(JSON.stringify(d), 'w.json').warnings.map((w) => `${w.path}: ${w.message}`);

const POP = "users enter at the edge POP nearest them over their ISP's private interconnect";

describe('microsoft-network: a key its ingress does not use is a warning, the file stays valid', () => {
  it('hot potato: peeringRate, not hosting or internet', () => {
    expect(warningsOf(doc({ ingress: 'hot-potato', ...every }))).toEqual([
      'nodes[1].peeringRate: has no effect under ingress hot-potato: users reach the hosting regions over the ' +
        'internet; peeringRate is for ingress cold-potato',
    ]);
  });

  it('cold potato: hosting (whose regions are still included) and internet, not peeringRate', () => {
    expect(warningsOf(doc({ ingress: 'cold-potato', ...every }))).toEqual([
      `nodes[1].hosting: has no effect on how users enter under ingress cold-potato: ${POP}; hosting is for ` +
        'ingress hot-potato; its regions are still included, as `regions` would include them',
      `nodes[1].internet: has no effect under ingress cold-potato: ${POP}; internet is for ingress hot-potato`,
    ]);
  });

  it('cold potato by default: says it is the default', () => {
    expect(warningsOf(doc({ internet: { peak: false } }))).toEqual([
      `nodes[1].internet: has no effect under ingress cold-potato (the default): ${POP}; internet is for ingress ` +
        'hot-potato',
    ]);
  });

  it('no warning for the keys each ingress uses, nor for the keys both use', () => {
    const both = { rate: '40Gbps', popLinks: 2, populations: ['home'] };
    expect(warningsOf(doc({ ingress: 'hot-potato', hosting: ['eastus'], internet: { peak: false }, ...both }))).toEqual(
      [],
    );
    expect(warningsOf(doc({ ingress: 'cold-potato', peeringRate: '40Gbps', ...both }))).toEqual([]);
    expect(warningsOf(doc({ peeringRate: '40Gbps' }))).toEqual([]);
  });

  it('tells the truth: a key warned about changes no link, and changes them under its own ingress', () => {
    const links = (ms: Doc) => parseScenario(JSON.stringify(doc(ms)), 'w.json').links;
    const cases: [Doc, Doc][] = [
      [{ ingress: 'hot-potato' }, { peeringRate: '40Gbps' }],
      [{ ingress: 'cold-potato' }, { internet: { peak: false, rate: '5Gbps' } }],
      [{ ingress: 'cold-potato', regions: ['eastus', 'westus2'] }, { hosting: ['westus2'] }],
    ];
    for (const [ingress, key] of cases) {
      expect(warningsOf(doc({ ...ingress, ...key })), JSON.stringify(key)).toHaveLength(1);
      expect(links({ ...ingress, ...key }), JSON.stringify(key)).toEqual(links(ingress));
      const own = ingress.ingress === 'hot-potato' ? 'cold-potato' : 'hot-potato';
      expect(links({ ...ingress, ingress: own, ...key })).not.toEqual(links({ ...ingress, ingress: own }));
    }
  });

  it('in a variant: at the key the variant wrote; one the base has, once', () => {
    const d = doc({ ingress: 'hot-potato', peeringRate: '40Gbps' });
    d.variants = {
      same: { description: 'x' },
      cold: { nodes: [{ id: 'msnet', ingress: 'cold-potato', internet: {} }] },
    };
    const found = parseScenario(JSON.stringify(d), 'w.json').warnings.map((w) => w.path);
    expect(found).toEqual(['nodes[1].peeringRate', 'variants.cold.nodes[0].internet']);
  });

  it('in a variant that writes again a key the base is warned about: at its own key as well', () => {
    const d = doc({ ingress: 'hot-potato', peeringRate: '20Gbps' });
    d.variants = { c: { nodes: [{ id: 'msnet', peeringRate: '30Gbps' }] } };
    const found = parseScenario(JSON.stringify(d), 'w.json').warnings.map((w) => w.path);
    // Before: only the base's (the merged path and message were those of the base warning).
    expect(found).toEqual(['nodes[1].peeringRate', 'variants.c.nodes[0].peeringRate']);
  });

  it('netsim validate: the file is ok (exit 0), the warning on stderr names the file, line and key path', async () => {
    const file = tempFile(doc({ ingress: 'hot-potato', peeringRate: '40Gbps' }));
    const r = await cli('validate', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: ok \(ingress: /);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^netsim: warning: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: nodes\\[1\\]\\.peeringRate: has ` +
            'no effect under ingress hot-potato: ',
        ),
      ),
    ]);
  });

  it('netsim run tells it too, before the run', async () => {
    const d = doc({ internet: { peak: false } });
    d.duration = '1s';
    const r = await cli('run', tempFile(d), '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^netsim: warning: .*: nodes\[1\]\.internet: has no effect under ingress cold-potato/m);
  });

  it('netsim compare tells it once, though every sweep point has it', async () => {
    const d = doc({ ingress: 'hot-potato', peeringRate: '40Gbps' });
    d.duration = '1s';
    const out = mkdtempSync(join(tmpdir(), 'netsim-ingress-'));
    try {
      const r = await cli(
        'compare',
        tempFile(d),
        '--replications',
        '1',
        '--jobs',
        '1',
        '--sweep',
        'nodes[home].users=1,2',
        '--out',
        out,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(
        r.stderr.match(/^netsim: warning: .*: nodes\[1\]\.peeringRate: has no effect under ingress hot-potato/gm),
      ).toHaveLength(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('the example scenarios have none', () => {
    for (const f of readdirSync('scenarios').filter((x) => x.endsWith('.yaml')))
      expect(loadScenarioFile(`scenarios/${f}`).warnings, f).toEqual([]);
  });
});
