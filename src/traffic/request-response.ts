import type { Sampler } from '../engine/distributions.js';
import { LogHistogram } from '../engine/histogram.js';
import type { Endpoint, Flow, Packet } from '../net/index.js';
import { LazyDeadline } from './deadline.js';
import { packetCount } from './packet-count.js';
import { reverseOf, type SourceContext, type TrafficSource } from './source.js';

export interface RequestResponseParams {
  /** Request and response sizes in bytes; think time in seconds. */
  request: Sampler;
  response: Sampler;
  think: Sampler;
  /** Largest packet: a message leaves as full packets of `mtu` bytes and one remainder. */
  mtu: number;
  /** Seconds the client waits for a whole response before it gives the exchange up. */
  timeout: number;
}

export { REQUEST_RESPONSE_DEFAULTS } from './spec.js';

/**
 * An interactive session (VDI/RDP, web): the client sends a request on the flow, the server answers
 * on the reverse flow as soon as the whole request has arrived, the client thinks, and repeats.
 * One exchange is outstanding at a time. The three draws of an exchange (request size, response
 * size, think time) are made together when it starts, so losses never shift later draws and
 * variants see the same sessions.
 *
 * The response time is from the generation of the request's first packet to the arrival of the
 * response's last packet. There is no transport underneath: when a packet of either message is
 * lost the exchange cannot finish; after `timeout` it counts in `timeouts` and the client moves on
 * (thinks, then sends the next request). Packets of an abandoned exchange are ignored on arrival.
 */
export class RequestResponseSource implements TrafficSource {
  private readonly reverse: Flow;
  /** The current exchange: its id (carried in packets' `tag`), progress, and draws. */
  private exchange = 0;
  private open = false;
  private sentAt = 0;
  private requestPackets = 0;
  private responseBytes = 0;
  private responsePackets = 0;
  private thinkTime = 0;
  private serverGot = 0;
  private clientGot = 0;
  /** Response times (seconds) of completed exchanges started inside the window. */
  private readonly times = new LogHistogram();
  private timeSum = 0;
  private timeouts = 0;
  private readonly window: { start: number; end: number };
  /** One pending event per session rather than one per exchange (think times are often << timeout). */
  private readonly deadline: LazyDeadline;

  constructor(
    private readonly ctx: SourceContext,
    private readonly p: RequestResponseParams,
  ) {
    if (!(p.mtu > 0)) throw new RangeError('request-response mtu must be > 0');
    if (!(p.timeout > 0)) throw new RangeError('request-response timeout must be > 0');
    this.reverse = reverseOf(ctx, 'request-response');
    this.window = ctx.window ?? { start: ctx.start, end: ctx.stop };
    this.deadline = new LazyDeadline(ctx.net.sim, this.onTimeout);
    ctx.flow.receiver = this.server;
    this.reverse.receiver = this.client;
  }

  start(): void {
    if (this.ctx.start < this.ctx.stop) this.ctx.net.sim.at(this.ctx.start, this.sendRequest);
  }

  results(): Record<string, unknown> {
    const n = this.times.count;
    const ms = (s: number): number | null => (n > 0 ? Math.round(s * 1e12) / 1e9 : null);
    return {
      responses: n,
      timeouts: this.timeouts,
      responseTimeMs: {
        mean: ms(this.timeSum / n),
        p50: ms(this.times.quantile(0.5)),
        p95: ms(this.times.quantile(0.95)),
        p99: ms(this.times.quantile(0.99)),
        max: ms(this.times.max),
      },
    };
  }

  private readonly sendRequest = (): void => {
    const { net, flow } = this.ctx;
    const id = ++this.exchange;
    const requestBytes = this.p.request.sample();
    this.responseBytes = this.p.response.sample();
    this.thinkTime = this.p.think.sample();
    this.open = true;
    this.sentAt = net.sim.now;
    this.serverGot = 0;
    this.clientGot = 0;
    this.requestPackets = this.sendMessage(flow, requestBytes, id);
    this.responsePackets = packetCount(this.responseBytes, this.p.mtu);
    this.deadline.set(this.sentAt + this.p.timeout);
  };

  /** Sends `bytes` as back-to-back packets tagged with the exchange; returns how many. */
  private sendMessage(flow: Flow, bytes: number, id: number): number {
    const net = this.ctx.net;
    const mtu = this.p.mtu;
    const count = packetCount(bytes, mtu);
    for (let i = 0; i < count; i++) {
      const pkt = net.packet(flow, i < count - 1 ? mtu : bytes - (count - 1) * mtu);
      pkt.tag = id;
      pkt.seq = i;
      net.inject(pkt);
    }
    return count;
  }

  private readonly server: Endpoint = {
    arrive: (pkt: Packet): void => {
      const id = pkt.tag;
      this.ctx.net.release(pkt);
      if (id !== this.exchange || !this.open) return;
      if (++this.serverGot === this.requestPackets) this.sendMessage(this.reverse, this.responseBytes, id);
    },
  };

  private readonly client: Endpoint = {
    arrive: (pkt: Packet): void => {
      const id = pkt.tag;
      this.ctx.net.release(pkt);
      if (id !== this.exchange || !this.open) return;
      if (++this.clientGot < this.responsePackets) return;
      const now = this.ctx.net.sim.now;
      if (this.measured()) {
        const rt = now - this.sentAt;
        this.times.record(rt);
        this.timeSum += rt;
      }
      this.finish(now);
    },
  };

  private readonly onTimeout = (): void => {
    if (!this.open) return;
    if (this.measured()) this.timeouts++;
    this.finish(this.ctx.net.sim.now);
  };

  private measured(): boolean {
    return this.sentAt >= this.window.start && this.sentAt < this.window.end;
  }

  /** Closes the exchange; the next request follows after the think time, unless past `stop`. */
  private finish(now: number): void {
    this.open = false;
    this.deadline.clear();
    const next = now + this.thinkTime;
    if (next < this.ctx.stop) this.ctx.net.sim.at(next, this.sendRequest);
  }
}
