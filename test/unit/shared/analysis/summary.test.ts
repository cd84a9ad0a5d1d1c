import { describe, expect, it } from 'vitest';
import { FINDING_CODES, type FindingCode } from '../../../../shared/analysis/findings';
import {
  analyzeConnection,
  SessionFold,
  summarizeConnection,
  summarizeSession,
  type SessionSummary,
} from '../../../../shared/analysis/summary';
import { decodeFrames, type FrameInput } from '../../../../shared/protocol/session-decoder';
import type { Direction, SessionRecord, Transport } from '../../../../shared/record';
import { isLifecycle } from '../../../../shared/record';
import {
  ack,
  broken,
  close,
  connect,
  connectError,
  disconnect,
  event,
  HANDSHAKE,
  message,
  noop,
  open,
  ping,
  pong,
  probe,
  probeAnswer,
  Session,
  sioError,
  sized,
  upgrade,
  v3PollingSession,
  v4PollingUpgradeSession,
  v4WebsocketSession,
} from './records';

describe('summarizeConnection', () => {
  it('summarizes a v4 websocket session with exactly the field names of the summary contract', () => {
    const { records, frames } = v4WebsocketSession();
    const summary = summarizeConnection(records, { eio: 4 });
    expect(summary).toStrictEqual({
      conn: 'c1',
      eio: 4,
      sid: 'EIOSID',
      handshake: { ...HANDSHAKE, upgrades: [] },
      transport: 'websocket',
      upgrade: { probeMs: null, completed: false, stoppedAt: null, attempted: false, ms: null },
      namespaces: [{ nsp: '/', connected: true, sid: 'SOCKET1' }],
      heartbeat: {
        pingInterval: 25000,
        pingTimeout: 20000,
        pings: 3,
        intervalMs: { median: 25001, max: 25007 },
        pongLatencyMs: { median: 2, max: 3 },
        late: 0,
        missed: 0,
        pinger: 'server',
      },
      acks: {
        sent: 1,
        answered: 1,
        latencyMs: { median: 4, max: 4 },
        fromServer: { requested: 0, answered: 0, latencyMs: { median: null, max: null } },
        unanswered: 0,
        duplicates: 0,
        unknown: 0,
      },
      closeReason: 'io client disconnect',
      findings: [],
      eioSource: 'explicit',
    });
    expect(frames.closeOut).toBeGreaterThan(frames.open);
  });

  it('keeps the contract keys in their documented order, additions after them', () => {
    const s = summarizeConnection(v4PollingUpgradeSession().records);
    expect(Object.keys(s)).toEqual([
      'conn',
      'eio',
      'sid',
      'handshake',
      'transport',
      'upgrade',
      'namespaces',
      'heartbeat',
      'acks',
      'closeReason',
      'findings',
      'eioSource',
    ]);
    expect(Object.keys(s.upgrade).slice(0, 3)).toEqual(['probeMs', 'completed', 'stoppedAt']);
    expect(Object.keys(s.heartbeat).slice(0, 5)).toEqual([
      'pingInterval',
      'pingTimeout',
      'pings',
      'intervalMs',
      'pongLatencyMs',
    ]);
    expect(Object.keys(s.heartbeat.intervalMs)).toEqual(['median', 'max']);
    expect(Object.keys(s.acks).slice(0, 3)).toEqual(['sent', 'answered', 'latencyMs']);
    expect(Object.keys(s.namespaces[0] ?? {})).toEqual(['nsp', 'connected', 'sid']);
  });

  it('summarizes a polling session that upgraded', () => {
    const s = summarizeConnection(v4PollingUpgradeSession().records);
    expect(s).toMatchObject({
      eio: 4,
      eioSource: 'url',
      transport: 'websocket',
      upgrade: { probeMs: 3, completed: true, stoppedAt: null, attempted: true, ms: 6 },
      namespaces: [{ nsp: '/', connected: true, sid: 'SOCKET1' }],
      heartbeat: {
        pings: 1,
        intervalMs: { median: 25000, max: 25000 },
        pongLatencyMs: { median: 1, max: 1 },
      },
      acks: { sent: 1, answered: 1, latencyMs: { median: 1, max: 1 } },
      closeReason: null,
      findings: [],
    });
  });

  it('stays on polling when the upgrade stopped', () => {
    const s = new Session();
    s.in('polling', open()).lifecycle('ws-open').out('websocket', probe());
    expect(summarizeConnection(s.records)).toMatchObject({
      transport: 'polling',
      upgrade: { completed: false, stoppedAt: '2probe', attempted: true },
    });
  });

  it('summarizes a v3 polling session with client pings, detecting the version', () => {
    const { records, frames } = v3PollingSession();
    const s = summarizeConnection(records);
    expect(s).toMatchObject({
      eio: 3,
      eioSource: 'heartbeat',
      transport: 'polling',
      handshake: { pingTimeout: 5000 },
      namespaces: [
        { nsp: '/', connected: true, sid: 'EIOSID' },
        { nsp: '/chat', connected: false },
      ],
      heartbeat: { pinger: 'client', pings: 2, pongLatencyMs: { median: 5, max: 6 } },
    });
    expect(s.findings).toEqual([
      expect.objectContaining({ code: 'EVENT_BEFORE_CONNECT', frame: frames.emit }),
    ]);
  });

  it('judges with the version it is told, not the one the records suggest', () => {
    const { records, frames } = v3PollingSession();
    const s = summarizeConnection(records, { eio: 4 });
    expect(s.eio).toBe(4);
    expect(s.eioSource).toBe('explicit');
    const direction = s.findings.filter((f) => f.code === 'HEARTBEAT_DIRECTION').map((f) => f.frame);
    expect(direction).toEqual(frames.pings);
  });

  it.each([
    {
      eio: 4,
      refuse: (s: Session) => s.in('websocket', connectError('/admin', { message: 'unauthorized' })),
      want: { nsp: '/admin', connected: false, error: { message: 'unauthorized' } },
    },
    {
      eio: 3,
      refuse: (s: Session) => s.in('websocket', sioError('/admin', 'Invalid namespace')),
      want: { nsp: '/admin', connected: false, error: { message: 'Invalid namespace' } },
    },
  ] as const)('reports a refused namespace (EIO $eio)', ({ eio, refuse, want }) => {
    const s = new Session();
    s.in('websocket', open({ upgrades: [] }));
    if (eio === 4) s.out('websocket', connect('/')).in('websocket', connect('/', { sid: 'S' }));
    else s.in('websocket', connect('/'));
    s.out('websocket', connect('/admin'));
    const frame = refuse(s).lastFrame;
    const summary = summarizeConnection(s.records, { eio });
    expect(summary.namespaces).toEqual([
      { nsp: '/', connected: true, sid: eio === 4 ? 'S' : 'EIOSID' },
      want,
    ]);
    expect(summary.findings).toEqual([expect.objectContaining({ code: 'NAMESPACE_REFUSED', frame })]);
  });

  it('summarizes no records as nothing known', () => {
    expect(summarizeConnection([])).toStrictEqual({
      conn: '',
      eio: 4,
      sid: null,
      handshake: null,
      transport: null,
      upgrade: { probeMs: null, completed: false, stoppedAt: null, attempted: false, ms: null },
      namespaces: [],
      heartbeat: {
        pingInterval: null,
        pingTimeout: null,
        pings: 0,
        intervalMs: { median: null, max: null },
        pongLatencyMs: { median: null, max: null },
        late: 0,
        missed: 0,
        pinger: 'server',
      },
      acks: {
        sent: 0,
        answered: 0,
        latencyMs: { median: null, max: null },
        fromServer: { requested: 0, answered: 0, latencyMs: { median: null, max: null } },
        unanswered: 0,
        duplicates: 0,
        unknown: 0,
      },
      closeReason: null,
      findings: [],
      eioSource: 'default',
    });
  });

  it('summarizes a connection that never got past HTTP', () => {
    const s = new Session('c7');
    s.lifecycle('http-request', {
      method: 'GET',
      url: '/socket.io/?EIO=3&transport=polling',
      status: 400,
      ms: 3,
    });
    s.lifecycle('closed', { reason: 'handshake refused' });
    expect(summarizeConnection(s.records)).toMatchObject({
      conn: 'c7',
      eio: 3,
      eioSource: 'url',
      sid: null,
      handshake: null,
      transport: null,
      closeReason: 'handshake refused',
      findings: [
        {
          code: 'HANDSHAKE_MISSING',
          severity: 'error',
          frame: null,
          message: 'no open packet from the server (last HTTP status 400)',
        },
      ],
    });
  });

  it('puts findings in frame order across analyses', () => {
    const s = new Session();
    s.in('websocket', open());
    const early = s.out('websocket', event('x', [], { id: 1 })).lastFrame; // CONNECT_NOT_FIRST, EVENT_BEFORE_CONNECT, ACK_UNANSWERED
    const bad = s.in('websocket', broken('EIO_UNKNOWN_TYPE')).lastFrame;
    const frames = summarizeConnection(s.records).findings.map((f) => [f.frame, f.code]);
    expect(frames).toEqual([
      [early, 'CONNECT_NOT_FIRST'],
      [early, 'EVENT_BEFORE_CONNECT'],
      [early, 'ACK_UNANSWERED'],
      [bad, 'DECODE_ERROR'],
    ]);
  });
});

describe('the Engine.IO version', () => {
  const frames = (...list: [Direction, Transport, string][]): FrameInput[] =>
    list.map(([dir, transport, text], t) => ({ t, dir, transport, text }));
  const v3Body = (...packets: string[]): string => packets.map((p) => `${p.length}:${p}`).join('');
  const handshake = JSON.stringify({ ...HANDSHAKE, upgrades: [] });
  const unstamped = (records: readonly SessionRecord[]): SessionRecord[] =>
    records.map((r) => {
      if (isLifecycle(r)) return r;
      const { eioVersion: _, ...rest } = r;
      return rest;
    });

  // Sessions with no heartbeat or Socket.IO hint, or misleading ones: the records alone suggest the
  // other version, and the summary used to say so while the packets had been decoded with this one.
  it.each([
    {
      name: 'a plain Engine.IO v3 server over polling, before any ping',
      frames: frames(
        ['in', 'polling', v3Body(`0${handshake}`)],
        ['out', 'polling', v3Body('4hello')],
        ['in', 'polling', v3Body('4world', '6')],
      ),
      eio: 3,
      guess: { eio: 4, source: 'default' },
    },
    {
      name: 'a v4 client that pings the server itself',
      frames: frames(
        ['in', 'websocket', `0${handshake}`],
        ['out', 'websocket', '40'],
        ['in', 'websocket', '40{"sid":"S"}'],
        ['out', 'websocket', '2'],
        ['in', 'websocket', '3'],
      ),
      eio: 4,
      guess: { eio: 3, source: 'heartbeat' },
    },
  ] as const)('is the one the decoder read the packets with: $name', ({ frames, eio, guess }) => {
    const records = decodeFrames(frames, { parser: 'none' });
    expect(summarizeConnection(records)).toMatchObject({ eio, eioSource: 'decoder' });
    expect(summarizeConnection(unstamped(records))).toMatchObject({
      eio: guess.eio,
      eioSource: guess.source,
    });
  });

  it("is the caller's when it says, and read from evidence in records without a stamp", () => {
    const records = decodeFrames(frames(['in', 'websocket', `0${handshake}`], ['in', 'websocket', '2']));
    expect(summarizeConnection(records, { eio: 3 })).toMatchObject({ eio: 3, eioSource: 'explicit' });
    expect(summarizeConnection(unstamped(records))).toMatchObject({ eio: 4, eioSource: 'heartbeat' });
  });
});

describe('analyzeConnection', () => {
  it('hands the views the sequence, the heartbeat series and the ack pairs with the summary', () => {
    const { records, frames } = v4PollingUpgradeSession();
    const a = analyzeConnection(records);
    expect(a.summary).toEqual(summarizeConnection(records));
    expect(a.sequence.steps.map((s) => s.step)).toEqual([
      'open',
      'CONNECT',
      'CONNECT',
      'ws-open',
      '2probe',
      '3probe',
      'noop',
      'upgrade',
    ]);
    expect(a.heartbeat.series.map((p) => p.frame)).toEqual([frames.ping]);
    expect(a.acks.pairs.map((p) => p.frame)).toEqual([frames.emit]);
    expect(a.handshake.open?.frame).toBe(frames.open);
  });
});

describe('summarizeSession', () => {
  it('groups interleaved connections, in the order they opened, each with its own version', () => {
    const counter = { next: 0 };
    const v3 = v3PollingSession('b', counter);
    const v4 = v4WebsocketSession('a', counter);
    // Interleave by time, as a recording of two connections would.
    const records = [...v3.records, ...v4.records].sort((x, y) => x.t - y.t);
    const summary = summarizeSession(records);
    expect(summary.connections.map((c) => [c.conn, c.eio, c.eioSource])).toEqual([
      ['a', 4, 'heartbeat'],
      ['b', 3, 'heartbeat'],
    ]);
    expect(summary.connections[0]).toEqual(summarizeConnection(v4.records));
  });

  it('applies an explicit version to every connection', () => {
    const summary = summarizeSession([...v3PollingSession('x').records, ...v4WebsocketSession('y').records], {
      eio: 3,
    });
    expect(summary.connections.map((c) => [c.eio, c.eioSource])).toEqual([
      [3, 'explicit'],
      [3, 'explicit'],
    ]);
  });

  it('names the connection a reconnection replaces, from its first record', () => {
    const lost = v4WebsocketSession('c1').records;
    const reconnect: SessionRecord = {
      t: 5000,
      conn: 'c2',
      event: 'reconnect',
      reconnectOf: 'c1',
      attempt: 1,
      ms: 1000,
    };
    const again = v4WebsocketSession('c2').records.map((r) => ({ ...r, t: r.t + 6000 }));
    const summary = summarizeSession([...lost, reconnect, ...again]);
    expect(summary.connections.map((c) => [c.conn, c.reconnectOf])).toEqual([
      ['c1', undefined],
      ['c2', 'c1'],
    ]);
    expect(Object.keys(summary.connections[1] ?? {}).at(-1)).toBe('reconnectOf');
  });

  it('summarizes no records as no connections', () => {
    expect(summarizeSession([])).toStrictEqual({ connections: [] });
  });

  it('handles a long session in one pass per analysis (no quadratic work, no stack-sized spreads)', () => {
    const s = new Session()
      .at(0)
      .in('websocket', open({ pingInterval: 1000, pingTimeout: 1000 }, ['maxPayload']));
    s.out('websocket', connect('/')).in('websocket', connect('/', { sid: 'S' }));
    const n = 30_000;
    for (let i = 0; i < n; i++) {
      s.at(i * 1000 + 10).out('websocket', event('e', [i], { id: i }));
      s.at(i * 1000 + 12).in('websocket', ack(i, [i]));
      s.at(i * 1000 + 1000).in('websocket', ping());
      s.at(i * 1000 + 1001).out('websocket', pong());
    }
    const started = performance.now();
    const summary = summarizeConnection(s.records);
    const elapsed = performance.now() - started;
    expect(s.records.length).toBeGreaterThan(120_000);
    expect(summary.acks).toMatchObject({ sent: n, answered: n, latencyMs: { median: 2, max: 2 } });
    expect(summary.heartbeat).toMatchObject({ pings: n, intervalMs: { median: 1000, max: 1000 }, missed: 0 });
    expect(summary.findings).toEqual([]);
    // Generous: linear work takes well under a second here; quadratic work would take minutes.
    expect(elapsed).toBeLessThan(10_000);
  }, 60_000); // building 120k records is the slow part on a loaded machine
});

/**
 * Every finding code, produced by a session built for it, pointing at the frame it should. The table is
 * checked against the catalog, so a new code without a case here fails.
 */
const CASES: Record<
  FindingCode,
  { eio?: 3 | 4; build: () => { records: readonly SessionRecord[]; frame: number | null } }
> = {
  DECODE_ERROR: {
    build: () => {
      const s = new Session().in('websocket', open());
      return { records: s.records, frame: s.in('websocket', broken('EIO_UNKNOWN_TYPE')).lastFrame };
    },
  },
  HANDSHAKE_MISSING: {
    build: () => {
      const s = new Session();
      return { records: s.records, frame: s.in('websocket', message('hi')).lastFrame };
    },
  },
  HANDSHAKE_DUPLICATE: {
    build: () => {
      const s = new Session().in('websocket', open());
      return { records: s.records, frame: s.in('websocket', open()).lastFrame };
    },
  },
  PACKET_DIRECTION: {
    build: () => {
      const s = new Session().in('websocket', open());
      return { records: s.records, frame: s.out('websocket', noop()).lastFrame };
    },
  },
  PACKET_AFTER_CLOSE: {
    build: () => {
      // The server sends on after its own close packet.
      const s = new Session().in('websocket', open()).in('websocket', close());
      return { records: s.records, frame: s.in('websocket', message('late')).lastFrame };
    },
  },
  PAYLOAD_TOO_LARGE: {
    build: () => {
      const s = new Session().in('polling', open({ maxPayload: 10 }));
      return {
        records: s.records,
        frame: s.out('polling', sized(message('a'), 6), sized(message('b'), 6)).lastFrame,
      };
    },
  },
  TRANSPORT_ERROR: {
    build: () => {
      const s = new Session()
        .in('websocket', open())
        .lifecycle('transport-error', { frame: 99, message: 'x' });
      return { records: s.records, frame: 99 };
    },
  },
  UPGRADE_WITHOUT_PROBE: {
    build: () => {
      const s = new Session().in('polling', open());
      return { records: s.records, frame: s.out('websocket', upgrade()).lastFrame };
    },
  },
  UPGRADE_INCOMPLETE: {
    build: () => {
      const s = new Session().in('polling', open()).out('websocket', probe());
      return { records: s.records, frame: s.in('websocket', probeAnswer()).lastFrame };
    },
  },
  UPGRADE_NOT_OFFERED: {
    build: () => {
      const s = new Session().in('polling', open({ upgrades: [] }));
      const frame = s.out('websocket', probe()).lastFrame;
      s.in('websocket', probeAnswer()).out('websocket', upgrade());
      return { records: s.records, frame };
    },
  },
  HEARTBEAT_DIRECTION: {
    eio: 4,
    build: () => {
      const s = new Session().in('websocket', open());
      return { records: s.records, frame: s.out('websocket', ping()).lastFrame };
    },
  },
  HEARTBEAT_TIMEOUT: {
    build: () => {
      const s = new Session().at(0).in('websocket', open());
      const frame = s.at(25000).in('websocket', ping()).lastFrame;
      s.at(50000).in('websocket', message('no pong came'));
      return { records: s.records, frame };
    },
  },
  PONG_SLOW: {
    build: () => {
      const s = new Session().at(0).in('websocket', open());
      s.at(25000).in('websocket', ping());
      return { records: s.records, frame: s.at(44000).out('websocket', pong()).lastFrame };
    },
  },
  PONG_WITHOUT_PING: {
    build: () => {
      const s = new Session().in('websocket', open());
      return { records: s.records, frame: s.out('websocket', pong()).lastFrame };
    },
  },
  CONNECT_NOT_FIRST: {
    eio: 4,
    build: () => {
      const s = new Session().in('websocket', open());
      return { records: s.records, frame: s.out('websocket', disconnect('/')).lastFrame };
    },
  },
  CONNECT_UNANSWERED: {
    build: () => {
      const s = new Session().in('websocket', open());
      return { records: s.records, frame: s.out('websocket', connect('/')).lastFrame };
    },
  },
  NAMESPACE_REFUSED: {
    build: () => {
      const s = new Session().in('websocket', open()).out('websocket', connect('/'));
      return { records: s.records, frame: s.in('websocket', connectError('/', { message: 'no' })).lastFrame };
    },
  },
  NAMESPACE_DISCONNECTED: {
    build: () => {
      const s = new Session()
        .in('websocket', open())
        .out('websocket', connect('/'))
        .in('websocket', connect('/', { sid: 's' }));
      return { records: s.records, frame: s.in('websocket', disconnect('/')).lastFrame };
    },
  },
  EVENT_BEFORE_CONNECT: {
    build: () => {
      const s = new Session().in('websocket', open()).out('websocket', connect('/'));
      return { records: s.records, frame: s.in('websocket', event('early')).lastFrame };
    },
  },
  RECOVERY_MISSED_PACKETS: {
    build: () => {
      const s = new Session()
        .in('websocket', open())
        .out('websocket', connect('/', { pid: 'P', offset: 'O' }));
      const frame = s.in('websocket', event('missed', ['O2'])).lastFrame;
      s.in('websocket', connect('/', { sid: 'S', pid: 'P' }));
      return { records: s.records, frame };
    },
  },
  ACK_UNANSWERED: {
    build: () => {
      const s = new Session()
        .in('websocket', open())
        .out('websocket', connect('/'))
        .in('websocket', connect('/', { sid: 's' }));
      return { records: s.records, frame: s.in('websocket', event('ask', [], { id: 1 })).lastFrame };
    },
  },
  ACK_DUPLICATE: {
    build: () => {
      const s = new Session()
        .in('websocket', open())
        .out('websocket', connect('/'))
        .in('websocket', connect('/', { sid: 's' }));
      s.out('websocket', event('ask', [], { id: 1 })).in('websocket', ack(1));
      return { records: s.records, frame: s.in('websocket', ack(1)).lastFrame };
    },
  },
  ACK_UNKNOWN: {
    build: () => {
      const s = new Session().in('websocket', open());
      return { records: s.records, frame: s.out('websocket', ack(4)).lastFrame };
    },
  },
  ACK_ID_REUSED: {
    build: () => {
      const s = new Session()
        .in('websocket', open())
        .out('websocket', connect('/'))
        .in('websocket', connect('/', { sid: 's' }));
      s.out('websocket', event('a', [], { id: 1 }));
      const frame = s.out('websocket', event('b', [], { id: 1 })).lastFrame;
      s.in('websocket', ack(1));
      return { records: s.records, frame };
    },
  },
  CORS_ORIGIN_BLOCKED: {
    build: () => {
      const s = new Session().lifecycle('http-request', {
        transport: 'polling',
        method: 'GET',
        status: 200,
        origin: 'http://app.example',
      });
      return { records: s.records, frame: s.in('polling', open()).lastFrame };
    },
  },
};

describe('every finding code', () => {
  it('has a case in the table below', () => {
    expect(Object.keys(CASES).sort()).toEqual([...FINDING_CODES].sort());
  });

  it.each(Object.entries(CASES))(
    '%s is found alike by a fold that lists no ack pairs',
    (_code, { eio, build }) => {
      const { records } = build();
      const fold = (ackPairsKept?: number): SessionSummary => {
        const f = new SessionFold({
          ...(eio !== undefined && { eio }),
          ...(ackPairsKept !== undefined && { ackPairsKept }),
        });
        for (const r of records) f.push(r);
        return f.summary();
      };
      expect(fold(0)).toEqual(fold());
    },
  );

  it.each(Object.entries(CASES))('%s points at its frame', (code, { eio, build }) => {
    const { records, frame } = build();
    const findings = summarizeConnection(records, eio === undefined ? {} : { eio }).findings;
    const found = findings.filter((f) => f.code === code);
    expect(found.map((f) => f.frame)).toContain(frame);
    for (const f of found) expect(f.message.length).toBeGreaterThan(10);
  });
});
