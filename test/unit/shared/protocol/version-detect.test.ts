import { describe, expect, it } from 'vitest';
import { detectEioVersion } from '../../../../shared/protocol/version-detect';
import type { FrameInput } from '../../../../shared/protocol/session-decoder';

const f = (dir: 'in' | 'out', transport: 'polling' | 'websocket', text: string): FrameInput => ({
  dir,
  transport,
  text,
});

describe('detectEioVersion', () => {
  it.each<[string, FrameInput[], 3 | 4 | undefined]>([
    ['v3 length-prefixed polling handshake', [f('in', 'polling', '12:0{"sid":"x"}2:40')], 3],
    ['a prefix longer than the body is no evidence', [f('in', 'polling', '96:0{"sid":"x"}')], undefined],
    ['v3 empty polling payload', [f('in', 'polling', '0:')], 3],
    ['v4 polling handshake', [f('in', 'polling', '0{"sid":"x","upgrades":["websocket"]}')], 4],
    ['v4 message that looks like a length prefix', [f('in', 'polling', '4:ab')], undefined],
    ['client ping (v3)', [f('in', 'websocket', '0{"sid":"x"}'), f('out', 'websocket', '2')], 3],
    ['server ping (v4)', [f('in', 'websocket', '0{"sid":"x"}'), f('in', 'websocket', '2')], 4],
    ['probe is no evidence', [f('out', 'websocket', '2probe'), f('in', 'websocket', '3probe')], undefined],
    ['v5 server CONNECT with sid', [f('in', 'websocket', '40{"sid":"abc"}')], 4],
    ['v5 namespaced CONNECT with sid', [f('in', 'websocket', '40/admin,{"sid":"abc"}')], 4],
    ['client CONNECT to / (v5 only)', [f('out', 'websocket', '40')], 4],
    [
      'unprompted server CONNECT (socket.io 2)',
      [f('in', 'websocket', '0{"sid":"x"}'), f('in', 'websocket', '40')],
      3,
    ],
    ['nothing decisive', [f('in', 'websocket', '42["a"]')], undefined],
  ])('%s', (_name, frames, expected) => {
    expect(detectEioVersion(frames)).toBe(expected);
  });

  it('recognises a v3 XHR2 binary payload', () => {
    const body = Uint8Array.from([0x00, 0x04, 0xff, 0x34, 0xe2, 0x82, 0xac]);
    expect(detectEioVersion([{ dir: 'in', transport: 'polling', binary: body }])).toBe(3);
  });
});
