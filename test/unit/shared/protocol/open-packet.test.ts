import { describe, expect, it } from 'vitest';
import { openPacketSid } from '../../../../shared/protocol/open-packet';

const HANDSHAKE = '{"sid":"S","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000}';
const bytes = (...values: readonly number[]): Uint8Array => Uint8Array.from(values);

describe('openPacketSid', () => {
  it.each([
    ['a v4 polling body', `0${HANDSHAKE}\x1e40`, 4],
    ['a v4 WebSocket frame', `0${HANDSHAKE}`, 4],
    ['a v3 length-prefixed body', `${HANDSHAKE.length + 1}:0${HANDSHAKE}2:40`, 3],
    ['a handshake missing other fields', '0{"sid":"S"}', 4],
  ] as const)('reads the sid of %s', (_name, body, eio) => {
    expect(openPacketSid(body, eio)).toBe('S');
  });

  it('reads a v3 binary payload', () => {
    const packet = `0${HANDSHAKE}`;
    const length = [...String(packet.length)].map(Number);
    const body = bytes(0, ...length, 0xff, ...new TextEncoder().encode(packet));
    expect(openPacketSid(body, 3)).toBe('S');
  });

  it.each([
    ['a message', '4hello', 4],
    ['an open packet that is not JSON', '0{nope', 4],
    ['an open packet without a sid', '0{"upgrades":[]}', 4],
    ['v3 framing read as v4', `${HANDSHAKE.length + 1}:0${HANDSHAKE}`, 4],
  ] as const)('finds none in %s', (_name, body, eio) => {
    expect(openPacketSid(body, eio)).toBeUndefined();
  });
});
