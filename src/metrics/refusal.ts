import { DropReason } from '../net/index.js';
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
 * "none arrived" is what tells it from a flow that connected and lost some packets otherwise; a flow
 * with no packet in the measured window is not judged refused (nothing says it tried).
 * Shared by every figure that keeps "could not connect" apart from "connected and lost x %".
 */
export function isRefusedFlow(recorder: Pick<FlowRecorder, 'drops' | 'received'>): boolean {
  if (recorder.received > 0) return false;
  for (const reason of REFUSAL_DROP_REASONS) if (recorder.drops[reason] > 0) return true;
  return false;
}
