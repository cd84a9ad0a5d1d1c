// The replay diff: answers compared in emit order (ack ids may differ) and join by join (a namespace
// refused now where it was accepted then, and what was answered on it), session ids normalised, each
// answer matched, different, missing, extra or answered in neither run, with ack latency changes, listed
// in recorded order; a cancelled replay compares only what it re-sent.
import { describe, expect, it } from 'vitest';
import { diffReplay, type AnswerDiff } from '../../../../shared/analysis/replay-diff';
import { decodeFrames, type FrameInput } from '../../../../shared/protocol/session-decoder';
import type { SessionRecord } from '../../../../shared/record';

type Step = readonly [number, 'in' | 'out', string];

/** A v4 websocket session: handshake with `sid`, CONNECT answered with `socket`, then `steps`. */
function session(sid: string, socket: string, steps: readonly Step[], conn = 'c1'): SessionRecord[] {
  return decodeFrames(frames(sid, socket, steps, conn), { eio: 4 });
}

function frames(sid: string, socket: string, steps: readonly Step[], conn: string): FrameInput[] {
  return [
    [0, 'in', `0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000}`] as const,
    [1, 'out', '40'] as const,
    [2, 'in', `40{"sid":"${socket}"}`] as const,
    ...steps,
  ].map(([t, dir, text]): FrameInput => ({ t, conn, dir, transport: 'websocket', text }));
}

/** One line per answer: status, kind, where, and for joins how the server answered each time. */
function lines(answers: readonly AnswerDiff[]): string[] {
  return answers.map((a) => {
    const where = `${a.conn} ${a.nsp} join ${a.join}`;
    if (a.kind === 'join') return `${a.status} join ${where}: ${side(a.recorded)} → ${side(a.replayed)}`;
    return `${a.status} ${a.kind} ${String(a.event)} #${a.index} ${where}`;
  });
}

function side(s: AnswerDiff['recorded']): string {
  return s === undefined ? '-' : `${s.outcome ?? '?'}${s.error === undefined ? '' : ` ${s.error}`}`;
}

describe('diffReplay', () => {
  it('finds no difference when the server answers alike, ids and session ids aside', () => {
    // The welcome comes at the time of the CONNECT it follows: the join still goes first.
    const recorded = session('A', 'a1', [
      [2, 'in', '42["welcome",{"sid":"a1"}]'],
      [10, 'out', '420["echo","hi"]'],
      [14, 'in', '430["hi"]'],
    ]);
    const replayed = session('B', 'b1', [
      [3, 'in', '42["welcome",{"sid":"b1"}]'],
      [5, 'out', '427["echo","hi"]'],
      [6, 'in', '437["hi"]'],
    ]);
    const diff = diffReplay(recorded, replayed);
    expect(diff.counts).toEqual({ matched: 3, different: 0, missing: 0, extra: 0, unanswered: 0 });
    expect(diff.answers.find((a) => a.kind === 'ack')).toMatchObject({
      event: 'echo',
      nsp: '/',
      join: 1,
      recorded: { args: ['hi'], latencyMs: 4 },
      replayed: { args: ['hi'], latencyMs: 1 },
      latencyChangeMs: -3,
    });
    expect(diff.answers[0]).toMatchObject({
      kind: 'join',
      status: 'matched',
      recorded: { outcome: 'accepted' },
      replayed: { outcome: 'accepted' },
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
    expect(diff.counts).toEqual({ matched: 2, different: 1, missing: 1, extra: 2, unanswered: 0 });
    expect(lines(diff.answers)).toEqual([
      'matched join c1 / join 1: accepted → accepted',
      'different ack echo #0 c1 / join 1',
      'missing ack echo #1 c1 / join 1',
      'matched event news #0 c1 / join 1',
      'extra event news #1 c1 / join 1',
      'extra event other #0 c1 / join 1',
    ]);
    expect(diff.answers[1]).toMatchObject({ recorded: { args: ['hi'] }, replayed: { args: ['HI'] } });
  });

  it('lists an ack answered in neither run as its own line, in recorded order, extras last', () => {
    const recorded = session('A', 'a1', [
      [10, 'out', '420["slow"]'],
      [12, 'out', '421["echo","x"]'],
      [13, 'in', '431["x"]'],
    ]);
    const replayed = session('B', 'b1', [
      [10, 'out', '420["slow"]'],
      [11, 'in', '42["new"]'],
      [12, 'out', '421["echo","x"]'],
      [13, 'in', '431["x"]'],
    ]);
    const diff = diffReplay(recorded, replayed);
    expect(diff.counts).toEqual({ matched: 2, different: 0, missing: 0, extra: 1, unanswered: 1 });
    // The unanswered emit came first in the recording, so it is listed first; the event only the
    // replay had goes last, though it came before the echo's answer.
    expect(lines(diff.answers)).toEqual([
      'matched join c1 / join 1: accepted → accepted',
      'unanswered ack slow #0 c1 / join 1',
      'matched ack echo #0 c1 / join 1',
      'extra event new #0 c1 / join 1',
    ]);
  });

  it('a cancelled replay compares only what it re-sent', () => {
    const recorded = session('A', 'a1', [
      [10, 'out', '420["echo","1"]'],
      [11, 'in', '430["1"]'],
      [20, 'out', '421["echo","2"]'],
      [21, 'in', '431["2"]'],
    ]);
    const replayed = session('B', 'b1', [
      [10, 'out', '420["echo","1"]'],
      [11, 'in', '430["1"]'],
    ]);
    expect(diffReplay(recorded, replayed).counts.missing).toBe(1);
    const cancelled = diffReplay(recorded, replayed, { cancelled: true });
    expect(cancelled.counts).toEqual({ matched: 2, different: 0, missing: 0, extra: 0, unanswered: 0 });
  });

  it('pairs each ACK of one polling body with its own emit', () => {
    // Two emits answered in one long-poll response: both ACKs come in the same frame.
    const polled = (sid: string, socket: string): SessionRecord[] =>
      decodeFrames(
        [
          [0, 'in', `0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000}`],
          [1, 'out', '40'],
          [2, 'in', `40{"sid":"${socket}"}`],
          [3, 'out', '420["echo","hi"]\x1e421["echo","again"]'],
          [4, 'in', '430["HI"]\x1e431["AGAIN"]'],
        ].map(([t, dir, text]): FrameInput => ({
          t: t as number,
          conn: 'c1',
          dir: dir as 'in' | 'out',
          transport: 'polling',
          text: text as string,
        })),
        { eio: 4 },
      );
    const diff = diffReplay(polled('A', 'a1'), polled('B', 'b1'));
    expect(diff.counts).toEqual({ matched: 3, different: 0, missing: 0, extra: 0, unanswered: 0 });
    const acks = diff.answers.filter((a) => a.kind === 'ack');
    expect(acks.map((a) => [a.index, a.recorded?.args, a.replayed?.args])).toEqual([
      [0, ['HI'], ['HI']],
      [1, ['AGAIN'], ['AGAIN']],
    ]);
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
    expect(diffReplay(recorded, replayed).counts).toMatchObject({ matched: 2, different: 0 });
  });

  it('compares each join of a namespace on its own: refused now where it was accepted then', () => {
    // Refused with auth A, accepted with B, left, accepted again with B; now B is refused too.
    const recorded = session('A', 'a1', [
      [10, 'out', '40/admin,{"token":"A"}'],
      [11, 'in', '44/admin,{"message":"unauthorized"}'],
      [12, 'out', '40/admin,{"token":"B"}'],
      [13, 'in', '40/admin,{"sid":"a2"}'],
      [14, 'in', '42/admin,["welcome",{"sid":"a2"}]'],
      [15, 'out', '42/admin,0["echo","x"]'],
      [16, 'in', '43/admin,0["x"]'],
      [17, 'out', '41/admin,'],
      [18, 'out', '40/admin,{"token":"B"}'],
      [19, 'in', '40/admin,{"sid":"a3"}'],
      [20, 'in', '42/admin,["welcome",{"sid":"a3"}]'],
      [21, 'out', '42/admin,1["echo","y"]'],
      [22, 'in', '43/admin,1["y"]'],
    ]);
    const replayed = session('B', 'b1', [
      [10, 'out', '40/admin,{"token":"A"}'],
      [11, 'in', '44/admin,{"message":"unauthorized"}'],
      [12, 'out', '40/admin,{"token":"B"}'],
      [13, 'in', '44/admin,{"message":"unauthorized"}'],
      [18, 'out', '40/admin,{"token":"B"}'],
      [19, 'in', '44/admin,{"message":"unauthorized"}'],
    ]);
    const diff = diffReplay(recorded, replayed);
    expect(lines(diff.answers)).toEqual([
      'matched join c1 / join 1: accepted → accepted',
      'matched join c1 /admin join 1: refused unauthorized → refused unauthorized',
      'different join c1 /admin join 2: accepted → refused unauthorized',
      'missing event welcome #0 c1 /admin join 2',
      'missing ack echo #0 c1 /admin join 2',
      'different join c1 /admin join 3: accepted → refused unauthorized',
      'missing event welcome #0 c1 /admin join 3',
      'missing ack echo #0 c1 /admin join 3',
    ]);
    expect(diff.counts).toEqual({ matched: 2, different: 2, missing: 4, extra: 0, unanswered: 0 });
  });

  it('matches the joins and answers of several connections by connection', () => {
    const steps: Step[] = [
      [10, 'out', '420["echo","hi"]'],
      [11, 'in', '430["hi"]'],
    ];
    const recorded = [...session('A', 'a1', steps), ...session('C', 'c1', steps, 'c2')];
    const replayed = [
      ...session('B', 'b1', steps),
      ...session('D', 'd1', [[10, 'out', '420["echo","hi"]']], 'c2'),
    ];
    const diff = diffReplay(recorded, replayed);
    expect(lines(diff.answers).sort()).toEqual([
      'matched ack echo #0 c1 / join 1',
      'matched join c1 / join 1: accepted → accepted',
      'matched join c2 / join 1: accepted → accepted',
      'missing ack echo #0 c2 / join 1',
    ]);
  });
});
