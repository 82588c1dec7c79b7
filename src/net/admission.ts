import { DropReason } from './drop.js';
import type { Flow } from './flow.js';
import { FlowAction, FlowStage, assertOnRoute, type StageAction } from './flow-stage.js';
import type { Network } from './network.js';

/**
 * What an admission pool reports: sessions asked for, let in, refused; sessions open now and at
 * most; and the units they hold now and at most (equal to the sessions when each takes one unit).
 */
export interface AdmissionCounts {
  requested: number;
  admitted: number;
  rejected: number;
  active: number;
  peak: number;
  activeUnits: number;
  peakUnits: number;
}

/**
 * A limit on concurrent sessions (VPN tunnels, Bastion sessions, gateway connections): a request
 * is admitted while the units it needs fit under `capacity`, refused otherwise. A session usually
 * takes one unit; a heavier one takes more (a Bastion RDP session counts as two SSH sessions).
 * Refusals are counted, never silent. Requests are served in call order, so with unit sessions the
 * (capacity + 1)-th concurrent request is the first refused.
 */
export class AdmissionPool {
  /** Sessions asked for, admitted, refused. */
  requested = 0;
  admitted = 0;
  rejected = 0;
  /** Sessions open now, and the most open at once. */
  active = 0;
  peak = 0;
  /** Units held now (what `capacity` limits), and the most held at once. */
  activeUnits = 0;
  peakUnits = 0;

  constructor(
    readonly name: string,
    /** Units held at once; `Infinity` for no limit. */
    readonly capacity: number,
  ) {
    if (!(capacity >= 0) || (capacity !== Infinity && !Number.isInteger(capacity))) {
      throw new RangeError(`admission pool '${name}': capacity must be an integer >= 0 or Infinity, got ${capacity}`);
    }
  }

  /** Asks for a session of `units`: true if admitted (the caller must {@link release} it later). */
  acquire(units = 1): boolean {
    if (!(units > 0)) throw new RangeError(`admission pool '${this.name}': units must be > 0, got ${units}`);
    this.requested++;
    if (this.activeUnits + units > this.capacity) {
      this.rejected++;
      return false;
    }
    this.admitted++;
    this.active++;
    this.activeUnits += units;
    if (this.active > this.peak) this.peak = this.active;
    if (this.activeUnits > this.peakUnits) this.peakUnits = this.activeUnits;
    return true;
  }

  /** Ends an admitted session of `units`. */
  release(units = 1): void {
    if (this.active < 1 || this.activeUnits < units)
      throw new Error(
        `admission pool '${this.name}': releasing a session of ${units} units, only ${this.active} sessions ` +
          `(${this.activeUnits} units) held`,
      );
    this.active--;
    this.activeUnits -= units;
  }

  counts(): AdmissionCounts {
    const { requested, admitted, rejected, active, peak, activeUnits, peakUnits } = this;
    return { requested, admitted, rejected, active, peak, activeUnits, peakUnits };
  }
}

/** Which way a flow crosses a session or tunnel: from its client towards the component, or back. */
export type Direction = 'from-client' | 'to-client';

/** One session: admitted or refused when opened; its flows are dropped once it is refused or closed. */
export class Session {
  open: boolean;
  readonly flows: { flow: Flow; direction: Direction }[] = [];

  constructor(
    readonly client: string,
    readonly units: number,
    readonly admitted: boolean,
  ) {
    this.open = admitted;
  }
}

/**
 * Zero-time flow stages a component keeps on its clients' nodes: on the origin side (what the
 * client sends) and the entering side (what the client receives). One per client node, created on
 * first use. Stages are part of a flow's route, so clients must be attached before routes are
 * installed (build the component before adding flows to the router).
 */
export class ClientStages {
  private readonly byNode = new Map<string, FlowStage>();

  constructor(
    private readonly net: Network,
    private readonly reason: DropReason,
  ) {}

  /** Creates the client's stage (once), registered on its node both as origin stage and as entering stage. */
  attach(client: string): FlowStage {
    let stage = this.byNode.get(client);
    if (stage === undefined) {
      const node = this.net.node(client);
      stage = new FlowStage(this.net, this.reason);
      node.originStages.push(stage);
      node.stages.push(stage);
      this.byNode.set(client, stage);
    }
    return stage;
  }

  /** The stage of a client attached before; throws for one never attached (its flows' routes lack the stage). */
  of(client: string): FlowStage {
    const stage = this.byNode.get(client);
    if (stage === undefined) throw new Error(`client '${client}' was never attached (attach it before routing)`);
    return stage;
  }
}

export interface SessionLimiterOptions {
  /** Names the pool in results. */
  id: string;
  /** The component's node: packets towards a refused client are dropped there. */
  node: string;
  /** Units held at once (sessions, or a weighted count). */
  capacity: number;
}

/**
 * A session-limited component (Bastion, an Application Gateway's connection table): a session is
 * admitted while capacity lasts; a refused client sends nothing (its packets are dropped at its own
 * node, reason `admission`) and nothing is sent back to it (dropped at the component's node).
 */
export class SessionLimiter {
  readonly pool: AdmissionPool;
  private readonly gate: FlowStage;
  private readonly clients: ClientStages;

  constructor(
    private readonly net: Network,
    readonly options: SessionLimiterOptions,
  ) {
    this.pool = new AdmissionPool(options.id, options.capacity);
    this.gate = new FlowStage(net, DropReason.Admission);
    net.node(options.node).stages.push(this.gate);
    this.clients = new ClientStages(net, DropReason.Admission);
  }

  attach(client: string): void {
    this.clients.attach(client);
  }

  /** Asks for a session for `client` now; its flows are given with {@link carry}. */
  open(client: string, units = 1): Session {
    this.clients.attach(client);
    return new Session(client, units, this.pool.acquire(units));
  }

  /** Puts a flow in the session: if the session is refused or closed, the flow's packets are dropped. */
  carry(session: Session, flow: Flow, direction: Direction): void {
    assertOnRoute(
      flow,
      direction === 'from-client' ? this.clients.of(session.client) : this.gate,
      `the session stages of '${this.options.id}'`,
    );
    session.flows.push({ flow, direction });
    if (!session.open) this.block(session.client, flow, direction);
  }

  /**
   * A client whose packets are not simulated (a hybrid population's fluid user) asks for a session
   * of `units` now: counted and admitted or refused exactly as {@link open} would, held for the run.
   */
  count(units = 1): boolean {
    return this.pool.acquire(units);
  }

  /**
   * What this component's stages would do with a flow of `client` (attached) if its session were
   * admitted or refused, without setting anything: {@link carry}'s action, for a client counted with
   * {@link count} that follows the route of `client`'s flow.
   */
  actionsFor(client: string, direction: Direction, admitted: boolean): StageAction[] {
    return [{ stage: this.stageOf(client, direction), action: admitted ? FlowAction.Pass : FlowAction.Drop, bytes: 0 }];
  }

  /** Ends a session: its units return to the pool and its flows' packets are dropped from now on. */
  close(session: Session): void {
    if (!session.open) return;
    session.open = false;
    this.pool.release(session.units);
    for (const { flow, direction } of session.flows) this.block(session.client, flow, direction);
  }

  private block(client: string, flow: Flow, direction: Direction): void {
    this.stageOf(client, direction).set(flow, FlowAction.Drop);
  }

  /** The stage a flow of `client` crosses here: the client's own on the way in, the gate on the way back. */
  private stageOf(client: string, direction: Direction): FlowStage {
    return direction === 'from-client' ? this.clients.of(client) : this.gate;
  }
}
