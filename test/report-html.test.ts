import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { comparisonFile } from '../src/experiment/comparison.js';
import { reportHtml } from '../src/report/html.js';
import { beforeAfter, syntheticMatrix } from './experiment-fixtures.js';

const EVIL = '<script>document.documentElement.setAttribute("data-pwned","1")</script><img src=x onerror=alert(1)>';

function report(name: string, variants: Array<string | null>, policies: string[]): string {
  const spec = { variants, policies, seed: 1, replications: 4 };
  const runs = syntheticMatrix(name, spec, (v, p) => {
    const t = beforeAfter(v === variants[0] ? 'before' : 'after', p);
    return { [`rt ${EVIL}`]: t.realtime, bulk: t.bulk };
  });
  return reportHtml(comparisonFile({ name, hash: 'sha256:' + '0'.repeat(64) }, spec, null, runs));
}

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM)
  console.warn(
    'report-html: chromium not found (apt-get install chromium; .ci/run installs it): the browser test is skipped',
  );

const tmp = mkdtempSync(join(tmpdir(), 'netsim-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Loads a page in headless Chromium and returns the DOM after its scripts ran. */
function renderDom(file: string): string {
  const r = spawnSync(
    CHROMIUM!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(tmp, 'profile')}`,
      '--dump-dom',
      pathToFileURL(file).href,
    ],
    { encoding: 'utf8', timeout: 90_000 },
  );
  if (r.status !== 0) throw new Error(`chromium exited with ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe('report.html', () => {
  const html = report(`remote-work ${EVIL}`, ['before', `after ${EVIL}`], ['shortest', `class-aware ${EVIL}`]);

  it('escapes every name from the scenario', () => {
    expect(html).not.toContain(EVIL);
    expect(html).toContain(
      '&lt;script&gt;document.documentElement.setAttribute(&quot;data-pwned&quot;,&quot;1&quot;)&lt;/script&gt;',
    );
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img/);
  });

  it('is self-contained: nothing to fetch, and a policy that forbids fetching', () => {
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none';/);
  });

  it('has the comparison table and the plots: bars with intervals per metric, CDF per class, links', () => {
    expect(html.match(/data-plot="bars"/g)).toHaveLength(14); // 7 metrics (loss and connected loss) x 2 classes
    expect(html.match(/data-plot="cdf"/g)).toHaveLength(2);
    expect(html.match(/data-plot="grouped-bars"/g)).toHaveLength(1);
    expect(html).toContain('Δ after');
    expect(html).toMatch(/class="better">better</);
  });

  it.skipIf(!CHROMIUM)('renders in headless Chromium with every plot laid out and no script error', () => {
    const file = join(tmp, 'report.html');
    writeFileSync(file, html);
    const dom = renderDom(file);
    const root = dom.match(/<html[^>]*>/)![0];
    expect(root).toContain('data-render="ok"');
    expect(root).toContain('data-plots="17"');
    expect(root).not.toContain('data-render-error');
    expect(root).not.toContain('data-pwned');
    // The names arrived as text: the browser re-serializes them escaped, and made no element of them.
    expect(dom).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(dom.match(/<svg /g)).toHaveLength(17);
  });

  it.skipIf(!CHROMIUM)('the check can fail: empty plots are flagged, a tampered script does not run', () => {
    const empty = join(tmp, 'empty.html');
    writeFileSync(empty, html.replace(/(<svg class="plot"[^>]*>)[\s\S]*?<\/svg>/g, '$1</svg>'));
    expect(renderDom(empty).match(/<html[^>]*>/)![0]).toContain('data-render="failed"');
    const tampered = join(tmp, 'tampered.html');
    writeFileSync(tampered, html.replace('var plots =', 'undefinedFunction(); var plots ='));
    // Its hash no longer matches the page's policy: the browser refuses to run it, so no verdict at all.
    expect(renderDom(tampered).match(/<html[^>]*>/)![0]).not.toMatch(/data-render=/);
  });
});
