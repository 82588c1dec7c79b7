import type { DropReason } from './drop.js';
import type { Flow } from './flow.js';
import type { Hop, Packet } from './packet.js';

/** What a per-flow stage does with a flow's packets. */
export enum FlowAction {
  /** Forward unchanged (flows the component does not know). */
  Pass = 0,
  /** Drop: the flow's session or tunnel was refused or closed. */
  Drop = 1,
  /** Add the stage's overhead bytes, then forward (entering a tunnel). */
  Grow = 2,
  /** Remove the stage's overhead bytes, then forward (leaving a tunnel). */
  Shrink = 3,
}

/**
 * What a stage would do with a flow's packets, without being set: a component's answer for a client
 * it counts but does not simulate (a hybrid population's fluid users follow a sample's route with it).
 */
export interface StageAction {
  stage: FlowStage;
  action: FlowAction;
  bytes: number;
}

/** Forwards a packet that finished a zero-time stage: what a stage needs from the network. */
export interface StageHost {
  forward(pkt: Packet): void;
  drop(pkt: Packet, reason: DropReason): void;
  /** Drops a packet whose loss is known ahead of the clock, at the time `t` it happens. */
  dropAt(pkt: Packet, reason: DropReason, t: number): void;
  /** Set once the network is fused (Network.fuse): fused chains then cross stages ahead of the clock. */
  readonly fused: boolean;
}

/**
 * A zero-time stage that acts on each packet by its flow: pass, drop, or grow/shrink its size by
 * a per-flow number of bytes. Actions live in arrays indexed by `flow.index`, so the per-packet
 * cost is two array reads (no Map lookup, no allocation).
 */
export class FlowStage implements Hop {
  private actions = new Uint8Array(16);
  private bytes = new Float64Array(16);

  constructor(
    private readonly host: StageHost,
    /** The reason recorded for dropped packets (tunnel, admission). */
    private readonly reason: DropReason,
  ) {}

  set(flow: Flow, action: FlowAction, bytes = 0): void {
    // Fused chains apply stages ahead of the clock ({@link cross}): an action changed later would
    // apply to packets that reached the stage before the change.
    if (this.host.fused)
      throw new Error(`flow '${flow.id}': a flow stage's actions are fixed once the network is fused`);
    const i = flow.index;
    if (i >= this.actions.length) this.grow(i + 1);
    this.actions[i] = action;
    this.bytes[i] = bytes;
  }

  actionOf(flow: Flow): FlowAction {
    const i = flow.index;
    return i < this.actions.length ? (this.actions[i] as FlowAction) : FlowAction.Pass;
  }

  /** The bytes a Grow or Shrink action of the flow adds or removes (0 otherwise). */
  bytesOf(flow: Flow): number {
    const i = flow.index;
    return i < this.bytes.length ? this.bytes[i] : 0;
  }

  send(pkt: Packet): void {
    if (this.apply(pkt)) this.host.forward(pkt);
    else this.host.drop(pkt, this.reason);
  }

  /**
   * What {@link send} does, for a packet reaching the stage at `pkt.at`, ahead of the clock (a fused
   * chain crossing the stage: Channel.toFarEnd): true if it goes on, with its size changed if the
   * action says so; false if it was dropped here (at `pkt.at`).
   */
  cross(pkt: Packet): boolean {
    if (this.apply(pkt)) return true;
    this.host.dropAt(pkt, this.reason, pkt.at);
    return false;
  }

  /** Applies the packet's flow's action: false if it drops the packet (the caller records the drop). */
  private apply(pkt: Packet): boolean {
    const i = pkt.flow.index;
    const action = i < this.actions.length ? this.actions[i] : FlowAction.Pass;
    if (action === FlowAction.Pass) return true;
    if (action === FlowAction.Drop) return false;
    pkt.size += action === FlowAction.Grow ? this.bytes[i] : -this.bytes[i];
    return true;
  }

  private grow(min: number): void {
    let n = this.actions.length;
    while (n < min) n *= 2;
    const actions = new Uint8Array(n);
    actions.set(this.actions);
    const bytes = new Float64Array(n);
    bytes.set(this.bytes);
    this.actions = actions;
    this.bytes = bytes;
  }
}

/**
 * Stages are copied into a flow's route when the route is installed, so a stage created after that
 * would silently never see the flow's packets. Components call this when they take a flow on.
 */
export function assertOnRoute(flow: Flow, stage: Hop, where: string): void {
  if (flow.route !== null && !flow.route.includes(stage)) {
    throw new Error(
      `flow '${flow.id}' was routed before ${where} existed: create components and attach clients before adding ` +
        `flows to the router`,
    );
  }
}
