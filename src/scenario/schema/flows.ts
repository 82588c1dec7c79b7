import { z } from 'zod';
import { codecNames, voiceCodec, type CodecName } from '../../metrics/voice/codecs.js';
import { className } from '../../spec/classes.js';
import { formatSeconds } from '../../spec/units.js';
import { trafficSchema } from './traffic.js';
import { id, time } from '../../spec/unit-schemas.js';

/** A voice codec of src/metrics/voice/codecs.ts, by name. */
const codecName = () =>
  z.enum(codecNames() as [CodecName, ...CodecName[]]).meta({
    description:
      `a voice stream: rate its call quality (E-model MOS, Teams' poor-call rule) with this codec ` +
      `(${codecNames().join(', ')}); cbr traffic only, one packet every interval (docs/experience.md)`,
  });

/**
 * A codec rates a stream of one packet per interval (the packetization delay), each carrying whole
 * frames of the codec: the traffic must be cbr, and its interval a whole number of frames.
 */
function checkCodec(f: { codec?: string; traffic: { model: string; interval?: number } }, ctx: z.RefinementCtx): void {
  if (f.codec === undefined) return;
  const t = f.traffic;
  if (t.model !== 'cbr' || t.interval === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['codec'],
      message:
        `a codec rates a voice stream of one packet every interval: it needs traffic model cbr, ` +
        `not ${JSON.stringify(t.model)}`,
    });
    return;
  }
  const codec = voiceCodec(f.codec);
  const frames = (t.interval * 1000) / codec.frameMs;
  if (Math.abs(frames - Math.round(frames)) > 1e-6 * Math.max(1, frames) || Math.round(frames) < 1)
    ctx.addIssue({
      code: 'custom',
      path: ['codec'],
      message:
        `${codec.name} packs ${codec.frameMs} ms frames: the packet interval ${formatSeconds(t.interval)} ` +
        'is not a whole number of them',
    });
}

export const flowSchema = () =>
  z
    .strictObject({
      id: id('a flow id'),
      from: id('a node id'),
      to: id('a node id'),
      class: className().optional().meta({ description: 'QoS class (default business)' }),
      traffic: trafficSchema(),
      start: time({}, 'when the source starts (default 0s)').optional(),
      stop: time({}, 'when the source stops (default: the end of the measured window)').optional(),
      via: z.array(id('a node id')).max(64).optional().meta({ description: 'waypoints the flow must pass, in order' }),
      twoWay: z
        .boolean()
        .optional()
        .meta({ description: 'one-way models: the same traffic also runs to -> from, as flow "<id>~back"' }),
      codec: codecName().optional(),
    })
    .superRefine(checkCodec)
    .meta({ description: 'a measured flow of packets from one node to another' });
