// HAR import (Chrome, Firefox and Playwright shapes, handcrafted), untrusted input (not a HAR, bad entries,
// a file cut short, streamed in pieces) and the export on real recorded traffic: the round trip, and the
// times and sizes Chrome DevTools reads (test/e2e/har-devtools.test.ts imports it into DevTools itself).
import { describe, expect, it } from 'vitest';
import { isLifecycle, type PacketRecord, type SessionRecord } from '../../../../shared/record';
import { HarReader, looksLikeHar, readHar, type HarImport } from '../../../../shared/session/har';
import { sessionToHar } from '../../../../shared/session/har-export';
import { RECORDED_SESSIONS, recordedSession } from '../../../support/session-fixtures';

const START = Date.parse('2025-03-01T10:00:00.000Z');
const HOST = 'http://localhost:3000/socket.io/';

/** Chrome "Save all as HAR": polling XHRs, then the upgraded WebSocket with messages in epoch seconds. */
function chromeHar(): object {
  const sid = 'abc123';
  const open = `0{"sid":"${sid}","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`;
  return {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [],
      entries: [
        xhr('GET', `${HOST}?EIO=4&transport=polling&t=O1`, 0, 5, { response: open }),
        xhr('POST', `${HOST}?EIO=4&transport=polling&t=O2&sid=${sid}`, 10, 2, { request: '40' }),
        xhr('GET', `${HOST}?EIO=4&transport=polling&t=O3&sid=${sid}`, 11, 4, {
          response: '40{"sid":"s1"}\x1e42["welcome",{"hi":true}]',
        }),
        {
          ...xhr('GET', `ws://localhost:3000/socket.io/?EIO=4&transport=websocket&sid=${sid}`, 20, 100, {}),
          _resourceType: 'websocket',
          _webSocketMessages: [
            ws('send', 21, 1, '2probe'),
            ws('receive', 22, 1, '3probe'),
            ws('send', 23, 1, '5'),
            ws('send', 30, 1, '451-0["upload",{"_placeholder":true,"num":0}]'),
            ws('send', 31, 2, 'AQID'),
            ws('receive', 40, 1, '430[{"ok":true}]'),
            { type: 'receive', time: (START + 41) / 1000, opcode: 8, data: '' },
          ],
        },
        xhr('GET', 'http://localhost:3000/app.js', 1, 1, { response: 'console.log(1)' }),
      ],
    },
  };
}

/** Firefox: polling only (EIO3 here), a startedDateTime with an offset, a binary body as base64. */
function firefoxHar(): object {
  const sid = 'ff9';
  const open = `0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":5000}`;
  const body = `${open.length}:${open}2:40`;
  return {
    log: {
      version: '1.2',
      creator: { name: 'Firefox', version: '128.0' },
      entries: [
        {
          ...xhr('GET', `${HOST}?EIO=3&transport=polling&t=a`, 0, 3, {}),
          startedDateTime: '2025-03-01T11:00:00.000+01:00',
          response: {
            status: 200,
            content: {
              mimeType: 'text/plain',
              text: Buffer.from(body).toString('base64'),
              encoding: 'base64',
            },
          },
        },
        xhr('POST', `${HOST}?EIO=3&transport=polling&t=b&sid=${sid}`, 10, 1, {
          request: '18:42["chat","hello"]',
        }),
        xhr('GET', `${HOST}?EIO=3&transport=polling&t=c&sid=${sid}`, 5, 20, { response: '1:2' }),
      ],
    },
  };
}

describe('HAR import', () => {
  it('reads Chrome polling requests and WebSocket messages into one connection, upgrade included', () => {
    const har = imported(chromeHar());
    expect(har).toMatchObject({
      entries: 5,
      engineIoEntries: 4,
      connections: 1,
      cut: false,
      startedAt: START,
    });
    const packets = packetsOf(har.records);
    expect(packets.map((p) => `${p.dir} ${p.transport} ${p.eio?.type} ${p.sio?.type ?? ''}`)).toEqual([
      'in polling open ',
      'out polling message CONNECT',
      'in polling message CONNECT',
      'in polling message EVENT',
      'out websocket ping ',
      'in websocket pong ',
      'out websocket upgrade ',
      'out websocket message BINARY_EVENT',
      'out websocket message ',
      'in websocket message ACK',
    ]);
    expect(packets.every((p) => p.conn === 'c1' && p.error === undefined)).toBe(true);
    const upload = packets.find((p) => p.sio?.event === 'upload');
    expect(upload?.sio).toMatchObject({ id: 0, args: [{ $binary: 'AQID' }] });
    // The first GET is answered when it ends; the WebSocket messages keep their own times.
    expect(packets[0]?.t).toBe(5);
    expect(packets.find((p) => p.eio?.type === 'upgrade')?.t).toBe(23);
    const requests = har.records.filter((r) => isLifecycle(r) && r.event === 'http-request');
    expect(requests).toHaveLength(4);
    expect(requests[3]).toMatchObject({ transport: 'websocket', status: 101, method: 'GET' });
  });

  it('reads Firefox polling with base64 content and a time zone offset, EIO3 from the URL', () => {
    const har = imported(firefoxHar());
    const packets = packetsOf(har.records);
    expect(packets.map((p) => `${p.t} ${p.dir} ${p.eio?.type} ${p.sio?.event ?? ''}`)).toEqual([
      '3 in open ',
      '3 in message ',
      '10 out message chat',
      '25 in ping ',
    ]);
    // EIO3: a server `2` is a ping (v3 servers answer pings, they do not send them; the decoder shows it).
    expect(packets[1]?.sio).toMatchObject({ type: 'CONNECT', nsp: '/' });
  });

  it('takes Playwright message times in epoch ms and learns a WebSocket-only sid from its open packet', () => {
    const har = imported({
      log: {
        entries: [
          {
            ...xhr('GET', 'ws://h/socket.io/?EIO=4&transport=websocket', 0, 10, {}),
            _webSocketMessages: [
              {
                type: 'receive',
                time: START + 2,
                opcode: 1,
                data: '0{"sid":"w1","upgrades":[],"pingInterval":1,"pingTimeout":1}',
              },
              { type: 'send', time: START + 3.5, opcode: 1, data: '40' },
            ],
          },
          xhr('GET', 'ws://h/socket.io/?EIO=4&transport=websocket', 1, 10, {}),
        ],
      },
    });
    expect(har.connections).toBe(2);
    expect(packetsOf(har.records).map((p) => [p.conn, p.t])).toEqual([
      ['c1', 2],
      ['c1', 3.5],
    ]);
  });
});

describe('HAR input that does not fit', () => {
  it('refuses a file that is not a HAR with one clear line', () => {
    expect(readHar('{"foo": 1}')).toEqual({
      error: {
        code: 'HAR_INVALID',
        message: expect.stringMatching(/^not a HAR file: no "log.entries" array \(/),
      },
    });
    expect(readHar('[1,2')).toMatchObject({ error: { code: 'HAR_INVALID', message: /not JSON/ } });
    expect(readHar('x'.repeat(10))).toMatchObject({ error: { code: 'HAR_INVALID' } });
  });

  it('reads a HAR streamed in pieces of any size as it reads it whole', () => {
    const text = JSON.stringify(chromeHar(), null, 2);
    const whole = imported(text);
    for (const size of [1, 7, 4096]) {
      const reader = new HarReader();
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      expect(reader.end(), `pieces of ${size}`).toEqual({ har: whole });
    }
  });

  it('reads the entries after one that is not JSON, and ignores text after the document', () => {
    const good = JSON.stringify(
      xhr('GET', `${HOST}?EIO=4&transport=polling`, 0, 1, {
        response: '0{"sid":"x","upgrades":[],"pingInterval":1,"pingTimeout":1}',
      }),
    );
    const har = imported(`{"log":{"entries":[{"request": nonsense},${good}]}}\n{"trailing": [`);
    expect(har.cut).toBe(false);
    expect(har.entries).toBe(2);
    expect(packetsOf(har.records)).toHaveLength(1);
    expect(har.records.filter((r) => isLifecycle(r) && r.event === 'input-error')).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({
          message: expect.stringMatching(/^unusable HAR entry: entry 0: not JSON/),
        }),
      }),
    ]);
  });

  it('finds log.entries wherever the keys come, escaped quotes and brackets in strings included', () => {
    const entry = xhr('POST', `${HOST}?EIO=4&transport=polling&sid=x`, 0, 1, {
      request: '42["a\\"]}","[{"]',
    });
    const text = JSON.stringify({
      entries: 'not these',
      log: { pages: [{ entries: [1] }], creator: { name: '"]}' }, entries: [entry] },
    });
    const har = imported(text);
    expect(har.entries).toBe(1);
    expect(packetsOf(har.records).map((p) => [p.sio?.event, p.sio?.args])).toEqual([['a"]}', ['[{']]]);
  });

  it('turns entries that do not parse into input-error records and keeps the rest', () => {
    const har = imported({
      log: {
        entries: [
          42,
          { request: { url: 5 } },
          { ...xhr('GET', `${HOST}?EIO=9&transport=polling`, 0, 1, {}) },
          { ...xhr('GET', `${HOST}?EIO=4&transport=polling`, 0, 1, {}), startedDateTime: 'yesterday' },
          xhr('GET', `${HOST}?EIO=4&transport=polling`, 0, 1, {
            response: '0{"sid":"x","upgrades":[],"pingInterval":1,"pingTimeout":1}',
          }),
          {
            ...xhr('GET', `${HOST}?EIO=4&transport=websocket&sid=x`, 2, 1, {}),
            _webSocketMessages: [{ type: 'send', opcode: 2, data: '!!!', time: 1 }, 'nonsense'],
          },
        ],
      },
    });
    const problems = har.records.filter((r) => isLifecycle(r) && r.event === 'input-error');
    // Problems with a time take their place in the timeline; the others come last.
    expect(problems.map((p) => (isLifecycle(p) ? p.error?.message : ''))).toEqual([
      `unusable HAR entry: entry 2: ${HOST}?EIO=9&transport=polling: EIO=9 is neither 3 nor 4`,
      'unusable HAR entry: entry 5: 2 WebSocket message(s) unreadable',
      'unusable HAR entry: entry 0: not an object',
      'unusable HAR entry: entry 1: no request with a url and a method',
      `unusable HAR entry: entry 3: ${HOST}?EIO=4&transport=polling: no valid "startedDateTime"`,
    ]);
    expect(packetsOf(har.records)).toHaveLength(1);
  });

  it('opens a file cut short as far as its complete entries go', () => {
    const text = JSON.stringify(chromeHar(), null, 2);
    const cut = text.slice(0, text.indexOf('"_webSocketMessages"') + 60);
    const har = imported(cut);
    expect(har.cut).toBe(true);
    expect(packetsOf(har.records).filter((p) => p.transport === 'polling')).toHaveLength(4);
    expect(har.records.at(-1)).toMatchObject({ event: 'input-error', error: { message: /cut short/ } });
  });

  it('tells HAR files from frame lines and session files by their first characters', () => {
    expect(looksLikeHar('{\n  "log": {')).toBe(true);
    expect(looksLikeHar('\uFEFF{"log":{"version":"1.2"')).toBe(true);
    expect(looksLikeHar('{\n  "version": "1.2",')).toBe(true);
    expect(looksLikeHar('{"dir":"in","transport":"polling","text":"40"}\n')).toBe(false);
    expect(looksLikeHar('{"format":"sio-inspector-session","version":1}\n')).toBe(false);
  });
});

describe('HAR export', () => {
  it.each(RECORDED_SESSIONS)(
    'round-trips the recorded %s session: the same packets, in the same order',
    (name) => {
      const records = recordedSession(name);
      const har = sessionToHar(records, { startedAt: START, target: 'http://localhost:3000' });
      const back = imported(JSON.parse(JSON.stringify(har)));
      expect(back.startedAt).toBeGreaterThanOrEqual(START);
      expect(packetsOf(back.records).map(modTiming)).toEqual(packetsOf(records).map(modTiming));
      for (const entry of har.log.entries) {
        expect(entry.request.url).toMatch(/^(http|ws):\/\/localhost:3000\/socket\.io\/\?EIO=[34]&transport=/);
        expect(entry.time).toBeGreaterThanOrEqual(0);
      }
      const ws = har.log.entries.filter((e) => e._resourceType === 'websocket');
      expect(ws.length).toBeLessThanOrEqual(1);
    },
  );

  it.each(RECORDED_SESSIONS)(
    '%s: each request lasts at least 1 ms and ends when its frame arrived, to the µs',
    (name) => {
      const records = recordedSession(name);
      const har = sessionToHar(records, { startedAt: START + 0.25 });
      const µs = (ms: number): number => Math.round(ms * 1000);
      const endOf = (e: (typeof har.log.entries)[number]): number => Date.parse(e.startedDateTime) + e.time;
      const polled = packetsOf(records).filter((p) => p.transport === 'polling' && p.dir === 'in');
      const gets = har.log.entries.filter((e) => e._resourceType === 'xhr' && e.request.method === 'GET');
      expect(gets.map((e) => µs(endOf(e)))).toEqual(
        [...new Set(polled.map((p) => p.t))].map((t) => µs(START + 0.25 + t)),
      );
      for (const entry of har.log.entries) expect(entry.time).toBeGreaterThanOrEqual(1);
      const ws = har.log.entries.find((e) => e._resourceType === 'websocket');
      const lastMessage = ws?._webSocketMessages?.at(-1)?.time ?? 0;
      if (ws !== undefined) expect(µs(endOf(ws))).toBeGreaterThanOrEqual(µs(lastMessage * 1000));
    },
  );

  it('gives sizes in UTF-8 bytes, with the transfer size DevTools shows', () => {
    const records = recordedSession('socketio2-polling');
    const har = sessionToHar(records, { startedAt: START });
    const utf8 = (text = ''): number => Buffer.byteLength(text, 'utf8');
    // The recording echoes "é€😀": some bodies have more bytes than UTF-16 units.
    const bodies = har.log.entries.map((e) => e.response.content.text ?? '');
    expect(bodies.some((body) => utf8(body) > body.length)).toBe(true);
    for (const { request, response } of har.log.entries) {
      expect(request.bodySize).toBe(utf8(request.postData?.text));
      expect(response.content.size).toBe(utf8(response.content.text));
      expect(response.bodySize).toBe(response.content.size);
      expect(response._transferSize).toBe(response.bodySize);
    }
  });
});

function xhr(
  method: string,
  url: string,
  at: number,
  time: number,
  bodies: { readonly request?: string; readonly response?: string },
): Record<string, unknown> {
  return {
    startedDateTime: new Date(START + at).toISOString(),
    time,
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      headers: [],
      ...(bodies.request !== undefined && { postData: { mimeType: 'text/plain', text: bodies.request } }),
    },
    response: {
      status: url.startsWith('ws') ? 101 : 200,
      content:
        bodies.response === undefined ? { size: 0 } : { mimeType: 'text/plain', text: bodies.response },
    },
    _resourceType: url.startsWith('ws') ? 'websocket' : 'xhr',
  };
}

function ws(type: 'send' | 'receive', at: number, opcode: number, data: string): object {
  return { type, time: (START + at) / 1000, opcode, data };
}

function imported(har: object | string): HarImport {
  const result = readHar(typeof har === 'string' ? har : JSON.stringify(har));
  if ('error' in result) throw new Error(result.error.message);
  return result.har;
}

function packetsOf(records: readonly SessionRecord[]): PacketRecord[] {
  return records.filter((r): r is PacketRecord => !isLifecycle(r));
}

function modTiming({ t: _t, ...rest }: PacketRecord): Omit<PacketRecord, 't'> {
  return rest;
}
