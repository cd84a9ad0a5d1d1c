// The replay plan read from records: every client CONNECT (with its own auth), DISCONNECT and emit as a
// step, in order, at its time after the Engine.IO open, on the join it belongs to, with what the
// recording had heard on each namespace's latest join before it; several connections one after another.
import { describe, expect, it } from 'vitest';
import { planReplay, stepCounts } from '../../../../electron/replay/replay-plan';
import { decodeFrames, type FrameInput } from '../../../../shared/protocol/session-decoder';
import type { EioVersion, SessionRecord } from '../../../../shared/record';

type Step = readonly [number, 'in' | 'out', string];

const TARGET = 'http://127.0.0.1:3000';
/** `/`, joined first and answered nothing. */
const ROOT = { nsp: '/', join: 1, outcome: 'accepted', answers: 0, ended: false } as const;
const OPEN = '0{"sid":"S","upgrades":[],"pingInterval":25000,"pingTimeout":20000}';

function records(steps: readonly Step[], conn = 'c1', eio: EioVersion = 4): SessionRecord[] {
  const frames = steps.map(([t, dir, text]): FrameInput => ({ t, conn, dir, transport: 'websocket', text }));
  return decodeFrames(frames, { eio });
}

/** Refused with auth A, accepted with B, an acked emit, left, joined again with B, another emit. */
const RETRY: readonly Step[] = [
  [100, 'in', OPEN],
  [101, 'out', '40'],
  [102, 'in', '40{"sid":"r1"}'],
  [110, 'out', '40/admin,{"token":"A"}'],
  [111, 'in', '44/admin,{"message":"unauthorized"}'],
  [120, 'out', '40/admin,{"token":"B"}'],
  [121, 'in', '40/admin,{"sid":"a1"}'],
  [122, 'in', '42/admin,["welcome"]'],
  [130, 'out', '42/admin,0["echo","x"]'],
  [131, 'in', '43/admin,0["x"]'],
  [140, 'out', '41/admin,'],
  [150, 'out', '40/admin,{"token":"B"}'],
  [151, 'in', '40/admin,{"sid":"a2"}'],
  [160, 'out', '42/admin,["note",1]'],
  [161, 'out', '42["hello"]'],
];

describe('planReplay', () => {
  it('takes every join with its own auth, every leave and every emit, in order, on their joins', () => {
    const plan = planReplay(records(RETRY), {}, TARGET);
    expect(plan.connections).toHaveLength(1);
    const [connection] = plan.connections;
    expect(connection?.connect).toMatchObject({ url: TARGET, conn: 'c1', namespaces: [], eio: 4 });
    expect(connection?.steps).toEqual([
      { type: 'join', at: 1, nsp: '/', join: 1, after: [] },
      {
        type: 'join',
        at: 10,
        nsp: '/admin',
        join: 1,
        auth: { token: 'A' },
        after: [ROOT],
      },
      {
        type: 'join',
        at: 20,
        nsp: '/admin',
        join: 2,
        auth: { token: 'B' },
        after: [ROOT, { nsp: '/admin', join: 1, outcome: 'refused', answers: 0, ended: false }],
      },
      {
        type: 'emit',
        at: 30,
        nsp: '/admin',
        join: 2,
        event: 'echo',
        args: ['x'],
        ack: true,
        after: [ROOT, { nsp: '/admin', join: 2, outcome: 'accepted', answers: 1, ended: false }],
      },
      {
        type: 'leave',
        at: 40,
        nsp: '/admin',
        join: 2,
        after: [ROOT, { nsp: '/admin', join: 2, outcome: 'accepted', answers: 2, ended: false }],
      },
      {
        type: 'join',
        at: 50,
        nsp: '/admin',
        join: 3,
        auth: { token: 'B' },
        after: [ROOT],
      },
      {
        type: 'emit',
        at: 60,
        nsp: '/admin',
        join: 3,
        event: 'note',
        args: [1],
        ack: false,
        after: [ROOT, { nsp: '/admin', join: 3, outcome: 'accepted', answers: 0, ended: false }],
      },
      {
        type: 'emit',
        at: 61,
        nsp: '/',
        join: 1,
        event: 'hello',
        args: [],
        ack: false,
        after: [ROOT, { nsp: '/admin', join: 3, outcome: 'accepted', answers: 0, ended: false }],
      },
    ]);
    expect(connection?.joins).toEqual([
      { nsp: '/', join: 1, outcome: 'accepted', answers: 0, ended: false },
      { nsp: '/admin', join: 1, outcome: 'refused', answers: 0, ended: false },
      { nsp: '/admin', join: 2, outcome: 'accepted', answers: 2, ended: false },
      { nsp: '/admin', join: 3, outcome: 'accepted', answers: 0, ended: false },
    ]);
    expect(connection?.lastAnswerAt).toBe(51);
    expect(stepCounts(plan)).toEqual({ join: 4, leave: 1, emit: 3 });
  });

  it('has a rejoin after the server ended a join wait for that end', () => {
    const plan = planReplay(
      records([
        [0, 'in', OPEN],
        [1, 'out', '40'],
        [2, 'in', '40{"sid":"x"}'],
        [3, 'in', '41'],
        [4, 'out', '40'],
      ]),
      {},
      TARGET,
    );
    expect(plan.connections[0]?.steps.map((s) => [s.type, s.join, s.after])).toEqual([
      ['join', 1, []],
      ['join', 2, [{ ...ROOT, ended: true }]],
    ]);
  });

  it('joins at the open what a v4 server connected unasked, and keeps a v4 CONNECT query in the name', () => {
    const plan = planReplay(
      records(
        [
          [0, 'in', OPEN],
          [1, 'in', '40'],
          [5, 'out', '40/admin?token=secret,'],
          [6, 'in', '40/admin,'],
          [7, 'out', '42/admin,["echo",1]'],
        ],
        'c1',
        3,
      ),
      {},
      TARGET,
    );
    const [connection] = plan.connections;
    expect(connection?.connect).toMatchObject({ eio: 3, namespaces: ['/'] });
    expect(connection?.steps.map((s) => `${s.type} ${s.nsp} #${s.join}`)).toEqual([
      'join /admin?token=secret #1',
      'emit /admin #1',
    ]);
  });

  it('answers the server ack requests as the recorded client did, in order', () => {
    const plan = planReplay(
      records([
        [0, 'in', OPEN],
        [1, 'out', '40'],
        [2, 'in', '40{"sid":"x"}'],
        [3, 'in', '425["ask","q1"]'],
        [4, 'out', '435["first"]'],
        [5, 'in', '426["ask","q2"]'],
        [6, 'out', '436["second"]'],
      ]),
      {},
      TARGET,
    );
    const reply = plan.connections[0]?.connect.ackReply;
    if (typeof reply !== 'function') throw new Error('expected recorded answers');
    expect([reply('ask', []), reply('ask', []), reply('ask', []), reply('other', [])]).toEqual([
      ['first'],
      ['second'],
      [],
      [],
    ]);
  });

  it('plans several connections one after another, each from its own start, or only the one asked for', () => {
    const first = records(RETRY.slice(0, 3), 'c1');
    const second = records(
      [
        [400, 'in', OPEN],
        [401, 'out', '40/admin,{"token":"B"}'],
        [402, 'in', '40/admin,{"sid":"z"}'],
      ],
      'c2',
    );
    const all = planReplay([...first, ...second], { transports: ['websocket'] }, TARGET);
    expect(all.connections.map((c) => [c.conn, c.start, c.connect.conn, c.connect.transports])).toEqual([
      ['c1', 0, 'c1', ['websocket']],
      ['c2', 300, 'c2', ['websocket']],
    ]);
    expect(all.recorded).toHaveLength(first.length + second.length);
    const one = planReplay([...first, ...second], {}, TARGET, 'c2');
    expect(one.connections.map((c) => [c.conn, c.start])).toEqual([['c2', 0]]);
    expect(one.recorded.every((r) => r.conn === 'c2')).toBe(true);
    expect(() => planReplay(first, {}, TARGET, 'c9')).toThrow('the session has no connection "c9"');
    expect(() => planReplay([], {}, TARGET)).toThrow('the session has no connections to replay');
  });

  it('joins what the header names when the records show no join at all', () => {
    const plan = planReplay(
      records([[0, 'in', OPEN]]),
      { namespaces: ['/', '/admin'], auth: { token: 't' }, path: '/io/' },
      TARGET,
    );
    expect(plan.connections[0]?.connect).toMatchObject({
      path: '/io/',
      namespaces: ['/', '/admin'],
      auth: { token: 't' },
    });
  });
});
