/**
 * The catalog kinds' build steps, by kind. They are kept apart from the kinds (../index.ts) because
 * they import the simulator's pieces (tunnel gateways, session limiters, flow recorders), and checking
 * a file compiles every kind but builds none: `netsim validate` loads this module never. `Registry.builtins`
 * (scenario/registry.ts) is made with {@link catalogBuildStep} as its resolver, and the build layer asks the
 * registry. Measured in bench/RESULTS.md, "Fast start, round two".
 *
 * Keyed by the kind itself, not its name: a registry may give a catalog kind's name to another kind,
 * which then builds with its own `build` (or not at all).
 */
import type { BuildStep, NodeKind, NodeSpec } from '../../../spec/kind.js';
import { appGateway, bastion, expressRoute, firewall, multicloudInterconnect } from '../azure.js';
import { site } from '../places.js';
import { population } from '../population.js';
import { azureVpnGatewayKind, virtualWanHub, vpnConcentrator } from '../vpn.js';
import { buildAppGateway, buildBastion, buildCircuitGateway, buildFirewall } from './azure.js';
import { buildSite } from './places.js';
import { buildPopulation } from './population.js';
import { buildAzureVpnGateway, buildConcentrator, buildVirtualWanHub } from './vpn.js';

/** One kind's entry, typed by its spec. */
const step = <S extends NodeSpec>(kind: NodeKind<S>, build: BuildStep<S>): [NodeKind, BuildStep] => [
  kind as NodeKind,
  build as BuildStep,
];

/** Catalog kinds with runtime parts; the others (vnet, internet transit, Microsoft's network) are links only. */
const CATALOG_BUILDS: ReadonlyMap<NodeKind, BuildStep> = new Map([
  step(vpnConcentrator, buildConcentrator),
  step(azureVpnGatewayKind, buildAzureVpnGateway),
  step(virtualWanHub, buildVirtualWanHub),
  step(population, buildPopulation),
  step(site, buildSite),
  step(expressRoute, buildCircuitGateway),
  step(multicloudInterconnect, buildCircuitGateway),
  step(appGateway, buildAppGateway),
  step(firewall, buildFirewall),
  step(bastion, buildBastion),
]);

/** The catalog's build step for this kind; undefined for a kind that is not the catalog's, or builds nothing. */
export function catalogBuildStep(kind: NodeKind): BuildStep | undefined {
  return CATALOG_BUILDS.get(kind);
}
