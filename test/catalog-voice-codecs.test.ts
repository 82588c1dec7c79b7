import { describe, expect, it } from 'vitest';
import { appNames, appProfile } from '../src/catalog/index.js';
import { voice } from '../src/metrics/index.js';

describe('voice codecs', () => {
  it('every codec names its source; those without a G.113 entry say ASSUMPTION', () => {
    for (const name of voice.codecNames()) {
      const c = voice.voiceCodec(name);
      expect(c.source.length, name).toBeGreaterThan(10);
      expect(c.source, name).toMatch(/^(ITU-T G\.113 Appendix I|ASSUMPTION)/);
    }
    // Teams' codecs have no G.113 entry (reference/azure-remote-work.md, Call quality).
    expect(voice.voiceCodec('silk').source).toMatch(/^ASSUMPTION/);
    expect(voice.voiceCodec('satin').source).toMatch(/^ASSUMPTION/);
    expect(() => voice.voiceCodec('opus')).toThrow(/unknown codec 'opus' \(known: g711, g711-plc/);
  });

  it('the catalog apps that carry voice declare a known codec with a source', () => {
    const voiceComponents = appNames().flatMap((app) =>
      appProfile(app)
        .components.filter((c) => c.codec !== undefined)
        .map((c) => `${app}.${c.name}`),
    );
    expect(voiceComponents).toEqual(['teams-audio.audio', 'teams-call.audio', 'telemedicine.audio']);
    for (const app of ['teams-audio', 'teams-call', 'telemedicine']) {
      const audio = appProfile(app).components.find((c) => c.name === 'audio')!;
      expect(voice.isCodecName(audio.codec!.name)).toBe(true);
      expect(audio.codec!.source).toMatch(/ASSUMPTION/);
      // The packet interval is a whole number of the codec's frames (the packetization delay).
      const frame = voice.voiceCodec(audio.codec!.name).frameMs / 1000;
      const interval = audio.traffic.model === 'cbr' ? audio.traffic.interval! : NaN;
      expect(Math.abs(interval / frame - Math.round(interval / frame))).toBeLessThan(1e-9);
    }
  });
});
