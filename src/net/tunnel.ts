import { AdmissionPool, ClientStages, type AdmissionCounts, type Direction } from './admission.js';
import type { Channel } from './channel.js';
import { DropReason } from './drop.js';
import type { Flow } from './flow.js';
import { FlowAction, FlowStage, assertOnRoute, type StageAction } from './flow-stage.js';
import type { Network } from './network.js';
import type { QueueSpec } from './queue/index.js';

/** A tunnel protocol as the gateway sees it: which admission pool it draws from, what it adds per packet. */
export interface TunnelProtocol {
  name: string;
  /** Pool name: protocols sharing a limit share a pool (IKEv2 and OpenVPN on Azure). */
  pool: string;
  /** Bytes of encapsulation added to every packet inside the tunnel. */
  overhead: number;
}

export interface TunnelGatewayOptions {
  /** Names the gateway in results and its processing stage (`<id>:crypto`). */
  id: string;
  /** The node the gateway sits on. */
  node: string;
  /** Aggregate throughput, bits/s: the rate of the processing stage every packet crosses. */
  throughput: number;
  /** Per-packet processing latency, seconds (pipelined: it adds delay, not service time). */
  processingDelay: number;
  /** The processing stage's queue (default: the network's default queue). */
  queue?: QueueSpec;
  /** Concurrent tunnels per pool. */
  pools: Readonly<Record<string, number>>;
  protocols: readonly TunnelProtocol[];
}

/** One client's tunnel: admitted or refused when requested. */
export class Tunnel {
  open: boolean;
  readonly flows: { flow: Flow; direction: Direction }[] = [];

  constructor(
    readonly client: string,
    readonly protocol: TunnelProtocol,
    readonly admitted: boolean,
  ) {
    this.open = admitted;
  }
}

/** Requested, admitted, rejected tunnels of one protocol; tunnels open now and at most. */
export type TunnelCounts = Omit<AdmissionCounts, 'activeUnits' | 'peakUnits'>;

/**
 * A VPN gateway: tunnel admission per protocol, encapsulation, and an aggregate processing stage.
 *
 * A tunnel runs between a client node (the user's machine for point-to-site, the on-premises VPN
 * device for site-to-site) and the gateway node. Inside it every packet carries the protocol's
 * overhead: the client adds it to what it sends and removes it from what it receives; the gateway
 * does the reverse. The gateway's processing stage (rate = aggregate throughput) sees packets with
 * their encapsulation in both directions, because it encrypts and decrypts the whole tunnel packet.
 *
 * A refused tunnel carries nothing: the client drops what it would send through it, and the
 * gateway drops what it would send back (reason `tunnel`), so the refusal is counted as loss.
 */
export class TunnelGateway {
  /** The aggregate throughput stage (a channel from the node to itself). */
  readonly stage: Channel;
  private readonly protocols = new Map<string, TunnelProtocol>();
  private readonly pools = new Map<string, AdmissionPool>();
  private readonly byProtocol = new Map<string, TunnelCounts>();
  /** Before the processing stage: encapsulates traffic towards clients, drops it for refused ones. */
  private readonly toTunnel: FlowStage;
  /** After the processing stage: decapsulates traffic arriving from clients. */
  private readonly fromTunnel: FlowStage;
  private readonly clients: ClientStages;

  constructor(
    private readonly net: Network,
    readonly options: TunnelGatewayOptions,
  ) {
    for (const [name, capacity] of Object.entries(options.pools))
      this.pools.set(name, new AdmissionPool(`${options.id}:${name}`, capacity));
    for (const p of options.protocols) {
      if (!this.pools.has(p.pool))
        throw new Error(`gateway '${options.id}': protocol '${p.name}' uses unknown pool '${p.pool}'`);
      if (!(p.overhead >= 0))
        throw new RangeError(`gateway '${options.id}': protocol '${p.name}' overhead must be >= 0`);
      this.protocols.set(p.name, p);
      this.byProtocol.set(p.name, { requested: 0, admitted: 0, rejected: 0, active: 0, peak: 0 });
    }
    const node = net.node(options.node);
    this.toTunnel = new FlowStage(net, DropReason.Tunnel);
    this.fromTunnel = new FlowStage(net, DropReason.Tunnel);
    node.stages.push(this.toTunnel);
    this.stage = net.addStage(`${options.id}:crypto`, options.node, {
      rate: options.throughput,
      delay: options.processingDelay,
      queue: options.queue,
    });
    node.stages.push(this.fromTunnel);
    this.clients = new ClientStages(net, DropReason.Tunnel);
  }

  get id(): string {
    return this.options.id;
  }

  /** Protocol names this gateway accepts. */
  get protocolNames(): string[] {
    return [...this.protocols.keys()];
  }

  /** Registers a client's node stages before routes are installed (see {@link ClientStages}). */
  attach(client: string): void {
    this.clients.attach(client);
  }

  /** A client asks for a tunnel now: admitted if its protocol's pool has room, refused otherwise. */
  open(client: string, protocol: string): Tunnel {
    const p = this.protocol(protocol);
    this.clients.attach(client);
    return new Tunnel(client, p, this.admit(p));
  }

  /**
   * A client whose packets are not simulated (a hybrid population's fluid user) asks for a tunnel
   * now: counted and admitted or refused exactly as {@link open} would, holding its slot for the run.
   */
  count(protocol: string): boolean {
    return this.admit(this.protocol(protocol));
  }

  /**
   * What this gateway's stages would do with a flow of `client` (attached) if its tunnel were
   * admitted or refused, without setting anything: {@link carry}'s actions, for a client counted
   * with {@link count} that follows the route of `client`'s flow.
   */
  actionsFor(client: string, protocol: string, direction: Direction, admitted: boolean): StageAction[] {
    const [entry, exit] = this.ends(client, direction);
    const bytes = this.protocol(protocol).overhead;
    return admitted
      ? [
          { stage: entry, action: FlowAction.Grow, bytes },
          { stage: exit, action: FlowAction.Shrink, bytes },
        ]
      : [
          { stage: entry, action: FlowAction.Drop, bytes: 0 },
          { stage: exit, action: FlowAction.Pass, bytes: 0 },
        ];
  }

  private protocol(name: string): TunnelProtocol {
    const p = this.protocols.get(name);
    if (!p)
      throw new Error(
        `gateway '${this.id}' does not accept protocol '${name}' (accepts: ${this.protocolNames.join(', ')})`,
      );
    return p;
  }

  private admit(p: TunnelProtocol): boolean {
    const admitted = (this.pools.get(p.pool) as AdmissionPool).acquire();
    const c = this.byProtocol.get(p.name) as TunnelCounts;
    c.requested++;
    if (admitted) {
      c.admitted++;
      c.active++;
      if (c.active > c.peak) c.peak = c.active;
    } else {
      c.rejected++;
    }
    return admitted;
  }

  /**
   * Routes a flow through a tunnel (the flow's path must pass the client node and the gateway
   * node): `from-client` flows are encapsulated at the client and decapsulated here; `to-client`
   * flows the other way round. Flows of a refused or closed tunnel are dropped.
   */
  carry(tunnel: Tunnel, flow: Flow, direction: Direction): void {
    const client = this.clients.of(tunnel.client);
    assertOnRoute(flow, client, `the tunnel stage of client '${tunnel.client}'`);
    assertOnRoute(flow, direction === 'from-client' ? this.fromTunnel : this.toTunnel, `gateway '${this.id}'`);
    tunnel.flows.push({ flow, direction });
    if (tunnel.open) this.encapsulate(tunnel, flow, direction);
    else this.block(tunnel, flow, direction);
  }

  /** Tears a tunnel down: its slot returns to the pool; its flows are dropped from now on. */
  close(tunnel: Tunnel): void {
    if (!tunnel.open) return;
    tunnel.open = false;
    (this.pools.get(tunnel.protocol.pool) as AdmissionPool).release();
    (this.byProtocol.get(tunnel.protocol.name) as TunnelCounts).active--;
    for (const { flow, direction } of tunnel.flows) this.block(tunnel, flow, direction);
  }

  /** Counts by protocol, in the order the protocols were given. */
  counts(): Record<string, TunnelCounts> {
    const out: Record<string, TunnelCounts> = {};
    for (const [name, c] of this.byProtocol) out[name] = { ...c };
    return out;
  }

  /** Where a flow enters the tunnel (encapsulated) and leaves it (decapsulated), in the flow's direction. */
  private ends(client: string, direction: Direction): [FlowStage, FlowStage] {
    const stage = this.clients.of(client);
    return direction === 'from-client' ? [stage, this.fromTunnel] : [this.toTunnel, stage];
  }

  private encapsulate(tunnel: Tunnel, flow: Flow, direction: Direction): void {
    const [entry, exit] = this.ends(tunnel.client, direction);
    const bytes = tunnel.protocol.overhead;
    entry.set(flow, FlowAction.Grow, bytes);
    exit.set(flow, FlowAction.Shrink, bytes);
  }

  /**
   * Drops the flow where it would enter the tunnel. The far end keeps its action, so packets
   * already inside a tunnel that closes are still decapsulated when they arrive.
   */
  private block(tunnel: Tunnel, flow: Flow, direction: Direction): void {
    this.ends(tunnel.client, direction)[0].set(flow, FlowAction.Drop);
  }
}
