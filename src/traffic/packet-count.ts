/**
 * Packets a message or video frame of `bytes` leaves as: full packets of `mtu` bytes and one remainder, and at
 * least one (an empty message still sends a packet). The sources send this many; the fluid users carry it.
 */
export function packetCount(bytes: number, mtu: number): number {
  return Math.max(1, Math.ceil(bytes / mtu));
}
