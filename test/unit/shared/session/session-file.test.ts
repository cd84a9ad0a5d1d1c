import { describe, expect, it } from 'vitest';
import {
  parseSessionHeader,
  parseSessionLine,
  readSessionText,
  SessionLineReader,
} from '../../../../shared/session/session-file';

const HEADER = {
  format: 'sio-inspector-session',
  version: 1,
  created: '2026-01-02T03:04:05.678Z',
  target: 'http://localhost:3000',
  options: { kind: 'capture', eio: 'auto' },
  tool: { name: 'sio-inspector', version: '0.1.0' },
};
const PACKET = {
  t: 1.5,
  conn: 'c1',
  frame: 0,
  dir: 'in',
  transport: 'websocket',
  size: 2,
  eioVersion: 4,
  eio: { type: 'message', data: '0' },
  sio: { type: 'CONNECT', nsp: '/' },
};
const LIFECYCLE = { t: 2, conn: 'c1', event: 'ws-close', transport: 'websocket', code: 1000, reason: '' };
const file = (...lines: object[]): string => lines.map((l) => JSON.stringify(l)).join('\n');

describe('session header', () => {
  it('reads a valid header', () => {
    expect(parseSessionHeader(JSON.stringify(HEADER))).toEqual({ header: HEADER });
  });

  it.each([
    [{ ...HEADER, format: 'other' }, '"format"'],
    [{ ...HEADER, version: 2 }, 'newer than this tool reads'],
    [{ ...HEADER, version: 0 }, '"version"'],
    [{ ...HEADER, created: 'yesterday' }, '"created"'],
    [{ ...HEADER, options: [] }, '"options"'],
    [{ ...HEADER, tool: { name: 'x' } }, '"tool"'],
  ])('refuses %j', (header, why) => {
    const result = parseSessionHeader(JSON.stringify(header));
    expect('error' in result && result.error.message).toContain(why);
  });
});

describe('session record lines', () => {
  it('accepts packet and lifecycle records as they are', () => {
    expect(parseSessionLine(JSON.stringify(PACKET))).toEqual({ record: PACKET });
    expect(parseSessionLine(JSON.stringify(LIFECYCLE))).toEqual({ record: LIFECYCLE });
    const headers = { ...LIFECYCLE, requestHeaders: ['Host: h'], responseHeaders: [] };
    expect(parseSessionLine(JSON.stringify(headers))).toEqual({ record: headers });
  });

  it.each([
    ['not json', 'not a JSON object'],
    [JSON.stringify({ ...PACKET, t: -1 }), '"t"'],
    [JSON.stringify({ ...PACKET, conn: 1 }), '"conn"'],
    [JSON.stringify({ ...PACKET, dir: 'up' }), '"dir"'],
    [JSON.stringify({ ...PACKET, frame: 1.5 }), '"frame"'],
    [JSON.stringify({ ...PACKET, eioVersion: 5 }), '"eioVersion"'],
    [JSON.stringify({ ...PACKET, eio: { type: 'hello' } }), '"eio.type"'],
    [JSON.stringify({ ...PACKET, sio: { type: 'EVENT', nsp: '/', args: 'x' } }), '"sio.args"'],
    [JSON.stringify({ ...PACKET, sio: { type: 'PING', nsp: '/' } }), '"sio.type"'],
    [
      JSON.stringify({ ...LIFECYCLE, requestHeaders: 'Host: h' }),
      '"requestHeaders" must be an array of strings',
    ],
    [JSON.stringify({ ...LIFECYCLE, responseHeaders: [1] }), '"responseHeaders" must be an array of strings'],
    [JSON.stringify({ ...PACKET, error: 'bad' }), '"error"'],
    [JSON.stringify({ ...LIFECYCLE, event: 'party' }), 'unknown lifecycle event'],
    [JSON.stringify({ ...LIFECYCLE, code: '1000' }), '"code"'],
  ])('refuses %s', (line, why) => {
    const result = parseSessionLine(line);
    expect('error' in result && result.error).toMatchObject({
      code: 'SESSION_LINE_INVALID',
      message: expect.stringContaining(why),
    });
  });
});

describe('readSessionText', () => {
  it('keeps every record before a torn last line and reports that line', () => {
    const text = `${file(HEADER, PACKET, LIFECYCLE)}\n{"t":3,"conn":"c1","fra`;
    const read = readSessionText(text);
    if ('error' in read) throw new Error(read.error.message);
    expect(read.session.records).toEqual([PACKET, LIFECYCLE]);
    expect(read.session.problems).toEqual([
      {
        line: 4,
        error: expect.objectContaining({ code: 'SESSION_LINE_TORN' }),
        raw: '{"t":3,"conn":"c1","fra',
      },
    ]);
  });

  it('reports a bad line in the middle as invalid, not torn, and goes on', () => {
    const read = readSessionText(`${file(HEADER, PACKET)}\n{oops}\n${JSON.stringify(LIFECYCLE)}\n`);
    if ('error' in read) throw new Error(read.error.message);
    expect(read.session.records).toEqual([PACKET, LIFECYCLE]);
    expect(read.session.problems.map((p) => [p.line, p.error.code])).toEqual([[3, 'SESSION_LINE_INVALID']]);
  });

  it('needs the header first', () => {
    expect(readSessionText(file(PACKET))).toMatchObject({ error: { code: 'SESSION_LINE_INVALID' } });
  });

  it('reads CRLF files', () => {
    const read = readSessionText(`${file(HEADER, PACKET).replace('\n', '\r\n')}\r\n`);
    expect('session' in read && read.session.records).toEqual([PACKET]);
  });
});

describe('SessionLineReader', () => {
  it('turns bad lines into input-error records timed like the record before', () => {
    const reader = new SessionLineReader();
    expect(reader.read(JSON.stringify(PACKET), 2, false)).toEqual(PACKET);
    expect(reader.read('nope', 3, false)).toMatchObject({
      t: 1.5,
      event: 'input-error',
      line: 3,
      error: { code: 'SESSION_LINE_INVALID', message: expect.stringMatching(/^line 3: /) },
      raw: 'nope',
    });
    expect(reader.read('{"t":', 4, true)).toMatchObject({
      event: 'input-error',
      error: { code: 'SESSION_LINE_TORN' },
    });
  });
});
