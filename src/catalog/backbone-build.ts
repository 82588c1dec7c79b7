import type { Link, Network, QueueSpec } from '../net/index.js';
import { popOfPlace, type BackbonePlan } from './backbone.js';
import { popNode } from './pops.js';
import { Gbps } from './units.js';

export interface BackboneBuildOptions {
  /**
   * Rate of each link direction, bits/s. Default 100 Gbps: an assumption, the backbone is not the
   * bottleneck of any studied path (Microsoft reports more than 165,000 miles of fibre,
   * articles/networking/microsoft-global-network.md), while a 1500-byte packet still takes a
   * measurable 0.12 µs per hop.
   */
  rate?: number;
  queue?: QueueSpec;
  /** Node id of a region (default: its name, e.g. `eastus`). */
  regionId?: (name: string) => string;
  /** Node id of an edge POP (default: `pop-<name>`, e.g. `pop-seattle`). */
  popId?: (name: string) => string;
}

export interface BuiltBackbone {
  /** Node id by region name and by POP name. */
  regions: ReadonlyMap<string, string>;
  pops: ReadonlyMap<string, string>;
  links: readonly Link[];
}

export const REGION_KIND = 'region';
export const POP_KIND = 'edge-pop';

/**
 * Adds a planned backbone to a network: a node per region (kind `region`) and per POP (kind
 * `edge-pop`), and a full-duplex link per planned link with one-way delay RTT / 2 each way.
 * Link ids: `backbone:<a>-<b>` between regions, `edge:<pop>-<region>` for POP attachments.
 */
export function buildBackbone(net: Network, plan: BackbonePlan, options: BackboneBuildOptions = {}): BuiltBackbone {
  const rate = options.rate ?? 100 * Gbps;
  const regionId = options.regionId ?? ((n: string) => n);
  const popId = options.popId ?? popNode;
  const regions = new Map<string, string>();
  const pops = new Map<string, string>();
  for (const r of plan.regions) {
    regions.set(r.name, regionId(r.name));
    net.addNode(regionId(r.name), REGION_KIND);
  }
  for (const { pop } of plan.pops) {
    pops.set(pop.name, popId(pop.name));
    net.addNode(popId(pop.name), POP_KIND);
  }
  const nodeOf = (place: string): string => {
    const pop = popOfPlace(place);
    return pop !== null ? (pops.get(pop) as string) : (regions.get(place) as string);
  };
  const links: Link[] = [];
  for (const l of plan.links) {
    const from = nodeOf(l.a);
    const to = nodeOf(l.b);
    const delay = l.rttMs / 2 / 1000;
    const id = backboneLinkId(l);
    links.push(
      net.addLink({
        id,
        from,
        to,
        forward: { rate, delay, queue: options.queue },
        reverse: { rate, delay, queue: options.queue },
      }),
    );
  }
  return { regions, pops, links };
}

/** A planned backbone link's id: `backbone:<a>-<b>` between regions, `edge:<pop>-<region>` for a POP's attachment. */
export function backboneLinkId(l: { a: string; b: string; source: string }): string {
  const pop = popOfPlace(l.a);
  return pop !== null && l.source === 'pop' ? `edge:${pop}-${l.b}` : `backbone:${l.a}-${l.b}`;
}
