// The replay diff: answers compared in emit order (ack ids may differ), session ids normalised, and each
// answer matched, different, missing or extra, with ack latency changes.
import { describe, expect, it } from 'vitest';
import { diffReplay } from '../../../../shared/analysis/replay-diff';
import { decodeFrames, type FrameInput } from '../../../../shared/protocol/session-decoder';
import type { SessionRecord } from '../../../../shared/record';

/** A v4 websocket session: handshake with `sid`, CONNECT answered with `socket`, then `steps`. */
function session(
  sid: string,
  socket: string,
  steps: readonly [number, 'in' | 'out', string][],
): SessionRecord[] {
  const frames: FrameInput[] = [
    {
      t: 0,
      dir: 'in',
      transport: 'websocket',
      text: `0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000}`,
    },
    { t: 1, dir: 'out', transport: 'websocket', text: '40' },
    { t: 2, dir: 'in', transport: 'websocket', text: `40{"sid":"${socket}"}` },
    ...steps.map(([t, dir, text]): FrameInput => ({ t, dir, transport: 'websocket', text })),
  ];
  return decodeFrames(frames, { eio: 4 });
}

describe('diffReplay', () => {
  it('finds no difference when the server answers alike, ids and session ids aside', () => {
    const recorded = session('A', 'a1', [
      [3, 'in', '42["welcome",{"sid":"a1"}]'],
      [10, 'out', '420["echo","hi"]'],
      [14, 'in', '430["hi"]'],
    ]);
    const replayed = session('B', 'b1', [
      [3, 'in', '42["welcome",{"sid":"b1"}]'],
      [5, 'out', '427["echo","hi"]'],
      [6, 'in', '437["hi"]'],
    ]);
    const diff = diffReplay(recorded, replayed);
    expect(diff.counts).toEqual({ matched: 2, different: 0, missing: 0, extra: 0 });
    expect(diff.answers.find((a) => a.kind === 'ack')).toMatchObject({
      event: 'echo',
      nsp: '/',
      recorded: { args: ['hi'], latencyMs: 4 },
      replayed: { args: ['hi'], latencyMs: 1 },
      latencyChangeMs: -3,
    });
  });

  it('reports different args, missing answers and extra events', () => {
    const recorded = session('A', 'a1', [
      [10, 'out', '420["echo","hi"]'],
      [11, 'in', '430["hi"]'],
      [12, 'out', '421["echo","again"]'],
      [13, 'in', '431["again"]'],
      [14, 'in', '42["news",1]'],
    ]);
    const replayed = session('B', 'b1', [
      [10, 'out', '420["echo","hi"]'],
      [11, 'in', '430["HI"]'],
      [12, 'out', '421["echo","again"]'],
      [14, 'in', '42["news",1]'],
      [15, 'in', '42["news",2]'],
      [16, 'in', '42["other"]'],
    ]);
    const diff = diffReplay(recorded, replayed);
    expect(diff.counts).toEqual({ matched: 1, different: 1, missing: 1, extra: 2 });
    expect(diff.answers.map((a) => `${a.status} ${a.kind} ${String(a.event)} #${a.index}`)).toEqual([
      'different ack echo #0',
      'missing ack echo #1',
      'matched event news #0',
      'extra event news #1',
      'extra event other #0',
    ]);
    expect(diff.answers[0]).toMatchObject({ recorded: { args: ['hi'] }, replayed: { args: ['HI'] } });
  });

  it('compares objects with their keys in any order', () => {
    const recorded = session('A', 'a1', [
      [10, 'out', '420["echo",{"a":1,"b":2}]'],
      [11, 'in', '430[{"a":1,"b":2}]'],
    ]);
    const replayed = session('B', 'b1', [
      [10, 'out', '420["echo",{"a":1,"b":2}]'],
      [11, 'in', '430[{"b":2,"a":1}]'],
    ]);
    expect(diffReplay(recorded, replayed).counts.matched).toBe(1);
  });
});
