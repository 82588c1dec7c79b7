import { LIMITS } from '../../spec/limits.js';
import { distributionMean } from '../../spec/unit-schemas.js';
import { packetRate } from '../schema/traffic.js';
import type { Assembly } from './state.js';

/**
 * Stage 6, estimate load: the packets the flows and the background traffic would generate (from
 * their rates over their active time) and the sizes after expansion, against the resource guards;
 * and a scenario with nothing to measure.
 */
export function estimateLoad(a: Assembly): void {
  if (a.end !== undefined) {
    const end = a.end;
    for (const { def } of a.flows) {
      const stop = Math.min(def.stop ?? end, end);
      const rate = packetRate(def.traffic);
      if (rate !== null && stop > def.start) a.packets += rate * (stop - def.start) * (def.twoWay ? 2 : 1);
    }
    for (const { def } of a.links) {
      if (!def.background) continue;
      const bg = def.background;
      const size = typeof bg.size === 'number' ? bg.size : distributionMean(bg.size);
      a.packets += ((bg.load * (def.forward.rate + def.reverse.rate)) / (8 * size)) * end;
    }
  }
  if (a.packets > LIMITS.packets) {
    a.problems.add(
      [],
      `this scenario would generate about ${a.packets.toExponential(1)} packets, more than the limit of ` +
        `${LIMITS.packets.toExponential(0)}: shorten the duration or lower the rates`,
    );
  }
  const sizes: [string, number, number][] = [
    ['nodes', a.nodes.length, LIMITS.nodes],
    ['links', a.links.length, LIMITS.links],
    ['flows', a.flowAt.size, LIMITS.flows],
  ];
  for (const [key, n, max] of sizes) if (n > max) a.problems.add([key], `${n} ${key} after expansion: at most ${max}`);
  const flows = a.section('flows');
  if (a.flows.length === 0 && flows.complete && a.section('nodes').complete && Array.isArray(a.raw.flows))
    a.problems.add(['flows'], 'the scenario has no flows: there would be nothing to measure');
}
