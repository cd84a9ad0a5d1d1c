// Small readers over records that every analysis needs, so each one asks the same question the same way.
import type { Direction, PacketRecord } from '../record';

/**
 * `2probe` / `3probe`: the upgrade probe rides on ping/pong but is not a heartbeat (docs/protocol.md §1.5).
 */
export function isProbe(packet: PacketRecord): boolean {
  const type = packet.eio?.type;
  return (type === 'ping' || type === 'pong') && packet.eio?.data === 'probe';
}

export function other(dir: Direction): Direction {
  return dir === 'in' ? 'out' : 'in';
}

export function side(dir: Direction): 'server' | 'client' {
  return dir === 'in' ? 'server' : 'client';
}

/** Whole milliseconds for messages; the records keep the exact value. */
export function ms(value: number): string {
  return `${Math.round(value)} ms`;
}
