import { describe, expect, it } from 'vitest';
import { detectEio } from '../../../../shared/analysis/eio-version';
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
} from './records';

describe('detectEio', () => {
  it('reads the scenarios right from records without a stamp', () => {
    expect(detectEio(v4WebsocketSession().records)).toEqual({ eio: 4, source: 'heartbeat' });
    expect(detectEio(v4PollingUpgradeSession().records)).toEqual({ eio: 4, source: 'url' });
    expect(detectEio(v3PollingSession().records)).toEqual({ eio: 3, source: 'heartbeat' });
  });

  it('takes the version the decoder stamped on the packets over any evidence in them', () => {
    const s = new Session();
    s.lifecycle('http-request', { url: '/socket.io/?EIO=4&transport=polling' });
    s.in('polling', open()).in('polling', ping());
    const stamped = s.records.map((r) => (isLifecycle(r) ? r : { ...r, eioVersion: 3 as const }));
    expect(detectEio(stamped)).toEqual({ eio: 3, source: 'decoder' });
    expect(detectEio(s.records)).toEqual({ eio: 4, source: 'url' });
  });

  it('takes the EIO query parameter of a request over everything else', () => {
    const s = new Session();
    s.in('websocket', ping()); // a v4 heartbeat, outvoted by what was negotiated
    s.lifecycle('http-request', {
      method: 'GET',
      url: 'http://h/socket.io/?transport=polling&EIO=3&t=x',
      status: 200,
    });
    expect(detectEio(s.records)).toEqual({ eio: 3, source: 'url' });
  });

  it('ignores URLs without a usable EIO parameter', () => {
    const s = new Session();
    s.lifecycle('http-request', { url: '/socket.io/?EIO=5&transport=polling' });
    s.lifecycle('http-request', { url: '/socket.io/?XEIO=3' });
    s.out('websocket', ping());
    expect(detectEio(s.records)).toEqual({ eio: 3, source: 'heartbeat' });
  });

  it('does not count probes as heartbeat', () => {
    const s = new Session();
    s.out('websocket', probe()).in('websocket', probeAnswer());
    expect(detectEio(s.records)).toEqual({ eio: 4, source: 'default' });
  });

  it('lets one server ping outvote client pings (the client is the side under test)', () => {
    const s = new Session();
    s.out('websocket', ping()).in('websocket', pong()).in('websocket', ping());
    expect(detectEio(s.records)).toEqual({ eio: 4, source: 'heartbeat' });
  });

  it('prefers the heartbeat to Socket.IO hints', () => {
    const s = new Session();
    s.in('polling', open(), connectError('/', { message: 'x' })).out('polling', ping());
    expect(detectEio(s.records)).toEqual({ eio: 3, source: 'heartbeat' });
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
    expect(detectEio(s.records)).toEqual({ eio, source: 'socket.io' });
  });

  it('takes the earliest Socket.IO hint', () => {
    const s = new Session();
    s.out('websocket', connect('/')).in('websocket', connect('/')).in('websocket', sioError('/', 'x'));
    expect(detectEio(s.records)).toEqual({ eio: 4, source: 'socket.io' });
  });

  it('does not read a client CONNECT for another namespace, or events, as evidence', () => {
    const s = new Session();
    s.out('websocket', connect('/admin')).out('websocket', event('x'));
    expect(detectEio(s.records)).toEqual({ eio: 4, source: 'default' });
  });

  it('defaults to 4 with nothing to go on', () => {
    expect(detectEio([])).toEqual({ eio: 4, source: 'default' });
  });
});
