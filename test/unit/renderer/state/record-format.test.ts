import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatTime,
  preview,
  rowCells,
  timeTitle,
  wallClock,
} from '../../../../renderer/state/record-format';
import type { PacketRecord, SessionRecord } from '../../../../shared/record';

const packet = (p: Omit<PacketRecord, 'conn' | 'frame' | 'transport' | 'size'>): PacketRecord => ({
  conn: 'c1',
  frame: 3,
  transport: 'websocket',
  size: 30,
  ...p,
});

describe('timeline row cells', () => {
  it('writes every time as seconds since the start, to the millisecond', () => {
    expect(formatTime(0)).toBe('0.000 s');
    expect(formatTime(12345.6)).toBe('12.346 s');
    expect(formatTime(62_005)).toBe('62.005 s');
    expect(formatTime(3_723_004)).toBe('3723.004 s');
    expect(formatTime(-3)).toBe('0.000 s');
    expect(formatTime(Number.NaN)).toBe('');
  });

  it('gives the wall-clock time of a record when the session says when it started', () => {
    const started = new Date(2026, 0, 2, 3, 4, 5, 678).toISOString();
    expect(wallClock(started, 0)).toBe('2026-01-02 03:04:05.678');
    expect(wallClock(started, 62_400)).toBe('2026-01-02 03:05:08.078');
    expect(wallClock(undefined, 5)).toBeUndefined();
    expect(wallClock('not a time', 5)).toBeUndefined();
    expect(timeTitle(started, 1000)).toBe('since the session started · 2026-01-02 03:04:06.678');
    expect(timeTitle(undefined, 1000)).toBe('since the session started');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });

  it('an EVENT shows its name, ack id and args', () => {
    const r: SessionRecord = packet({
      t: 1500,
      dir: 'out',
      eio: { type: 'message', data: '21["chat","hi"]' },
      sio: { type: 'EVENT', nsp: '/', id: 1, event: 'chat', args: ['hi'] },
    });
    expect(rowCells(r)).toMatchObject({
      time: '1.500 s',
      dir: '→',
      transport: 'ws',
      eio: 'message',
      sio: 'EVENT',
      nsp: '/',
      name: 'chat #1',
      preview: '["hi"]',
      kind: 'event',
      size: '30 B',
    });
  });

  it("names a recovering server's offset apart from the event's args", () => {
    const r: SessionRecord = packet({
      t: 2,
      dir: 'in',
      eio: { type: 'message', data: '2["welcome","s","O1"]' },
      sio: { type: 'EVENT', nsp: '/', event: 'welcome', args: ['s', 'O1'], offset: 'O1' },
    });
    expect(rowCells(r)).toMatchObject({ name: 'welcome', preview: '["s"] offset O1' });
  });

  it('heartbeats, probes and handshakes get their own kinds', () => {
    expect(rowCells(packet({ t: 0, dir: 'in', eio: { type: 'ping' } })).kind).toBe('heartbeat');
    expect(rowCells(packet({ t: 0, dir: 'out', eio: { type: 'ping', data: 'probe' } })).kind).toBe('probe');
    expect(rowCells(packet({ t: 0, dir: 'in', eio: { type: 'open', data: { sid: 'x' } } })).kind).toBe(
      'handshake',
    );
  });

  it('an error record shows its code and message', () => {
    const r: SessionRecord = packet({
      t: 0,
      dir: 'in',
      error: { code: 'EIO_UNKNOWN_TYPE', message: 'unknown Engine.IO packet type: "9"' },
      raw: '9',
    });
    expect(rowCells(r)).toMatchObject({ eio: 'error', name: 'EIO_UNKNOWN_TYPE', kind: 'error' });
  });

  it('lifecycle records read as one line', () => {
    const r: SessionRecord = {
      t: 0,
      conn: 'c1',
      event: 'http-request',
      method: 'GET',
      status: 200,
      ms: 3.2,
      url: '/socket.io/?EIO=4',
    };
    expect(rowCells(r)).toMatchObject({
      name: 'http-request',
      preview: 'GET 200 3 ms /socket.io/?EIO=4',
      kind: 'lifecycle',
      dir: '·',
    });
  });

  it('previews binary by size, not base64, and cuts long JSON', () => {
    expect(preview([{ $binary: 'aGVsbG8=' }])).toBe('["<binary 5 B>"]');
    expect(preview([{ $binary: 'AA==' }, { $binary: 'AAAA' }])).toBe('["<binary 1 B>","<binary 3 B>"]');
    const long = preview(['x'.repeat(1000)], 20);
    expect(long).toHaveLength(20);
    expect(long.endsWith('…')).toBe(true);
  });

  it('caches cells per record object', () => {
    const r: SessionRecord = packet({ t: 0, dir: 'in', eio: { type: 'noop' } });
    expect(rowCells(r)).toBe(rowCells(r));
  });
});
