import type { TunnelGatewayOptions, TunnelProtocol } from '../net/index.js';
import type { RawProblem } from '../spec/problems.js';
import { ASSUMED_PROCESSING_DELAY } from './appliance.js';
import { Gbps, Mbps } from './units.js';
import { S2S_IPSEC, protocolConflict, vpnProtocol, type VpnProtocolName } from './vpn-protocols.js';

export type VpnGatewayGeneration = 1 | 2;

/** An Azure VPN Gateway SKU of one generation. */
export interface VpnGatewaySku {
  generation: VpnGatewayGeneration;
  sku: string;
  /** Site-to-site (and VNet-to-VNet) tunnels. */
  s2sTunnels: number;
  /** Concurrent SSTP point-to-site connections. */
  sstp: number;
  /** Concurrent IKEv2 and OpenVPN point-to-site connections, together; 0: not supported. */
  ikev2OpenVpn: number;
  /** Aggregate throughput, S2S and P2S together, bits/s. */
  throughput: number;
  /** Single-tunnel throughput with GCMAES256, bits/s, where published. */
  perTunnel?: number;
  /** Single-tunnel packet rate with GCMAES256, packets/s, where published. */
  perTunnelPps?: number;
}

/**
 * Source: MicrosoftDocs/azure-docs includes/vpn-gateway-table-gwtype-aggtput-include.md (tunnels,
 * connections, aggregate throughput) and includes/vpn-gateway-table-sku-performance.md (per-tunnel
 * GCMAES256 figures), as quoted in shared/reference/azure-remote-work.md. "SSTP supports up to 128
 * concurrent connections only regardless of the gateway SKU" (articles/vpn-gateway/ikev2-openvpn-from-sstp.md).
 * Generation 1 offers Basic and VpnGw1–3; generation 2 offers VpnGw2–5.
 */
export const VPN_GATEWAY_SKUS: readonly VpnGatewaySku[] = Object.freeze(
  [
    { generation: 1, sku: 'Basic', s2sTunnels: 10, sstp: 128, ikev2OpenVpn: 0, throughput: 100 * Mbps },
    {
      generation: 1,
      sku: 'VpnGw1',
      s2sTunnels: 30,
      sstp: 128,
      ikev2OpenVpn: 250,
      throughput: 650 * Mbps,
      perTunnel: 650 * Mbps,
      perTunnelPps: 62_000,
    },
    { generation: 1, sku: 'VpnGw2', s2sTunnels: 30, sstp: 128, ikev2OpenVpn: 500, throughput: 1 * Gbps },
    { generation: 1, sku: 'VpnGw3', s2sTunnels: 30, sstp: 128, ikev2OpenVpn: 1000, throughput: 1.25 * Gbps },
    { generation: 2, sku: 'VpnGw2', s2sTunnels: 30, sstp: 128, ikev2OpenVpn: 500, throughput: 1.25 * Gbps },
    {
      generation: 2,
      sku: 'VpnGw3',
      s2sTunnels: 30,
      sstp: 128,
      ikev2OpenVpn: 1000,
      throughput: 2.5 * Gbps,
      perTunnel: 1.5 * Gbps,
    },
    {
      generation: 2,
      sku: 'VpnGw4',
      s2sTunnels: 100,
      sstp: 128,
      ikev2OpenVpn: 5000,
      throughput: 5 * Gbps,
      perTunnel: 2.3 * Gbps,
      perTunnelPps: 220_000,
    },
    {
      generation: 2,
      sku: 'VpnGw5',
      s2sTunnels: 100,
      sstp: 128,
      ikev2OpenVpn: 10000,
      throughput: 10 * Gbps,
      perTunnel: 2.3 * Gbps,
      perTunnelPps: 220_000,
    },
  ].map((s) => Object.freeze(s as VpnGatewaySku)),
);

function skuList(): string {
  return VPN_GATEWAY_SKUS.map((s) => `gen${s.generation} ${s.sku}`).join(', ');
}

/** The SKU of that name and generation (default generation: the SKU's only one, or 2 when both exist). */
export function vpnGatewaySku(sku: string, generation?: VpnGatewayGeneration): VpnGatewaySku {
  const matches = VPN_GATEWAY_SKUS.filter((s) => s.sku.toLowerCase() === sku.toLowerCase());
  if (matches.length === 0) throw new Error(`unknown VPN gateway SKU '${sku}' (known: ${skuList()})`);
  if (generation === undefined) return matches.find((s) => s.generation === 2) ?? matches[0];
  const m = matches.find((s) => s.generation === generation);
  if (!m) throw new Error(`VPN gateway SKU '${sku}' does not exist in generation ${generation} (known: ${skuList()})`);
  return m;
}

export interface AzureVpnGatewayConfig {
  /** Names the gateway in results. */
  id: string;
  /** The node it sits on. */
  node: string;
  sku: string;
  generation?: VpnGatewayGeneration;
  /** Point-to-site protocols enabled (default: ikev2 and openvpn, or sstp on Basic). */
  protocols?: readonly VpnProtocolName[];
  /** Per-packet processing latency, seconds (default: {@link ASSUMED_PROCESSING_DELAY}). */
  processingDelay?: number;
}

/** Pool names of an Azure VPN gateway, as tunnel protocols refer to them. */
export const S2S_PROTOCOL = 's2s';

/**
 * Checks a gateway configuration: SKU and generation exist (problems at `sku`), the protocols may
 * coexist and the SKU supports them (Basic has no IKEv2/OpenVPN; at `protocols`). Returns every
 * problem, at the key of the configuration it concerns (empty when valid).
 */
export function vpnGatewayProblems(
  config: Pick<AzureVpnGatewayConfig, 'sku' | 'generation' | 'protocols'>,
): RawProblem[] {
  let sku: VpnGatewaySku;
  try {
    sku = vpnGatewaySku(config.sku, config.generation);
  } catch (e) {
    return [{ path: ['sku'], message: (e as Error).message }];
  }
  const problems: RawProblem[] = [];
  const protocols = config.protocols ?? p2sProtocols(sku);
  try {
    const conflict = protocolConflict(protocols);
    if (conflict) problems.push({ path: ['protocols'], message: conflict });
  } catch (e) {
    problems.push({ path: ['protocols'], message: (e as Error).message });
  }
  if (sku.ikev2OpenVpn === 0) {
    for (const p of protocols)
      if (p !== 'sstp')
        problems.push({
          path: ['protocols'],
          message: `SKU ${sku.sku} does not support ${p} (point-to-site on ${sku.sku} is SSTP only)`,
        });
  }
  return problems;
}

/** The point-to-site protocols a SKU runs unless configured: IKEv2 and OpenVPN, or SSTP on Basic. */
export function p2sProtocols(sku: VpnGatewaySku): VpnProtocolName[] {
  return sku.ikev2OpenVpn === 0 ? ['sstp'] : ['ikev2', 'openvpn'];
}

/**
 * The runtime gateway (net/tunnel.ts) for an Azure SKU: pools `sstp` (128), `ikev2-openvpn` (per
 * SKU, shared by both) and `s2s` (per SKU); the SKU's aggregate throughput as processing rate;
 * overheads from vpn-protocols.ts. Throws the problems of {@link vpnGatewayProblems}.
 */
export function azureVpnGateway(config: AzureVpnGatewayConfig): TunnelGatewayOptions {
  const problems = vpnGatewayProblems(config);
  if (problems.length > 0) throw new Error(`VPN gateway '${config.id}': ${problems.map((p) => p.message).join('; ')}`);
  const sku = vpnGatewaySku(config.sku, config.generation);
  const protocols: TunnelProtocol[] = (config.protocols ?? p2sProtocols(sku)).map((name) => {
    const p = vpnProtocol(name);
    return { name, pool: p.pool, overhead: p.overhead };
  });
  protocols.push({ name: S2S_PROTOCOL, pool: S2S_PROTOCOL, overhead: S2S_IPSEC.overhead });
  return {
    id: config.id,
    node: config.node,
    throughput: sku.throughput,
    processingDelay: config.processingDelay ?? ASSUMED_PROCESSING_DELAY,
    pools: { sstp: sku.sstp, 'ikev2-openvpn': sku.ikev2OpenVpn, [S2S_PROTOCOL]: sku.s2sTunnels },
    protocols,
  };
}

export interface OnPremConcentratorConfig {
  id: string;
  node: string;
  /** Aggregate throughput, bits/s. */
  throughput?: number;
  /** Concurrent tunnels (all protocols together). */
  tunnels?: number;
  protocols?: readonly VpnProtocolName[];
  processingDelay?: number;
}

/**
 * ASSUMPTION (no public figure for "a typical concentrator"; set your appliance's figures): an
 * on-premises remote-access VPN concentrator running SSTP with 1 Gbps of crypto throughput and 128
 * concurrent tunnels, the SSTP limit of every Azure SKU, so that an on-premises "before" and an
 * Azure "after" compare at the same SSTP capacity unless the scenario says otherwise.
 */
export const ON_PREM_CONCENTRATOR_DEFAULTS = Object.freeze({
  throughput: 1 * Gbps,
  tunnels: 128,
  protocols: Object.freeze(['sstp'] as VpnProtocolName[]),
});

/**
 * The runtime gateway for an on-premises concentrator: one pool shared by every protocol it runs
 * (the SSTP/OpenVPN port clash is Azure's; an appliance may run both on different ports).
 */
export function onPremConcentrator(config: OnPremConcentratorConfig): TunnelGatewayOptions {
  const protocols = config.protocols ?? ON_PREM_CONCENTRATOR_DEFAULTS.protocols;
  if (new Set(protocols).size !== protocols.length)
    throw new Error(`VPN concentrator '${config.id}': a protocol is listed twice`);
  return {
    id: config.id,
    node: config.node,
    throughput: config.throughput ?? ON_PREM_CONCENTRATOR_DEFAULTS.throughput,
    processingDelay: config.processingDelay ?? ASSUMED_PROCESSING_DELAY,
    pools: { tunnels: config.tunnels ?? ON_PREM_CONCENTRATOR_DEFAULTS.tunnels },
    protocols: protocols.map((name) => ({ name, pool: 'tunnels', overhead: vpnProtocol(name).overhead })),
  };
}
