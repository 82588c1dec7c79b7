import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { comparisonFile } from '../src/experiment/comparison.js';
import { comparisonTable, reportHtml } from '../src/report/index.js';
import { beforeAfter, syntheticMatrix } from './experiment-fixtures.js';
it('print', () => {
  const spec = { variants: ['before', 'after'], policies: ['shortest', 'class-aware'], seed: 1, replications: 6 };
  const c = comparisonFile({ name: 'remote-work', hash: 'sha256:abcdef0123456789abcdef' }, spec, null, syntheticMatrix('remote-work', spec, beforeAfter));
  process.stdout.write(comparisonTable(c));
  writeFileSync('/tmp/report.html', reportHtml(c));
  const spec2 = { variants: [null], policies: ['shortest', 'class-aware', 'load-aware'], seed: 1, replications: 3 };
  const c2 = comparisonFile({ name: 'x', hash: 'sha256:abcdef0123456789abcdef' }, spec2, null, syntheticMatrix('x', spec2, (v, p) => beforeAfter('before', p)));
  process.stdout.write(comparisonTable(c2));
});
