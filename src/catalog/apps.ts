import type { SlaTargets } from '../metrics/sla.js';
import type { CodecName } from '../metrics/voice/codecs.js';
import type { TrafficSpec } from '../traffic/spec.js';
import { GB, KB, Mbps, ms } from './units.js';
import { namedTable } from './named.js';

/** Which way a component's packets go: user to server, server to user, or both (a call). */
export type AppDirection = 'up' | 'down' | 'both';

/** One stream of an app: its traffic, QoS class and marking, and the targets it is judged against. */
export interface AppComponent {
  name: string;
  /** The scenario class it is put in by default (one of the contract's default classes). */
  class: 'realtime' | 'interactive' | 'business' | 'bulk';
  /** The marking the app asks for (the class's `dscp` is what packets carry). */
  dscp: 'EF' | 'AF41' | 'AF21' | 'AF11' | 'CS1' | 'DF';
  direction: AppDirection;
  /** Base units (seconds, bytes, bits/s). */
  traffic: TrafficSpec;
  /** Targets judged in results (`apps` section): one-way latency at p99, mean jitter, loss ratio. */
  sla: SlaTargets;
  /** Where the figures come from (ASSUMPTION where there is no public figure). */
  source: string;
  /** For a component that carries voice: its codec (src/metrics/voice/codecs.ts) and where that choice comes from. */
  codec?: { name: CodecName; source: string };
}

/** A named traffic mix of one user. */
export interface AppProfile {
  name: string;
  description: string;
  components: readonly AppComponent[];
  /** How a session-limited component (Bastion) counts one user of the app. */
  session: 'rdp' | 'ssh' | 'other';
}

/**
 * Microsoft Teams network targets, client to Microsoft edge (Teams/prepare-network.md in
 * MicrosoftDocs/OfficeDocs-SkypeForBusiness): one-way latency < 50 ms, jitter < 30 ms, loss < 1 %.
 */
const TEAMS_SLA: SlaTargets = Object.freeze({ latency: 50 * ms, jitter: 30 * ms, loss: 0.01 });

/**
 * ITU-T G.114: one-way delay up to 150 ms is acceptable for most voice; jitter and loss as Teams'
 * targets (the same real-time media). Used for telemedicine.
 */
const CONSULT_SLA: SlaTargets = Object.freeze({ latency: 150 * ms, jitter: 30 * ms, loss: 0.01 });

/**
 * Teams audio: 0.1 Mbps each way (Teams/prepare-network.md): one 250-byte packet every 20 ms is
 * 100 kbit/s. Packet interval 20 ms: the usual RTP packetization of voice (ASSUMPTION for Teams).
 */
const TEAMS_AUDIO: AppComponent = {
  name: 'audio',
  class: 'realtime',
  dscp: 'EF',
  direction: 'both',
  traffic: { model: 'cbr', interval: 20 * ms, size: 250 },
  sla: TEAMS_SLA,
  source: 'Teams/prepare-network.md: audio 0.1 Mbps each way, DSCP EF (46); 20 ms packetization ASSUMPTION',
  codec: {
    name: 'silk',
    source: 'ASSUMPTION: Teams uses SILK and Satin (neither has a G.113 entry); which one a call uses is not public',
  },
};

/** Video frames are sent as packets of at most 1200 bytes (ASSUMPTION: RTP media under a typical tunnel MTU). */
const MEDIA_MTU = 1200;

const APPS: readonly AppProfile[] = [
  {
    name: 'teams-audio',
    description: 'a Teams-like audio call: audio both ways',
    session: 'other',
    components: [TEAMS_AUDIO],
  },
  {
    name: 'teams-call',
    description: 'a Teams-like call: audio both ways (EF), video both ways (AF41), screen sharing from the user (AF21)',
    session: 'other',
    components: [
      TEAMS_AUDIO,
      {
        name: 'video',
        class: 'interactive',
        dscp: 'AF41',
        direction: 'both',
        traffic: { model: 'video', rate: 4 * Mbps, fps: 30, mtu: MEDIA_MTU },
        sla: TEAMS_SLA,
        source: 'Teams/prepare-network.md: video 4 Mbps each way, DSCP AF41 (34); 30 fps ASSUMPTION',
      },
      {
        name: 'screen-share',
        class: 'business',
        dscp: 'AF21',
        direction: 'up',
        traffic: { model: 'video', rate: 4 * Mbps, fps: 15, mtu: MEDIA_MTU },
        sla: TEAMS_SLA,
        source:
          'Teams/prepare-network.md: screen sharing 4 Mbps, DSCP AF21 (18); 15 fps and one way (the user presents) ' +
          'ASSUMPTION',
      },
    ],
  },
  {
    name: 'telemedicine',
    description: 'a telemedicine video consult: audio both ways (EF), HD video both ways (AF41)',
    session: 'other',
    components: [
      {
        ...TEAMS_AUDIO,
        sla: CONSULT_SLA,
        source: 'as Teams audio; target ITU-T G.114 (150 ms one-way)',
        codec: { name: 'silk', source: 'ASSUMPTION: a Teams-like client (as Teams audio)' },
      },
      {
        name: 'video',
        class: 'interactive',
        dscp: 'AF41',
        direction: 'both',
        traffic: { model: 'video', rate: 1.5 * Mbps, fps: 30, mtu: MEDIA_MTU },
        sla: CONSULT_SLA,
        source:
          'ASSUMPTION: 720p consult video at 1.5 Mbps each way; DSCP AF41 (RFC 4594 multimedia conferencing); ' +
          'target ITU-T G.114',
      },
    ],
  },
  {
    name: 'vdi',
    description: 'a VDI/RDP session: small input requests, screen-update responses',
    session: 'rdp',
    components: [
      {
        name: 'session',
        class: 'business',
        dscp: 'AF21',
        direction: 'up',
        traffic: {
          model: 'request-response',
          request: { dist: 'uniform', min: 100, max: 600 },
          response: { dist: 'lognormal', mean: 30 * KB, stddev: 40 * KB },
          think: { dist: 'exponential', mean: 300 * ms },
        },
        sla: { latency: 150 * ms },
        source:
          'DSCP AF21: ExpressRoute QoS (app sharing) and RFC 4594 (low-latency data); ' +
          'sizes, think time and the 150 ms target ASSUMPTION',
      },
    ],
  },
  {
    name: 'ssh',
    description: 'an SSH session: keystrokes and short echoes',
    session: 'ssh',
    components: [
      {
        name: 'session',
        class: 'business',
        dscp: 'AF21',
        direction: 'up',
        traffic: {
          model: 'request-response',
          request: { dist: 'uniform', min: 60, max: 120 },
          response: { dist: 'uniform', min: 60, max: 2 * KB },
          think: { dist: 'exponential', mean: 500 * ms },
        },
        sla: { latency: 150 * ms },
        source: 'ASSUMPTION (sizes, think time, target)',
      },
    ],
  },
  {
    name: 'web',
    description: 'web browsing: page requests and responses with reading time between them',
    session: 'other',
    components: [
      {
        name: 'page',
        class: 'business',
        dscp: 'DF',
        direction: 'up',
        traffic: {
          model: 'request-response',
          request: { dist: 'uniform', min: 300, max: 800 },
          response: { dist: 'lognormal', mean: 60 * KB, stddev: 120 * KB },
          think: { dist: 'exponential', mean: 5 },
        },
        sla: {},
        source: 'DSCP DF (RFC 4594 standard); sizes and reading time ASSUMPTION',
      },
    ],
  },
  {
    name: 'storage-replication',
    description:
      'storage replication: an elastic (TCP: CUBIC with SACK, the defaults) bulk upload that runs until the end',
    session: 'other',
    components: [
      {
        name: 'data',
        class: 'bulk',
        dscp: 'CS1',
        direction: 'up',
        traffic: { model: 'elastic' },
        sla: {},
        source: 'RFC 4594 low-priority data CS1 (ExpressRoute QoS would mark file transfer AF11)',
      },
    ],
  },
  {
    name: 'backup',
    description: 'a backup: an elastic (TCP: CUBIC with SACK, the defaults) bulk upload of 1 GB',
    session: 'other',
    components: [
      {
        name: 'data',
        class: 'bulk',
        dscp: 'CS1',
        direction: 'up',
        traffic: { model: 'elastic', bytes: 1 * GB },
        sla: {},
        source: 'RFC 4594 low-priority data CS1; 1 GB ASSUMPTION',
      },
    ],
  },
];

const TABLE = namedTable(APPS, 'app');

export function appNames(): string[] {
  return TABLE.names();
}

/** The app of that name; throws naming the known ones otherwise. */
export function appProfile(name: string): AppProfile {
  return TABLE.get(name);
}
