/** Point-to-site VPN protocols of Azure VPN Gateway. */
export type VpnProtocolName = 'sstp' | 'ikev2' | 'openvpn';

/** One header a tunnel adds to every packet, with where its size comes from. */
export interface HeaderPart {
  name: string;
  bytes: number;
  source: string;
}

export interface VpnProtocol {
  name: VpnProtocolName;
  transport: 'tcp' | 'udp';
  ports: readonly number[];
  /** The headers added around each inner IP packet, outermost first. */
  headers: readonly HeaderPart[];
  /** Bytes added per packet: the sum of `headers`. */
  overhead: number;
  /** Which admission pool of a gateway it draws from (vpn-gateway.ts). */
  pool: 'sstp' | 'ikev2-openvpn';
}

const IPV4: HeaderPart = { name: 'outer IPv4 header', bytes: 20, source: 'RFC 791, no options' };
const TCP: HeaderPart = {
  name: 'TCP header',
  bytes: 20,
  source: 'RFC 9293, no options (Windows clients do not send timestamps by default)',
};

/** IPsec ESP in tunnel mode with AES-256-GCM: 35.5 bytes after the outer IP (and UDP) header. */
const ESP: readonly HeaderPart[] = [
  { name: 'ESP header: SPI 4 + sequence number 4', bytes: 8, source: 'RFC 4303' },
  { name: 'AES-GCM IV', bytes: 8, source: 'RFC 4106' },
  { name: 'ESP trailer: pad length 1 + next header 1', bytes: 2, source: 'RFC 4303' },
  { name: 'ESP padding to a 4-byte boundary, mean of 0–3', bytes: 1.5, source: 'RFC 4303 §2.4' },
  { name: 'AES-GCM integrity check value', bytes: 16, source: 'RFC 4106' },
];

function sum(headers: readonly HeaderPart[]): number {
  return headers.reduce((s, h) => s + h.bytes, 0);
}

function protocol(p: Omit<VpnProtocol, 'overhead'>): VpnProtocol {
  return Object.freeze({
    ...p,
    headers: Object.freeze(p.headers.map((h) => Object.freeze(h))),
    overhead: sum(p.headers),
  });
}

/**
 * Encapsulation overhead per packet, derived from header sizes (tunnel MTU and fragmentation are
 * not modelled: every packet grows by the overhead). Ciphers: AES-256-GCM everywhere, the suite
 * Azure's per-tunnel figures are given for (GCMAES256, includes/vpn-gateway-table-sku-performance.md).
 */
export const VPN_PROTOCOLS: Readonly<Record<VpnProtocolName, VpnProtocol>> = Object.freeze({
  // SSTP: PPP frames in SSTP data packets in TLS on TCP 443 (MS-SSTP). 77 bytes.
  sstp: protocol({
    name: 'sstp',
    transport: 'tcp',
    ports: [443],
    pool: 'sstp',
    headers: [
      IPV4,
      TCP,
      {
        name: 'TLS 1.2 record: header 5 + GCM explicit nonce 8 + tag 16',
        bytes: 29,
        source: 'RFC 5246 §6.2, RFC 5288',
      },
      { name: 'SSTP data packet header', bytes: 4, source: 'MS-SSTP §2.2.3' },
      {
        name: 'PPP address, control and protocol fields',
        bytes: 4,
        source: 'RFC 1661, RFC 1662 (no address/control compression assumed)',
      },
    ],
  }),
  // IKEv2: IPsec ESP in tunnel mode, UDP-encapsulated on port 4500 because home users sit behind
  // NAT (NAT traversal). 63.5 bytes: 62 fixed plus the mean of 0–3 bytes of padding.
  ikev2: protocol({
    name: 'ikev2',
    transport: 'udp',
    ports: [500, 4500],
    pool: 'ikev2-openvpn',
    headers: [IPV4, { name: 'UDP header (NAT traversal)', bytes: 8, source: 'RFC 3948' }, ...ESP],
  }),
  // OpenVPN: TLS-keyed data channel in tun mode over TCP 443 (Azure's OpenVPN listens on TCP 443,
  // which is why it cannot coexist with SSTP). 66 bytes.
  openvpn: protocol({
    name: 'openvpn',
    transport: 'tcp',
    ports: [443],
    pool: 'ikev2-openvpn',
    headers: [
      IPV4,
      TCP,
      {
        name: 'OpenVPN packet length (TCP framing)',
        bytes: 2,
        source: 'OpenVPN protocol: TCP packets are length-prefixed',
      },
      { name: 'P_DATA_V2 opcode/key id 1 + peer id 3', bytes: 4, source: 'OpenVPN protocol, data channel v2' },
      { name: 'packet id (GCM nonce part)', bytes: 4, source: 'OpenVPN AEAD data channel' },
      { name: 'AES-GCM tag', bytes: 16, source: 'OpenVPN AEAD data channel' },
    ],
  }),
});

/**
 * Site-to-site tunnels: IPsec ESP in tunnel mode between public addresses (no NAT traversal):
 * the IKEv2 headers without the UDP header, 55.5 bytes.
 */
export const S2S_IPSEC: Readonly<{ headers: readonly HeaderPart[]; overhead: number }> = Object.freeze({
  headers: Object.freeze([IPV4, ...ESP]),
  overhead: sum([IPV4, ...ESP]),
});

export function vpnProtocolNames(): VpnProtocolName[] {
  return Object.keys(VPN_PROTOCOLS) as VpnProtocolName[];
}

export function vpnProtocol(name: string): VpnProtocol {
  const p = (VPN_PROTOCOLS as Record<string, VpnProtocol>)[name];
  if (!p) throw new Error(`unknown VPN protocol '${name}' (known: ${vpnProtocolNames().join(', ')})`);
  return p;
}

/**
 * Which protocols one gateway may run together. SSTP and IKEv2 may; SSTP and OpenVPN may not (both
 * TLS on TCP 443) (articles/vpn-gateway/ikev2-openvpn-from-sstp.md). Returns the problem, or null.
 */
export function protocolConflict(protocols: readonly string[]): string | null {
  for (const p of protocols) vpnProtocol(p);
  if (new Set(protocols).size !== protocols.length) return 'a protocol is listed twice';
  if (protocols.includes('sstp') && protocols.includes('openvpn'))
    return 'SSTP and OpenVPN cannot run on the same gateway (both use TLS on TCP 443)';
  return null;
}
