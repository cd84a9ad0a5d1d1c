import { describe, expect, it } from 'vitest';
import { analyzeHandshake, readHandshake } from '../../../../shared/analysis/handshake';
import {
  broken,
  HANDSHAKE,
  message,
  open,
  ping,
  Session,
  v3PollingSession,
  v4WebsocketSession,
} from './records';

describe('analyzeHandshake', () => {
  it('reads the open packet of a websocket session', () => {
    const { records, frames } = v4WebsocketSession();
    const a = analyzeHandshake(records);
    expect(a.open).toEqual({ t: 2, frame: frames.open, transport: 'websocket' });
    expect(a.handshake).toEqual({ ...HANDSHAKE, upgrades: [] });
    expect(a.raw).toEqual({ ...HANDSHAKE, upgrades: [] });
    expect(a.findings).toEqual([]);
  });

  it('leaves maxPayload null when the handshake has none (v3, python-engineio)', () => {
    const a = analyzeHandshake(v3PollingSession().records);
    expect(a.handshake).toMatchObject({
      sid: 'EIOSID',
      pingInterval: 25000,
      pingTimeout: 5000,
      maxPayload: null,
    });
    expect(a.findings).toEqual([]);
  });

  it('flags a first server packet that is not open, and still reads a later open', () => {
    const s = new Session();
    s.out('websocket', message('early')); // client packets do not count
    const first = s.in('websocket', ping()).lastFrame;
    const later = s.in('websocket', open()).lastFrame;
    const a = analyzeHandshake(s.records);
    expect(a.findings).toEqual([
      expect.objectContaining({ code: 'HANDSHAKE_MISSING', severity: 'error', frame: first }),
    ]);
    expect(a.findings[0]?.message).toBe('first packet from the server is ping, not open');
    expect(a.open?.frame).toBe(later);
  });

  it('skips undecodable server packets when looking for the first one', () => {
    const s = new Session();
    s.in('polling', broken('EIO_UNKNOWN_TYPE'));
    s.in('polling', open());
    expect(analyzeHandshake(s.records).findings).toEqual([]);
  });

  it('flags a connection with records but no open at all, with the last HTTP status', () => {
    const s = new Session();
    s.lifecycle('http-request', { method: 'GET', url: '/socket.io/?EIO=4', status: 400 });
    s.lifecycle('closed', { reason: 'handshake failed' });
    const a = analyzeHandshake(s.records);
    expect(a.open).toBeNull();
    expect(a.handshake).toBeNull();
    expect(a.raw).toBeNull();
    expect(a.findings).toEqual([
      {
        code: 'HANDSHAKE_MISSING',
        severity: 'error',
        frame: null,
        message: 'no open packet from the server (last HTTP status 400)',
      },
    ]);
  });

  it('says nothing about an empty record list', () => {
    expect(analyzeHandshake([])).toEqual({ open: null, handshake: null, raw: null, findings: [] });
  });

  it('flags a second open packet and keeps the first', () => {
    const s = new Session();
    const first = s.at(0).in('polling', open()).lastFrame;
    const second = s.at(5).in('polling', open({ sid: 'OTHER' })).lastFrame;
    const a = analyzeHandshake(s.records);
    expect(a.handshake?.sid).toBe('EIOSID');
    expect(a.findings).toEqual([
      {
        code: 'HANDSHAKE_DUPLICATE',
        severity: 'error',
        frame: second,
        message: `second open packet (sid OTHER) after the one at frame ${first}`,
      },
    ]);
  });

  it('ignores an open packet from the client (a direction finding, not a handshake)', () => {
    const s = new Session();
    s.out('websocket', open());
    const a = analyzeHandshake(s.records);
    expect(a.open).toBeNull();
    expect(a.findings.map((f) => f.code)).toEqual(['HANDSHAKE_MISSING']);
  });

  it('keeps a malformed handshake as it came', () => {
    const s = new Session();
    s.in('polling', {
      eio: { type: 'open', data: 'not json' },
      error: { code: 'EIO_INVALID_HANDSHAKE', message: 'x' },
    });
    const a = analyzeHandshake(s.records);
    expect(a.raw).toBe('not json');
    expect(a.handshake).toEqual({
      sid: null,
      upgrades: [],
      pingInterval: null,
      pingTimeout: null,
      maxPayload: null,
    });
  });
});

describe('readHandshake', () => {
  it.each([
    [null],
    [[1, 2]],
    ['text'],
    [{ sid: 3, upgrades: 'websocket', pingInterval: -1, pingTimeout: '20000', maxPayload: Number.NaN }],
  ])('reads nothing usable from %j', (data) => {
    expect(readHandshake(data)).toEqual({
      sid: null,
      upgrades: [],
      pingInterval: null,
      pingTimeout: null,
      maxPayload: null,
    });
  });

  it('keeps the string upgrades of a mixed list', () => {
    expect(readHandshake({ upgrades: ['websocket', 1, 'webtransport'] }).upgrades).toEqual([
      'websocket',
      'webtransport',
    ]);
  });
});
