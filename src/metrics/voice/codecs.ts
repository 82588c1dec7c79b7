/**
 * Voice codecs as the E-model sees them: equipment impairment Ie and packet-loss robustness Bpl
 * (ITU-T G.113 Appendix I, provisional planning values), and what the codec adds to the
 * mouth-to-ear delay besides packetization: its look-ahead. A packet carries a whole number of
 * frames; its audio duration (the flow's packet interval) is the packetization delay.
 */
export interface VoiceCodec {
  readonly name: CodecName;
  readonly description: string;
  /** Equipment impairment factor Ie (G.113 Appendix I). */
  readonly ie: number;
  /** Packet-loss robustness factor Bpl (G.113 Appendix I). */
  readonly bpl: number;
  /** Native frame (ms): a packet's audio is a multiple of it. */
  readonly frameMs: number;
  /** Look-ahead (ms): audio the encoder waits for beyond the frame it codes. */
  readonly lookaheadMs: number;
  /** Where the figures come from; ASSUMPTION where there is no public figure. */
  readonly source: string;
}

export type CodecName = 'g711' | 'g711-plc' | 'g729a-vad' | 'g723.1-vad' | 'silk' | 'satin';

const G113 = 'ITU-T G.113 Appendix I (Ie and Bpl, provisional planning values)';

const CODECS: readonly VoiceCodec[] = [
  {
    name: 'g711',
    description: 'G.711 PCM 64 kbit/s without packet loss concealment',
    ie: 0,
    bpl: 4.3,
    frameMs: 0.125,
    lookaheadMs: 0,
    source: `${G113}; sample-by-sample coding, no look-ahead (ITU-T G.711)`,
  },
  {
    name: 'g711-plc',
    description: 'G.711 PCM 64 kbit/s with the packet loss concealment of G.711 Appendix I',
    ie: 0,
    bpl: 25.1,
    frameMs: 10,
    lookaheadMs: 0,
    source: `${G113}, random loss; 10-ms frames of G.711 Appendix I PLC, no look-ahead`,
  },
  {
    name: 'g729a-vad',
    description: 'G.729 Annex A 8 kbit/s with voice activity detection',
    ie: 11,
    bpl: 19,
    frameMs: 10,
    lookaheadMs: 5,
    source: `${G113}; 10-ms frames and 5-ms look-ahead (ITU-T G.729)`,
  },
  {
    name: 'g723.1-vad',
    description: 'G.723.1 6.3 kbit/s with voice activity detection',
    ie: 15,
    bpl: 16.1,
    frameMs: 30,
    lookaheadMs: 7.5,
    source: `${G113}; 30-ms frames and 7.5-ms look-ahead (ITU-T G.723.1)`,
  },
  {
    name: 'silk',
    description: "SILK (Skype's speech codec, used by Teams), rated on the narrowband E-model scale",
    ie: 0,
    bpl: 25.1,
    frameMs: 20,
    lookaheadMs: 5,
    source:
      'ASSUMPTION: no G.113 entry; Ie 0 and Bpl 25.1 taken as G.711 with PLC (in-band FEC not modelled), ' +
      'look-ahead 5 ms; 20-ms frames (SILK Internet-Draft, draft-vos-silk)',
  },
  {
    name: 'satin',
    description: "Satin (Microsoft's wideband speech codec in Teams), rated on the narrowband E-model scale",
    ie: 0,
    bpl: 25.1,
    frameMs: 20,
    lookaheadMs: 5,
    source: 'ASSUMPTION: no public G.113 entry or frame figures; taken as SILK',
  },
];

const BY_NAME = new Map<string, VoiceCodec>(CODECS.map((c) => [c.name, Object.freeze(c)]));

export function codecNames(): CodecName[] {
  return CODECS.map((c) => c.name);
}

export function isCodecName(name: string): name is CodecName {
  return BY_NAME.has(name);
}

/** The codec of that name; throws naming the known ones otherwise. */
export function voiceCodec(name: string): VoiceCodec {
  const c = BY_NAME.get(name);
  if (c === undefined) throw new RangeError(`unknown codec '${name}' (known: ${codecNames().join(', ')})`);
  return c;
}
