import { describe, expect, it } from 'vitest';
import { analyzeSequence } from '../../../../../shared/analysis/sequence';
import { decodeFrames } from '../../../../../shared/protocol/session-decoder';
import { sequenceLayout } from '../../../../../renderer/components/sequence/sequence-layout';

const open =
  '0{"sid":"s","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';

describe('sequenceLayout', () => {
  it('draws client steps left to right and server steps right to left, timed', () => {
    const records = decodeFrames(
      [
        { t: 0, dir: 'in', transport: 'polling', text: open },
        { t: 5, dir: 'out', transport: 'websocket', text: '2probe' },
        { t: 8, dir: 'in', transport: 'websocket', text: '3probe' },
        { t: 9, dir: 'out', transport: 'websocket', text: '5' },
        { t: 10, dir: 'out', transport: 'websocket', text: '40' },
        { t: 12, dir: 'in', transport: 'websocket', text: '40{"sid":"x"}' },
      ],
      { eio: 4 },
    );
    const layout = sequenceLayout(analyzeSequence(records), 800);
    expect(layout.rows.map((r) => r.label)).toEqual([
      'open',
      '2probe',
      '3probe',
      'upgrade',
      'CONNECT /',
      'CONNECT /',
    ]);
    const [first, probe, answer] = layout.rows;
    expect(first?.x1).toBe(layout.serverX);
    expect(probe?.x1).toBe(layout.clientX);
    expect(answer?.timing).toBe('+3.0 ms');
    expect(layout.rows.every((r) => r.ok)).toBe(true);
    expect(layout.height).toBeGreaterThan(layout.rows.at(-1)?.y ?? 0);
  });

  it('marks a refused namespace', () => {
    const records = decodeFrames(
      [
        { t: 0, dir: 'in', transport: 'websocket', text: open },
        { t: 1, dir: 'out', transport: 'websocket', text: '40/admin,' },
        { t: 2, dir: 'in', transport: 'websocket', text: '44/admin,{"message":"unauthorized"}' },
      ],
      { eio: 4 },
    );
    const layout = sequenceLayout(analyzeSequence(records), 800);
    const refused = layout.rows.find((r) => r.label === 'CONNECT_ERROR /admin');
    expect(refused?.ok).toBe(false);
    expect(refused?.detail).toMatch(/refused/);
  });

  it('draws the answer that never came after the step that waited for it', () => {
    const records = decodeFrames(
      [
        { t: 0, dir: 'in', transport: 'websocket', text: open },
        { t: 1, dir: 'out', transport: 'websocket', text: '40/admin,' },
        { t: 30_000, dir: 'in', transport: 'websocket', text: '2' },
      ],
      { eio: 4 },
    );
    const layout = sequenceLayout(analyzeSequence(records), 800);
    expect(layout.rows.map((r) => [r.kind, r.label])).toEqual([
      ['arrow', 'open'],
      ['arrow', 'CONNECT /admin'],
      ['missing', 'CONNECT never came'],
    ]);
    expect(layout.rows[2]?.x1).toBe(layout.serverX);
  });

  it('says the handshake never came when nothing did', () => {
    const records = decodeFrames([{ t: 0, dir: 'out', transport: 'websocket', text: '40' }], { eio: 4 });
    const layout = sequenceLayout(analyzeSequence(records), 300);
    expect(layout.width).toBeGreaterThanOrEqual(520);
    expect(layout.rows.some((r) => r.kind === 'missing' && r.label === 'open never came')).toBe(true);
  });
});
