import { describe, expect, it } from 'vitest';
import { analyzeNamespaces } from '../../../../shared/analysis/namespaces';
import {
  ack,
  binaryEvent,
  connect,
  connectError,
  disconnect,
  event,
  open,
  ping,
  Session,
  sioError,
  v3PollingSession,
  v4WebsocketSession,
} from './records';

const v4 = { eio: 4, sid: 'EIOSID' } as const;
const v3 = { eio: 3, sid: 'EIOSID' } as const;

describe('analyzeNamespaces', () => {
  it('takes the v5 socket id from the server CONNECT', () => {
    const a = analyzeNamespaces(v4WebsocketSession().records, v4);
    expect(a).toEqual({
      namespaces: [{ nsp: '/', connected: true, sid: 'SOCKET1' }],
      refusals: [],
      findings: [],
      findingsOmitted: {},
    });
  });

  it('names v4 sockets after the Engine.IO sid: the sid itself for /, nsp#sid otherwise (docs/protocol.md §2.5)', () => {
    const { session } = v3PollingSession();
    session.out('polling', connect('/chat?token=1')).in('polling', connect('/chat'));
    const a = analyzeNamespaces(session.records, v3);
    expect(a.namespaces).toEqual([
      { nsp: '/', connected: true, sid: 'EIOSID' },
      { nsp: '/chat', connected: true, sid: '/chat#EIOSID' },
    ]);
  });

  it('leaves the sid out when it cannot be known', () => {
    const s = new Session();
    s.in('polling', connect('/')).out('polling', connect('/x')).in('polling', connect('/x', 'not an object'));
    expect(analyzeNamespaces(s.records, { eio: 3, sid: null }).namespaces).toEqual([
      { nsp: '/', connected: true },
      { nsp: '/x', connected: true },
    ]);
    expect(analyzeNamespaces(s.records, { eio: 4, sid: 'EIOSID' }).namespaces).toEqual([
      { nsp: '/', connected: true },
      { nsp: '/x', connected: true },
    ]);
  });

  it('reports a v5 refusal with its message and data', () => {
    const s = new Session();
    s.in('websocket', open()).out('websocket', connect('/admin', { token: 'bad' }));
    const refused = s.in(
      'websocket',
      connectError('/admin', { message: 'unauthorized', data: { code: 7 } }),
    ).lastFrame;
    const a = analyzeNamespaces(s.records, v4);
    expect(a.namespaces).toEqual([
      { nsp: '/admin', connected: false, error: { message: 'unauthorized', data: { code: 7 } } },
    ]);
    expect(a.findings).toEqual([
      {
        code: 'NAMESPACE_REFUSED',
        severity: 'warning',
        frame: refused,
        message: 'server refused /admin: "unauthorized"',
      },
    ]);
  });

  it('reports a v4 refusal (ERROR with a string), but not an ERROR on a connected namespace', () => {
    const { session } = v3PollingSession();
    session.in('polling', sioError('/', 'middleware said no')); // connected: an error event, not a refusal
    session.out('polling', connect('/random'));
    const refused = session.in('polling', sioError('/random', 'Invalid namespace')).lastFrame;
    const a = analyzeNamespaces(session.records, v3);
    expect(a.namespaces).toEqual([
      { nsp: '/', connected: true, sid: 'EIOSID' },
      { nsp: '/chat', connected: false },
      { nsp: '/random', connected: false, error: { message: 'Invalid namespace' } },
    ]);
    expect(a.findings).toContainEqual(
      expect.objectContaining({
        code: 'NAMESPACE_REFUSED',
        frame: refused,
        message: 'server refused /random: "Invalid namespace"',
      }),
    );
    expect(a.findings.filter((f) => f.code === 'NAMESPACE_REFUSED')).toHaveLength(1);
  });

  it.each([
    { data: { message: 42 }, message: '{"message":42}' },
    { data: null, message: 'null' },
    { data: undefined, message: '' },
  ])('reads a refusal without a usable message: $data', ({ data, message }) => {
    const s = new Session();
    s.out('websocket', connect('/a'));
    s.in('websocket', {
      ...connectError('/a', null),
      sio: { type: 'CONNECT_ERROR', nsp: '/a', ...(data !== undefined && { data }) },
    });
    const a = analyzeNamespaces(s.records, v4);
    expect(a.namespaces[0]?.error).toEqual({ message });
    expect(a.findings[0]?.message).toBe(
      message === '' ? 'server refused /a: no reason given' : `server refused /a: ${JSON.stringify(message)}`,
    );
  });

  it('clears a refusal when the next CONNECT succeeds', () => {
    const s = new Session();
    const frame = s
      .out('websocket', connect('/a'))
      .in('websocket', connectError('/a', { message: 'x' })).lastFrame;
    s.out('websocket', connect('/a')).in('websocket', connect('/a', { sid: 's2' }));
    const a = analyzeNamespaces(s.records, v4);
    expect(a.namespaces).toEqual([{ nsp: '/a', connected: true, sid: 's2' }]);
    // The refusal keeps its reason, where it came, for playback to show at that moment.
    const t = s.records.find((r) => r.frame === frame)?.t;
    expect(a.refusals).toEqual([{ nsp: '/a', t, frame, error: { message: 'x' } }]);
  });

  it('keeps connected after a DISCONNECT and says who sent it; a server DISCONNECT is worth an info', () => {
    const s = new Session();
    s.out('websocket', connect('/a')).in('websocket', connect('/a', { sid: 'a' }));
    s.out('websocket', connect('/b')).in('websocket', connect('/b', { sid: 'b' }));
    s.out('websocket', disconnect('/a'));
    const kicked = s.in('websocket', disconnect('/b')).lastFrame;
    const a = analyzeNamespaces(s.records, v4);
    expect(a.namespaces).toEqual([
      { nsp: '/a', connected: true, sid: 'a', disconnectedBy: 'client' },
      { nsp: '/b', connected: true, sid: 'b', disconnectedBy: 'server' },
    ]);
    expect(a.findings).toEqual([
      { code: 'NAMESPACE_DISCONNECTED', severity: 'info', frame: kicked, message: 'server disconnected /b' },
    ]);
  });

  it('forgets an old disconnect once the client asks to connect again', () => {
    const s = new Session();
    s.out('websocket', connect('/a'))
      .in('websocket', connect('/a', { sid: 'a' }))
      .out('websocket', disconnect('/a'));
    const again = s.at(100).out('websocket', connect('/a')).lastFrame;
    s.at(600);
    s.in('websocket', ping());
    const a = analyzeNamespaces(s.records, v4);
    expect(a.namespaces).toEqual([{ nsp: '/a', connected: false }]);
    expect(a.findings).toEqual([
      {
        code: 'CONNECT_UNANSWERED',
        severity: 'warning',
        frame: again,
        message: 'CONNECT for /a never answered (500 ms until the end of the records)',
      },
    ]);
  });

  it('flags EVENT packets before the CONNECT succeeded, once per namespace with a count, either side', () => {
    const s = new Session();
    s.out('websocket', connect('/'));
    const early = s.out('websocket', event('too-soon')).lastFrame;
    s.out('websocket', binaryEvent('also-soon', 1));
    s.in('websocket', connect('/', { sid: 's' })).out('websocket', event('fine'));
    const serverEarly = s.in('websocket', event('hello', [], { nsp: '/admin' })).lastFrame;
    const a = analyzeNamespaces(s.records, v4);
    expect(a.findings).toEqual([
      {
        code: 'EVENT_BEFORE_CONNECT',
        severity: 'error',
        frame: early,
        message: 'client sent EVENT on / before it connected (2 EVENT packets in all while not connected)',
      },
      {
        code: 'EVENT_BEFORE_CONNECT',
        severity: 'error',
        frame: serverEarly,
        message: 'server sent EVENT on /admin before it connected',
      },
    ]);
  });

  it('counts what a recovering server replays before its CONNECT answer (socket.io 4.6+), with no EVENT_BEFORE_CONNECT', () => {
    const s = new Session();
    s.out('websocket', connect('/', { token: 't', pid: 'P1', offset: 'O7' }));
    const first = s.in('websocket', event('tick', [1, 'O8'])).lastFrame;
    s.in('websocket', event('tick', [2, 'O9']));
    s.in('websocket', connect('/', { sid: 'S1', pid: 'P1' }));
    const a = analyzeNamespaces(s.records, v4);
    expect(a.namespaces).toEqual([{ nsp: '/', connected: true, sid: 'S1', pid: 'P1', recovered: true }]);
    expect(a.findings).toEqual([
      {
        code: 'RECOVERY_MISSED_PACKETS',
        severity: 'info',
        frame: first,
        message: 'server replayed 2 missed packet(s) on / before answering the recovering CONNECT',
      },
    ]);
  });

  it('says a recovery failed when the server answers with another pid, and shows the pid of any CONNECT', () => {
    const s = new Session();
    s.out('websocket', connect('/', { pid: 'P1', offset: 'O7' })).in(
      'websocket',
      connect('/', { sid: 'S2', pid: 'P2' }),
    );
    s.out('websocket', connect('/admin')).in('websocket', connect('/admin', { sid: 'S3', pid: 'P3' }));
    expect(analyzeNamespaces(s.records, v4).namespaces).toEqual([
      { nsp: '/', connected: true, sid: 'S2', pid: 'P2', recovered: false },
      { nsp: '/admin', connected: true, sid: 'S3', pid: 'P3' },
    ]);
  });

  it('flags EVENT packets on a namespace after it was disconnected', () => {
    const s = new Session();
    s.out('websocket', connect('/'))
      .in('websocket', connect('/', { sid: 's' }))
      .in('websocket', disconnect('/'));
    const late = s.out('websocket', event('after')).lastFrame;
    expect(analyzeNamespaces(s.records, v4).findings).toContainEqual(
      expect.objectContaining({ code: 'EVENT_BEFORE_CONNECT', frame: late }),
    );
  });

  it("says, and does not flag, server EVENTs after the client's DISCONNECT (a disconnecting handler)", () => {
    const s = new Session();
    s.out('websocket', connect('/'))
      .in('websocket', connect('/', { sid: 's' }))
      .out('websocket', disconnect('/'))
      .in('websocket', event('bye'))
      .in('websocket', event('bye-again'));
    const a = analyzeNamespaces(s.records, v4);
    expect(a.findings).toEqual([]);
    expect(a.namespaces).toEqual([
      { nsp: '/', connected: true, sid: 's', disconnectedBy: 'client', eventsAfterDisconnect: 2 },
    ]);
  });

  it("still flags the client's own EVENT after its DISCONNECT", () => {
    const s = new Session();
    s.out('websocket', connect('/'))
      .in('websocket', connect('/', { sid: 's' }))
      .out('websocket', disconnect('/'));
    const late = s.out('websocket', event('after')).lastFrame;
    expect(analyzeNamespaces(s.records, v4).findings).toContainEqual(
      expect.objectContaining({ code: 'EVENT_BEFORE_CONNECT', frame: late }),
    );
  });

  it('v5: flags a client whose first Socket.IO packet is not a CONNECT', () => {
    const s = new Session();
    s.in('websocket', open()).in('websocket', event('server-first')); // the server's packets do not count
    const first = s.out('websocket', ack(1)).lastFrame;
    s.out('websocket', event('x'));
    const codes = analyzeNamespaces(s.records, v4).findings.filter((f) => f.code === 'CONNECT_NOT_FIRST');
    expect(codes).toEqual([
      {
        code: 'CONNECT_NOT_FIRST',
        severity: 'error',
        frame: first,
        message: 'first Socket.IO packet from the client is ACK on /, not CONNECT',
      },
    ]);
  });

  it('v4: a client need not CONNECT first (the server connects / unasked)', () => {
    const { records } = v3PollingSession();
    const codes = analyzeNamespaces(records, v3).findings.map((f) => f.code);
    expect(codes).not.toContain('CONNECT_NOT_FIRST');
    // The scenario's emit on /chat, which it never connected, is still early.
    expect(codes).toEqual(['EVENT_BEFORE_CONNECT']);
  });

  it('has nothing to say about no records', () => {
    expect(analyzeNamespaces([], v4)).toEqual({
      namespaces: [],
      refusals: [],
      findings: [],
      findingsOmitted: {},
    });
  });
});
