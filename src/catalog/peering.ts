/**
 * VNet peering (articles/virtual-network/virtual-network-peering-overview.md): same-region latency
 * equals that inside one VNet, no bandwidth limit beyond the VMs' own, and traffic stays on the
 * Microsoft backbone. The catalog therefore models a same-region peering as a zero-delay link of
 * the VMs' rate, and a global (cross-region) peering as the backbone path between the regions.
 */
export const PEERING = Object.freeze({
  /** Extra delay of a same-region peering over an intra-VNet hop. */
  sameRegionDelay: 0,
});
