/**
 * VNet peering (articles/virtual-network/virtual-network-peering-overview.md): same-region latency
 * equals that inside one VNet, no bandwidth limit beyond the VMs' own, and traffic stays on the
 * Microsoft backbone. The catalog therefore models a same-region peering as a zero-delay link with
 * no limit of its own (100 Gbps: the VMs' NIC links are the limit), and a global (cross-region)
 * peering as a link with the backbone's delay between the regions. Not modelled: VNet isolation
 * (every VNet also links to its region, so unpeered VNets reach each other through it) and the
 * non-transitivity of peering.
 */
export const PEERING = Object.freeze({
  /** Extra delay of a same-region peering over an intra-VNet hop. */
  sameRegionDelay: 0,
});
