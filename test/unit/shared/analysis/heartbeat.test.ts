import { describe, expect, it } from 'vitest';
import { analyzeHandshake } from '../../../../shared/analysis/handshake';
import { FINDING_EXAMPLES } from '../../../../shared/analysis/findings';
import {
  analyzeHeartbeat,
  HeartbeatJudge,
  PENDING_KEPT,
  SERIES_KEPT,
} from '../../../../shared/analysis/heartbeat';
import type { EioVersion, SessionRecord } from '../../../../shared/record';
import {
  close,
  message,
  open,
  ping,
  pong,
  probe,
  probeAnswer,
  Session,
  v3PollingSession,
  v4WebsocketSession,
} from './records';

function run(records: readonly SessionRecord[], eio: EioVersion = 4) {
  return analyzeHeartbeat(records, { eio, handshake: analyzeHandshake(records) });
}

/** v4 websocket session with the default handshake (pingInterval 25000, pingTimeout 20000) opened at t=0. */
function v4(): Session {
  return new Session().at(0).in('websocket', open());
}

describe('analyzeHeartbeat', () => {
  it('charts a v4 heartbeat: server pings, client pongs', () => {
    const { records, frames } = v4WebsocketSession();
    const a = run(records);
    expect(a.series).toEqual([
      {
        t: 25002,
        frame: frames.pings[0],
        intervalMs: 25000,
        pongLatencyMs: 1,
        pongFrame: frames.pings[0]! + 1,
        late: false,
        missed: false,
      },
      {
        t: 50003,
        frame: frames.pings[1],
        intervalMs: 25001,
        pongLatencyMs: 3,
        pongFrame: frames.pings[1]! + 1,
        late: false,
        missed: false,
      },
      {
        t: 75010,
        frame: frames.pings[2],
        intervalMs: 25007,
        pongLatencyMs: 2,
        pongFrame: frames.pings[2]! + 1,
        late: false,
        missed: false,
      },
    ]);
    expect(a.summary).toEqual({
      pingInterval: 25000,
      pingTimeout: 20000,
      pings: 3,
      intervalMs: { median: 25001, max: 25007 },
      pongLatencyMs: { median: 2, max: 3 },
      late: 0,
      missed: 0,
      pinger: 'server',
    });
    expect(a.findings).toEqual([]);
  });

  it('charts a v3 heartbeat: client pings, server pongs', () => {
    const { records, frames } = v3PollingSession();
    const a = run(records, 3);
    expect(a.series.map((p) => [p.frame, p.intervalMs, p.pongLatencyMs])).toEqual([
      [frames.pings[0], 25000, 4],
      [frames.pings[1], 25004, 6],
    ]);
    expect(a.summary).toMatchObject({
      pingTimeout: 5000,
      pings: 2,
      pinger: 'client',
      pongLatencyMs: { median: 5, max: 6 },
    });
    expect(a.findings).toEqual([]);
  });

  it('leaves probes out of the heartbeat', () => {
    const s = v4();
    s.at(10).out('websocket', probe()).at(11).in('websocket', probeAnswer());
    const a = run(s.records);
    expect(a.series).toEqual([]);
    expect(a.findings).toEqual([]);
  });

  it.each([
    { eio: 4, wrong: 'out', message: 'client sent a ping, but in EIO v4 the server pings' },
    { eio: 3, wrong: 'in', message: 'server sent a ping, but in EIO v3 the client pings' },
  ] as const)(
    'flags a ping from the wrong side (EIO $eio), and its pong answers it',
    ({ eio, wrong, message }) => {
      const s = new Session().at(0).in('polling', open());
      const frame = (wrong === 'out' ? s.at(5).out('polling', ping()) : s.at(5).in('polling', ping()))
        .lastFrame;
      if (wrong === 'out') s.at(6).in('polling', pong());
      else s.at(6).out('polling', pong());
      const a = run(s.records, eio);
      expect(a.findings).toEqual([{ code: 'HEARTBEAT_DIRECTION', severity: 'error', frame, message }]);
      expect(a.series).toEqual([]);
    },
  );

  it('flags a pong that answers no ping, from either side', () => {
    const s = v4();
    const stray = s.at(5).out('websocket', pong()).lastFrame;
    const strayIn = s.at(6).in('websocket', pong()).lastFrame;
    expect(run(s.records).findings).toEqual([
      {
        code: 'PONG_WITHOUT_PING',
        severity: 'warning',
        frame: stray,
        message: 'client sent a pong with no ping to answer',
      },
      {
        code: 'PONG_WITHOUT_PING',
        severity: 'warning',
        frame: strayIn,
        message: 'server sent a pong with no ping to answer',
      },
    ]);
  });

  it('v4: a ping left unanswered past pingTimeout is missed, once a later record shows the time went by', () => {
    const s = v4();
    const p = s.at(25000).in('websocket', ping()).lastFrame;
    s.at(45000).in('websocket', message('x')); // exactly at the deadline: still in time
    expect(run(s.records).series[0]?.missed).toBe(false);
    s.at(45001).in('websocket', message('y'));
    const a = run(s.records);
    expect(a.series[0]).toMatchObject({ missed: true, pongLatencyMs: null });
    expect(a.summary.missed).toBe(1);
    expect(a.findings).toEqual([
      {
        code: 'HEARTBEAT_TIMEOUT',
        severity: 'error',
        frame: p,
        message: 'ping not answered within pingTimeout 20000 ms (no pong in the 20001 ms after it)',
      },
    ]);
  });

  it('does not call a ping missed when the records end before its deadline', () => {
    const s = v4();
    s.at(25000).in('websocket', ping()).at(30000).out('websocket', message('x'));
    const a = run(s.records);
    expect(a.series[0]).toMatchObject({ missed: false, pongLatencyMs: null });
    expect(a.findings).toEqual([]);
  });

  it('flags a pong that came after pingTimeout at the pong', () => {
    const s = v4();
    const p = s.at(25000).in('websocket', ping()).lastFrame;
    const late = s.at(45500).out('websocket', pong()).lastFrame;
    const a = run(s.records);
    expect(a.series[0]).toMatchObject({ missed: true, pongLatencyMs: 20500, pongFrame: late });
    expect(a.findings).toEqual([
      {
        code: 'HEARTBEAT_TIMEOUT',
        severity: 'error',
        frame: late,
        message: `pong 20500 ms after the ping at frame ${p}, past pingTimeout 20000 ms`,
      },
    ]);
  });

  it('warns about a pong close to pingTimeout', () => {
    const s = v4();
    const p = s.at(25000).in('websocket', ping()).lastFrame;
    const slow = s.at(42000).out('websocket', pong()).lastFrame;
    s.at(50000)
      .in('websocket', ping())
      .at(50000 + 16000)
      .out('websocket', pong()); // exactly 80%: fine
    const a = run(s.records);
    expect(a.findings).toEqual([
      {
        code: 'PONG_SLOW',
        severity: 'warning',
        frame: slow,
        message: `pong 17000 ms after the ping at frame ${p}, 85% of pingTimeout 20000 ms`,
      },
    ]);
    expect(a.series.map((x) => x.missed)).toEqual([false, false]);
  });

  it('v4: flags a server ping later than pingInterval + pingTimeout after the previous one', () => {
    const s = v4();
    const first = s.at(25000).in('websocket', ping()).lastFrame;
    s.at(25001).out('websocket', pong());
    const gap = s.at(70001).in('websocket', ping()).lastFrame; // 45001 > 45000
    s.at(70002).out('websocket', pong());
    s.at(115001).in('websocket', ping()).at(115002).out('websocket', pong()); // exactly 45000: in time
    const a = run(s.records);
    expect(a.series.map((x) => [x.intervalMs, x.late])).toEqual([
      [25000, false],
      [45001, true],
      [45000, false],
    ]);
    expect(a.summary.late).toBe(1);
    expect(a.findings).toEqual([
      {
        code: 'HEARTBEAT_TIMEOUT',
        severity: 'error',
        frame: gap,
        message: `server ping 45001 ms after frame ${first} (pingInterval + pingTimeout = 45000 ms)`,
      },
    ]);
  });

  it('v4: flags a server that stopped pinging, at its last ping, when the records go on past the deadline', () => {
    const s = v4();
    const last = s.at(25000).in('websocket', ping()).lastFrame;
    s.at(25001).out('websocket', pong()).at(70000).out('websocket', message('still here'));
    expect(run(s.records).findings).toEqual([]);
    s.at(70001).out('websocket', message('hello?'));
    expect(run(s.records).findings).toEqual([
      {
        code: 'HEARTBEAT_TIMEOUT',
        severity: 'error',
        frame: last,
        message: `no server ping for 45001 ms after frame ${last} (pingInterval + pingTimeout = 45000 ms)`,
      },
    ]);
  });

  it('v4: counts the wait for the first ping from the open packet', () => {
    const s = v4();
    const openFrame = s.lastFrame;
    s.at(45001).out('websocket', message('x'));
    expect(run(s.records).findings).toEqual([
      expect.objectContaining({
        code: 'HEARTBEAT_TIMEOUT',
        frame: openFrame,
        message: expect.stringContaining('no server ping for 45001 ms'),
      }),
    ]);
  });

  it('v3: a ping unanswered within pingTimeout is missed', () => {
    const { session, frames } = v3PollingSession();
    const p = session.at(75000).out('polling', ping()).lastFrame;
    session.at(80001).in('polling', message('no pong'));
    const a = run(session.records, 3);
    expect(a.series.at(-1)).toMatchObject({ frame: p, missed: true });
    expect(a.findings).toEqual([
      expect.objectContaining({
        code: 'HEARTBEAT_TIMEOUT',
        frame: p,
        message: expect.stringContaining('pingTimeout 5000 ms'),
      }),
    ]);
    expect(frames.pings).toHaveLength(2);
  });

  it('v3: flags a client silent for longer than pingInterval + pingTimeout (any client packet counts)', () => {
    const s = new Session().at(0).in('polling', open({ pingTimeout: 5000 }));
    s.at(20000).out('polling', message('keeps the server happy'));
    const before = s.at(49000).out('polling', message('still fine')).lastFrame;
    const after = s.at(79001).out('polling', ping()).lastFrame; // 30001 ms later
    s.at(79002).in('polling', pong());
    const a = run(s.records, 3);
    expect(a.findings).toEqual([
      {
        code: 'HEARTBEAT_TIMEOUT',
        severity: 'error',
        frame: after,
        message: `no client packet for 30001 ms after frame ${before} (pingInterval + pingTimeout = 30000 ms)`,
      },
    ]);
    // The ping itself came 79001 ms after the open: late on the chart.
    expect(a.series[0]).toMatchObject({ intervalMs: 79001, late: true, missed: false });
  });

  it('v3: flags a client that went silent before the records end', () => {
    const s = new Session().at(0).in('polling', open({ pingTimeout: 5000 }));
    const last = s.at(10).out('polling', message('bye')).lastFrame;
    s.at(30011).in('polling', message('anyone?'));
    expect(run(s.records, 3).findings).toEqual([
      expect.objectContaining({
        code: 'HEARTBEAT_TIMEOUT',
        frame: last,
        message: expect.stringContaining('no client packet for 30001 ms'),
      }),
    ]);
  });

  it('pairs pongs with pings in order, so delayed pongs keep their real latency', () => {
    const s = new Session().at(0).in('websocket', open({ pingTimeout: 40000 }));
    s.at(25000).in('websocket', ping()).at(50000).in('websocket', ping());
    s.at(55000).out('websocket', pong()).at(80000).out('websocket', pong());
    expect(run(s.records).series.map((p) => p.pongLatencyMs)).toEqual([30000, 30000]);
  });

  it('stops judging once the connection is closed', () => {
    const s = v4();
    s.at(25000).in('websocket', ping()).at(25010).out('websocket', close());
    s.at(90000).in('websocket', message('after close'));
    const a = run(s.records);
    expect(a.findings).toEqual([]);
    expect(a.series[0]?.missed).toBe(false);
    const t = v4();
    t.at(25000)
      .in('websocket', ping())
      .at(25010)
      .lifecycle('closed', { reason: 'x' })
      .at(90000)
      .in('websocket', message('late'));
    expect(run(t.records).findings).toEqual([]);
  });

  it('charts but does not judge without a handshake', () => {
    const s = new Session();
    s.at(0).in('websocket', ping()).at(100000).in('websocket', ping()).at(200000).out('websocket', pong());
    const a = run(s.records);
    expect(a.series.map((p) => [p.intervalMs, p.pongLatencyMs, p.late, p.missed])).toEqual([
      [null, 200000, false, false],
      [100000, null, false, false],
    ]);
    expect(a.summary).toMatchObject({ pingInterval: null, pingTimeout: null, pings: 2 });
    expect(a.findings).toEqual([]);
  });

  it('has nothing to say about no records', () => {
    expect(run([])).toEqual({
      series: [],
      seriesOmitted: 0,
      summary: {
        pingInterval: null,
        pingTimeout: null,
        pings: 0,
        intervalMs: { median: null, max: null },
        pongLatencyMs: { median: null, max: null },
        late: 0,
        missed: 0,
        pinger: 'server',
      },
      findings: [],
      findingsOmitted: {},
      judgedAtEnd: 0,
      silences: [],
      end: null,
    });
  });

  it('charts the first SERIES_KEPT pings and judges every one', () => {
    const s = v4();
    const n = SERIES_KEPT + 500;
    let t = 0;
    const missedFrames: number[] = [];
    for (let i = 0; i < n; i++) {
      t += 25_000;
      s.at(t).in('websocket', ping());
      // Two pings answered past pingTimeout (one charted, one not); the last never answered.
      const late = i === 10 || i === SERIES_KEPT + 100;
      if (i < n - 1) s.at(t + (late ? 21_000 : 3)).out('websocket', pong());
      if (late) missedFrames.push(s.lastFrame);
    }
    const lastPing = s.lastFrame;
    s.at(t + 30_000).in('websocket', message('4'));
    const a = run(s.records);
    expect(a.series).toHaveLength(SERIES_KEPT);
    expect(a.seriesOmitted).toBe(500);
    expect(a.summary).toMatchObject({ pings: n, late: 0, missed: 3 });
    expect(a.summary.intervalMs).toEqual({ median: 25_000, max: 25_000 });
    expect(a.summary.pongLatencyMs).toEqual({ median: 3, max: 21_000 });
    expect(a.findings.map((f) => [f.code, f.frame])).toEqual([
      ['HEARTBEAT_TIMEOUT', missedFrames[0]],
      ['HEARTBEAT_TIMEOUT', missedFrames[1]],
      ['HEARTBEAT_TIMEOUT', lastPing],
    ]);
    expect(a.judgedAtEnd).toBe(3);
  });
});

describe('a peer that leaves pings unanswered for a long time', () => {
  const HELD = SERIES_KEPT + PENDING_KEPT;

  /** Feeds `records` one at a time, noting the most pings the judge held waiting for a pong. */
  function judged(records: readonly SessionRecord[], eio: EioVersion = 4) {
    const judge = new HeartbeatJudge({ eio, handshake: analyzeHandshake(records) });
    let mostWaiting = 0;
    for (const record of records) {
      judge.push(record);
      mostWaiting = Math.max(mostWaiting, judge.waiting);
    }
    return { a: judge.finish(), mostWaiting };
  }

  function timeouts(a: ReturnType<typeof run>): number {
    const listed = a.findings.filter((f) => f.code === 'HEARTBEAT_TIMEOUT').length;
    return listed + (a.findingsOmitted.HEARTBEAT_TIMEOUT ?? 0);
  }

  it('holds at most PENDING_KEPT of them however many, and still counts and says every miss', () => {
    for (const extra of [1, 30_000]) {
      const s = v4();
      const n = HELD + extra;
      for (let i = 1; i <= n; i++) s.at(i * 25_000).in('websocket', ping());
      // Every ping's pingTimeout has passed by the last record.
      s.at(n * 25_000 + 30_000).in('websocket', message('x'));
      const { a, mostWaiting } = judged(s.records);
      expect(mostWaiting).toBe(PENDING_KEPT);
      expect(a.summary).toMatchObject({ pings: n, missed: n, late: 0, dropped: extra });
      expect(a.summary.unmeasured).toBeUndefined();
      expect(a.summary.unjudged).toBeUndefined();
      expect(timeouts(a)).toBe(n);
      expect(a.findings.filter((f) => f.code === 'HEARTBEAT_TIMEOUT')).toHaveLength(FINDING_EXAMPLES);
    }
  });

  it('says a dropped ping was missed while its frame is known', () => {
    // The series' pings answered in time: the first miss listed is the first ping dropped.
    const s = v4();
    let t = 0;
    for (let i = 0; i < SERIES_KEPT; i++) {
      t += 25_000;
      s.at(t)
        .in('websocket', ping())
        .at(t + 5)
        .out('websocket', pong());
    }
    const frames: number[] = [];
    for (let i = 0; i <= PENDING_KEPT; i++) {
      t += 25_000;
      frames.push(s.at(t).in('websocket', ping()).lastFrame);
    }
    const { a } = judged(s.records);
    expect(a.summary).toMatchObject({ pings: HELD + 1, missed: PENDING_KEPT, dropped: 1 });
    const missed = a.findings.filter((f) => f.code === 'HEARTBEAT_TIMEOUT');
    // Dropped when the ping after the last held one came, PENDING_KEPT pings (25 s apart) after it.
    expect(missed[0]).toEqual({
      code: 'HEARTBEAT_TIMEOUT',
      severity: 'error',
      frame: frames[0],
      message: `ping not answered within pingTimeout 20000 ms (no pong in the ${PENDING_KEPT * 25_000} ms after it)`,
    });
    expect(missed[1]?.frame).toBe(frames[1]);
    expect(timeouts(a)).toBe(PENDING_KEPT);
  });

  it('pairs the pongs that come at last in order: those of dropped pings are counted, not measured', () => {
    const s = v4();
    const n = HELD + 100;
    for (let i = 1; i <= n; i++) s.at(i * 25_000).in('websocket', ping());
    const answeredAt = n * 25_000 + 1_000;
    for (let i = 0; i < n; i++) s.at(answeredAt).out('websocket', pong());
    const { a } = judged(s.records);
    // The first pong answers the first ping; the last answers the last, 1 s later: both measured.
    expect(a.summary.pongLatencyMs.max).toBe(answeredAt - 25_000);
    expect(a.series[0]?.pongLatencyMs).toBe(answeredAt - 25_000);
    expect(a.summary).toMatchObject({ pings: n, missed: n - 1, dropped: 100, unmeasured: 100 });
    expect(timeouts(a)).toBe(n - 1);
    expect(a.findings.some((f) => f.code === 'PONG_WITHOUT_PING')).toBe(false);
  });

  it('does not judge the pings of a flood faster than pingTimeout that were dropped before their deadline', () => {
    const s = v4();
    const n = HELD + 50;
    for (let i = 0; i < n; i++) s.at(25_000 + i / 1000).in('websocket', ping());
    for (let i = 0; i < n; i++) s.at(26_000 + i / 1000).out('websocket', pong());
    // Past every ping's pingTimeout, within pingInterval + pingTimeout of the last.
    s.at(60_000).in('websocket', message('x'));
    const { a, mostWaiting } = judged(s.records);
    expect(mostWaiting).toBe(PENDING_KEPT);
    expect(a.summary).toMatchObject({ pings: n, missed: 0, dropped: 50, unmeasured: 50, unjudged: 50 });
    expect(a.findings).toEqual([]);
  });

  it('holds a bounded number without a handshake too, where nothing is judged', () => {
    const s = new Session();
    const n = HELD + 5_000;
    // A ping answered, then one never answered, and so on: pongs pair in order, so the wait grows.
    for (let i = 0; i < n; i++) {
      s.at(i * 10).in('websocket', ping());
      if (i % 2 === 0) s.at(i * 10 + 1).out('websocket', pong());
    }
    const { a, mostWaiting } = judged(s.records);
    expect(mostWaiting).toBe(PENDING_KEPT);
    // Past HELD pings the oldest waiting goes with each new one; the pongs then answer dropped pings.
    const answered = Math.ceil(n / 2);
    expect(a.summary).toMatchObject({
      pings: n,
      missed: 0,
      dropped: n - HELD,
      unmeasured: answered - SERIES_KEPT,
    });
    expect(a.summary.unjudged).toBeUndefined();
    expect(a.findings).toEqual([]);
  });
});
