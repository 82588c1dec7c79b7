import { it } from 'vitest';
import { compareScenario } from '../src/experiment/compare.js';
import { comparisonTable } from '../src/report/table.js';
it('x', async () => {
  const t0 = Date.now();
  const c = await compareScenario('/tmp/nt/tiny.yaml', { replications: 4, jobs: 1, policies: ['shortest', 'class-aware', 'load-aware'] });
  process.stdout.write(comparisonTable(c));
  console.log('ms', Date.now() - t0, c.runs.map(r => r.wall.seconds));
});
