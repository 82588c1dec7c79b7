import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appNames } from '../src/catalog/index.js';
import { INGRESS_KEYS } from '../src/catalog/kinds/microsoft.js';
import { parseScenario, Registry, ScenarioError } from '../src/scenario/index.js';

/**
 * docs/kinds.md documents every catalog node kind and app with a complete scenario in a ```yaml
 * block. Each block must validate as it stands, so the page cannot drift from the code.
 */
const DOC = 'docs/kinds.md';
const text = readFileSync(DOC, 'utf8');
const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

/** The kinds a scenario author declares: every registered kind but the contract's own. */
const catalogKinds = Registry.builtins
  .kinds()
  .map((k) => k.kind)
  .filter((k) => k !== 'router' && k !== 'host');

function problemsOf(yaml: string, name: string): string[] {
  try {
    parseScenario(yaml, name);
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
}

describe(DOC, () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(catalogKinds.length);
  });

  blocks.forEach((yaml, i) => {
    const name = /^name: (.+)$/m.exec(yaml)?.[1] ?? `block ${i + 1}`;
    it(`example ${i + 1} (${name}) validates`, () => {
      expect(problemsOf(yaml, `${DOC}#${name}.yaml`)).toEqual([]);
    });
  });

  it('gives every catalog kind a section and an example', () => {
    for (const kind of catalogKinds) {
      expect(text, `section for ${kind}`).toMatch(new RegExp(`^## ${kind}$`, 'm'));
      expect(
        blocks.some((b) => new RegExp(`kind: ${kind}\\b`).test(b)),
        `example with kind: ${kind}`,
      ).toBe(true);
    }
  });

  it("says which ingress each of microsoft-network's ingress-only keys is for, as the code's table does", () => {
    const section = text.slice(
      text.indexOf('## microsoft-network'),
      text.indexOf('\n## ', text.indexOf('## microsoft-network') + 1),
    );
    const rows = section.split('\n').filter((l) => /^\| `\w+` \|/.test(l));
    const onlyOne = new Map<string, string>();
    for (const row of rows) {
      const meaning = /^(cold|hot) potato:/.exec(row.split(' | ').at(-1) ?? '');
      if (meaning) onlyOne.set(/^\| `(\w+)`/.exec(row)![1], `${meaning[1]}-potato`);
    }
    expect(Object.fromEntries(onlyOne)).toEqual(
      Object.fromEntries(Object.entries(INGRESS_KEYS).map(([key, k]) => [key, k.ingress])),
    );
  });

  it('documents every app and uses each in an example', () => {
    for (const app of appNames()) {
      expect(text, `apps table row for ${app}`).toContain(`| \`${app}\` |`);
      expect(
        blocks.some((b) => new RegExp(`app: ${app}\\b`).test(b)),
        `example with app: ${app}`,
      ).toBe(true);
    }
  });
});
