import { DropReason } from '../net/drop.js';
import type { FlowRecorder } from './flow-recorder.js';

/**
 * Drop reasons that mean "refused": a VPN gateway refused the flow's tunnel, or a component at
 * capacity (Bastion, an Application Gateway) refused its session (SCENARIO-FORMAT.md, Admission).
 */
export const REFUSAL_DROP_REASONS: readonly DropReason[] = Object.freeze([DropReason.Tunnel, DropReason.Admission]);

/**
 * Whether a flow was refused by a tunnel or session limit, read from its own measured packets: some
 * were dropped for refusal (`tunnel`, `admission`) and none arrived. A refused flow never connected
 * (admission is decided when the tunnel or session opens, and a refused one carries nothing), so
 * "none arrived" is what tells it from a flow that connected and lost some packets otherwise.
 *
 * `reverse` is the other direction of the same declared flow (responses, the far side of a call),
 * if any: a flow that sent nothing in the measured window is refused when its other direction was
 * (a refused user's requests never reach the server, which then never answers). Otherwise a flow
 * with no packet in the window is not judged refused: nothing says it tried.
 * Shared by every figure that keeps "could not connect" apart from "connected and lost x %".
 */
export function isRefusedFlow(
  recorder: Pick<FlowRecorder, 'drops' | 'received' | 'sent'>,
  reverse: Pick<FlowRecorder, 'drops' | 'received'> | null = null,
): boolean {
  if (recorder.received > 0) return false;
  if (refusedDrops(recorder)) return true;
  return recorder.sent === 0 && reverse !== null && reverse.received === 0 && refusedDrops(reverse);
}

function refusedDrops(r: Pick<FlowRecorder, 'drops'>): boolean {
  for (const reason of REFUSAL_DROP_REASONS) if (r.drops[reason] > 0) return true;
  return false;
}
