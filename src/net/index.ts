export { Network, type LinkSpec, type DirectionSpec, type TopologyListener, type NetworkModel } from './network.js';
export { Channel, type ChannelSpec } from './channel.js';
export { DelayLedger, LedgerPort, type PlaceDelay, type LedgerDirection } from './delay-ledger.js';
export { FifoChannel } from './channel-fifo.js';
export { EventChannel } from './channel-event.js';
export { QueuedChannel } from './channel-queued.js';
export { PoissonWork, type WorkSource } from './work.js';
export { ChannelCounters } from './counters.js';
export { WindowedCounters, WINDOW_FIELDS } from './windowed-counters.js';
export { Link, linkId } from './link.js';
export { NetNode } from './node.js';
export { Flow, NULL_OBSERVER, type Endpoint, type FlowObserver } from './flow.js';
export { Packet, PacketPool, type Hop } from './packet.js';
export { ClassTable, type ClassInfo, type ClassSpec } from './classes.js';
export { DropReason, DROP_REASONS, type DropReasonName } from './drop.js';
export { BackgroundTraffic, LazyBackground, type Background } from './background.js';
export { TokenBucket } from './shaper.js';
export * from './queue/index.js';
export {
  AdmissionPool,
  SessionLimiter,
  Session,
  ClientStages,
  type AdmissionCounts,
  type Direction,
  type SessionLimiterOptions,
} from './admission.js';
export { FlowStage, FlowAction, type StageHost, type StageAction } from './flow-stage.js';
export { TunnelGateway, Tunnel, type TunnelProtocol, type TunnelGatewayOptions, type TunnelCounts } from './tunnel.js';
