import { describe, expect, it } from 'vitest';
import { compareScenario } from '../src/experiment/compare.js';
import { reportHtml } from '../src/report/html.js';
import { tempFile } from './helpers/scenario.js';

// report.html from a real comparison (a sweep, two variants) whose node, link and flow ids are
// `__proto__` and markup (issue 14, items 2 and 3): every id is in the page, escaped, in each
// section that names ids (links table, topology picture, where it hurts), and the page has no
// element or script of the scenario's making. A string test (no browser): test/report-html.test.ts
// renders synthetic reports in Chromium.
const SCRIPT = '<script>document.title="pwned"</script>';
const IMG = '"><img src=x onerror=alert(2)>';
const CLOSE = '</svg><script>alert(3)</script>';

const SCENARIO = `name: ids-in-the-report
duration: 1s
drain: 0.5s
classes:
  voice: { dscp: EF, priority: 0, sla: { latency: 20ms } }
nodes:
  - { id: __proto__, kind: host }
  - { id: ${JSON.stringify(SCRIPT)}, kind: host }
  - { id: ${JSON.stringify(IMG)} }
links:
  - { id: __proto__, from: __proto__, to: ${JSON.stringify(IMG)}, rate: 2Mbps, delay: 1ms }
  - { id: ${JSON.stringify(CLOSE)}, from: ${JSON.stringify(IMG)}, to: ${JSON.stringify(SCRIPT)},
      rate: 2Mbps, delay: 1ms }
flows:
  - { id: ${JSON.stringify(`<i>${SCRIPT}</i>`)}, from: __proto__, to: ${JSON.stringify(SCRIPT)}, class: voice,
      traffic: { model: cbr, interval: 2ms, size: 200B } }
  - { id: __proto__, from: __proto__, to: ${JSON.stringify(SCRIPT)},
      traffic: { model: poisson, rate: 200pps, size: 400B } }
variants:
  before: {}
  after:
    links:
      - { id: __proto__, rate: 4Mbps }
sweep:
  load: { at: "flows[__proto__].traffic.rate", values: [200pps, 600pps] }
`;

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('report.html with ids that are object keys or markup', () => {
  it('keeps every id, escaped, and adds no element of the scenario', async () => {
    const c = await compareScenario(tempFile(SCENARIO), { replications: 2, jobs: 1 });
    // The results keep the ids as own keys (null-prototype maps through the summary and the topology).
    expect(Object.keys(c.runs[0].links).sort()).toEqual([CLOSE, '__proto__'].sort());
    for (const cell of c.summary!.cells) expect(Object.keys(cell.links)).toContain('__proto__');
    expect(Object.keys(c.topology!.before.kinds).length + c.topology!.before.declared.length).toBe(3);
    const html = reportHtml(c);
    // Only the page's own script; no element made of an id.
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain(CLOSE);
    expect(html).not.toMatch(/<img|<i>/);
    // No event handler attribute: in every tag, with its quoted values taken out (an escaped id stays inside one).
    const tags = (html.match(/<[a-z][^>]*>/gi) ?? []).map((t) => t.replace(/"[^"]*"|'[^']*'/g, '""'));
    expect(tags.filter((t) => /\son[a-z]+\s*=/i.test(t))).toEqual([]);
    for (const id of [SCRIPT, IMG, CLOSE]) expect(html).toContain(escape(id));
    // __proto__ is a link like any other: in the link plots (a title per direction) and the picture.
    expect(html).toContain('<title>__proto__ →</title>');
    expect(html).toMatch(/data-link="__proto__" data-direction="forward"/);
    expect(html).toMatch(/data-node="__proto__"/);
    expect(html).toMatch(new RegExp(`data-link="${escape(CLOSE).replace(/[()]/g, '\\$&')}"`));
  }, 120_000);
});
