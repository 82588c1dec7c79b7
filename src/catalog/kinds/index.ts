/**
 * The catalog's node kinds: each lives beside the catalog data it expands, and this list is what
 * the built-in registry (src/scenario/registry.ts) adds to the core kinds. A new catalog kind is
 * one file here and one entry below.
 */
import type { NodeKind } from '../../spec/kind.js';
import { appGateway, bastion, expressRoute, firewall, multicloudInterconnect, vnet } from './azure.js';
import { microsoftNetwork } from './microsoft.js';
import { internetTransit, site } from './places.js';
import { population } from './population.js';
import { azureVpnGatewayKind, virtualWanHub, vpnConcentrator } from './vpn.js';

export { appGateway, bastion, expressRoute, firewall, multicloudInterconnect, vnet } from './azure.js';
export { microsoftNetwork } from './microsoft.js';
export { internetTransit, site } from './places.js';
export { population, populationPlaces, type PopulationSpec, type PopulationPlace } from './population.js';
export { azureVpnGatewayKind, virtualWanHub, vpnConcentrator } from './vpn.js';
export { catalogKind, type CatalogKind, type Where, type P2sGateway } from './kind.js';
export { homeUser, type UserSpec, type UserApp } from './users.js';

/** Every catalog kind, in the order the JSON Schema lists them. */
export const catalogKinds: readonly NodeKind[] = Object.freeze([
  vpnConcentrator,
  azureVpnGatewayKind,
  virtualWanHub,
  population,
  site,
  internetTransit,
  microsoftNetwork,
  vnet,
  expressRoute,
  multicloudInterconnect,
  appGateway,
  firewall,
  bastion,
]);
