import { describe, expect, it } from 'vitest';
import {
  detectEioVersion,
  detectRecordsEio,
  eioParam,
  EioVersionDetector,
} from '../../../../shared/protocol/version-detect';
import type { FrameInput } from '../../../../shared/protocol/session-decoder';
import { isLifecycle } from '../../../../shared/record';
import {
  connect,
  connectError,
  event,
  open,
  ping,
  pong,
  probe,
  probeAnswer,
  Session,
  sioError,
  v3PollingSession,
  v4PollingUpgradeSession,
  v4WebsocketSession,
} from '../analysis/records';

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

describe('detectRecordsEio', () => {
  it('reads the scenarios right from records without a stamp', () => {
    expect(detectRecordsEio(v4WebsocketSession().records)).toEqual({ eio: 4, source: 'heartbeat' });
    expect(detectRecordsEio(v4PollingUpgradeSession().records)).toEqual({ eio: 4, source: 'url' });
    expect(detectRecordsEio(v3PollingSession().records)).toEqual({ eio: 3, source: 'heartbeat' });
  });

  it('takes the version the decoder stamped on the packets over any evidence in them', () => {
    const s = new Session();
    s.lifecycle('http-request', { url: '/socket.io/?EIO=4&transport=polling' });
    s.in('polling', open()).in('polling', ping());
    const stamped = s.records.map((r) => (isLifecycle(r) ? r : { ...r, eioVersion: 3 as const }));
    expect(detectRecordsEio(stamped)).toEqual({ eio: 3, source: 'decoder' });
    expect(detectRecordsEio(s.records)).toEqual({ eio: 4, source: 'url' });
  });

  it('takes the EIO query parameter of a request over everything else', () => {
    const s = new Session();
    s.in('websocket', ping()); // a v4 heartbeat, outvoted by what was negotiated
    s.lifecycle('http-request', {
      method: 'GET',
      url: 'http://h/socket.io/?transport=polling&EIO=3&t=x',
      status: 200,
    });
    expect(detectRecordsEio(s.records)).toEqual({ eio: 3, source: 'url' });
  });

  it('ignores URLs without a usable EIO parameter', () => {
    const s = new Session();
    s.lifecycle('http-request', { url: '/socket.io/?EIO=5&transport=polling' });
    s.lifecycle('http-request', { url: '/socket.io/?XEIO=3' });
    s.out('websocket', ping());
    expect(detectRecordsEio(s.records)).toEqual({ eio: 3, source: 'heartbeat' });
  });

  it('does not count probes as heartbeat', () => {
    const s = new Session();
    s.out('websocket', probe()).in('websocket', probeAnswer());
    expect(detectRecordsEio(s.records)).toEqual({ eio: 4, source: 'default' });
  });

  it('lets one server ping outvote client pings (the client is the side under test)', () => {
    const s = new Session();
    s.out('websocket', ping()).in('websocket', pong()).in('websocket', ping());
    expect(detectRecordsEio(s.records)).toEqual({ eio: 4, source: 'heartbeat' });
  });

  it('prefers the heartbeat to Socket.IO hints', () => {
    const s = new Session();
    s.in('polling', open(), connectError('/', { message: 'x' })).out('polling', ping());
    expect(detectRecordsEio(s.records)).toEqual({ eio: 3, source: 'heartbeat' });
  });

  it.each([
    {
      name: 'server CONNECT with a sid',
      build: (s: Session) => s.in('websocket', connect('/admin', { sid: 'x' })),
      eio: 4,
    },
    { name: 'client CONNECT for /', build: (s: Session) => s.out('websocket', connect('/')), eio: 4 },
    {
      name: 'CONNECT_ERROR',
      build: (s: Session) => s.in('websocket', connectError('/a', { message: 'no' })),
      eio: 4,
    },
    { name: 'ERROR', build: (s: Session) => s.in('websocket', sioError('/a', 'no')), eio: 3 },
    {
      name: 'server CONNECT for / unasked',
      build: (s: Session) => s.in('polling', open(), connect('/')),
      eio: 3,
    },
  ])('reads Socket.IO: $name → $eio', ({ build, eio }) => {
    const s = new Session();
    build(s);
    expect(detectRecordsEio(s.records)).toEqual({ eio, source: 'socket.io' });
  });

  it('takes the earliest Socket.IO hint', () => {
    const s = new Session();
    s.out('websocket', connect('/')).in('websocket', connect('/')).in('websocket', sioError('/', 'x'));
    expect(detectRecordsEio(s.records)).toEqual({ eio: 4, source: 'socket.io' });
  });

  it('does not read a client CONNECT for another namespace, or events, as evidence', () => {
    const s = new Session();
    s.out('websocket', connect('/admin')).out('websocket', event('x'));
    expect(detectRecordsEio(s.records)).toEqual({ eio: 4, source: 'default' });
  });

  it('defaults to 4 with nothing to go on', () => {
    expect(detectRecordsEio([])).toEqual({ eio: 4, source: 'default' });
  });
});

describe('EioVersionDetector', () => {
  it('has no verdict until a frame proves one, and keeps the first', () => {
    const detector = new EioVersionDetector();
    detector.pushFrame(f('in', 'websocket', '0{"sid":"x"}'));
    detector.pushFrame(f('in', 'websocket', '42["a"]'));
    expect(detector.verdict).toBeUndefined();
    expect(detector.settled).toBe(false);
    expect(detector.result()).toEqual({ eio: 4, source: 'default' });
    detector.pushFrame(f('out', 'websocket', '2'));
    expect(detector.verdict).toBe(3);
    detector.pushFrame(f('in', 'websocket', '2'));
    expect(detector.result()).toEqual({ eio: 3, source: 'decoder' });
  });

  it('takes the version a frame was stated with over what the frames show', () => {
    const detector = new EioVersionDetector();
    detector.pushFrame({ ...f('in', 'polling', '0{"sid":"x"}'), eio: 3 });
    expect(detector.verdict).toBe(3);
  });

  it('remembers a client CONNECT across pushes: the server answer to it is no v3 evidence', () => {
    const detector = new EioVersionDetector();
    detector.pushFrame(f('out', 'websocket', '40/admin,'));
    detector.pushFrame(f('in', 'websocket', '40/admin,'));
    expect(detector.verdict).toBeUndefined();
    const unasked = new EioVersionDetector();
    unasked.pushFrame(f('in', 'websocket', '40'));
    expect(unasked.verdict).toBe(3);
  });

  it('reads records one at a time: the answer moves with the evidence until a stamp settles it', () => {
    const s = new Session();
    s.out('websocket', connect('/')).out('websocket', ping()).in('websocket', ping());
    const detector = new EioVersionDetector();
    const answers = s.records.map((record) => {
      detector.pushRecord(record);
      return detector.result();
    });
    expect(answers).toEqual([
      { eio: 4, source: 'socket.io' },
      { eio: 3, source: 'heartbeat' },
      { eio: 4, source: 'heartbeat' },
    ]);
    const stamped = s.records.map((r) => (isLifecycle(r) ? r : { ...r, eioVersion: 3 as const }));
    for (const record of stamped) detector.pushRecord(record);
    expect(detector.settled).toBe(true);
    for (const record of s.records) detector.pushRecord(record);
    expect(detector.result()).toEqual({ eio: 3, source: 'decoder' });
  });
});

describe('eioParam', () => {
  it.each([
    ['3', 3],
    ['4', 4],
    ['5', undefined],
    ['', undefined],
    [' 4', undefined],
    [null, undefined],
    [undefined, undefined],
  ] as const)('EIO=%s → %s', (value, eio) => {
    expect(eioParam(value)).toBe(eio);
  });
});
