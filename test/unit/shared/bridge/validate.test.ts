import { describe, expect, it } from 'vitest';
import { BRIDGE_METHODS } from '../../../../shared/bridge/channels';
import { MAX_ARGS_BYTES, MAX_PAGE_RECORDS, MAX_UPLOAD_CHARS, MAX_URL_CHARS } from '../../../../shared/limits';
import {
  parseAckRepliesRequest,
  parseAckRequest,
  parseConnectOptions,
  parseEmitRequest,
  parseFaultRequest,
  parseFilterRequest,
  parseNoParams,
  parseOpenSessionRequest,
  parsePageRequest,
  parsePickRequest,
  parseRawSendRequest,
  parseMessageSendRequest,
  parseSaveRequest,
  parseSessionRef,
  validateRequest,
  type Checked,
} from '../../../../shared/bridge/validate';

const CONNECT = { url: 'http://127.0.0.1:3000', transports: ['polling', 'websocket'], upgrade: true };

function refused(result: Checked<unknown>): string {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

type Case = readonly [name: string, value: unknown, error: RegExp];

function table(parse: (value: unknown) => Checked<unknown>, cases: readonly Case[]): void {
  it.each(cases)('refuses %s', (_name, value, error) => {
    expect(refused(parse(value))).toMatch(error);
  });
}

describe('parseConnectOptions', () => {
  it('accepts the full form and keeps absent fields absent', () => {
    const full = {
      ...CONNECT,
      eio: 3,
      path: '/socket.io/',
      query: { a: '1' },
      headers: { 'X-Token': 'abc', Cookie: 'a=b' },
      auth: { token: 'secret', n: [1, 2, { $binary: 'AQID' }] },
      namespaces: ['/', '/admin'],
      insecure: true,
      ackReply: ['ok', { $binary: 'AQID' }],
      ackReplies: { ask: 'manual', '7': [1] },
      reconnect: true,
    };
    expect(parseConnectOptions(full)).toEqual({ ok: true, value: full });
    const minimal = parseConnectOptions(CONNECT);
    expect(minimal).toEqual({ ok: true, value: CONNECT });
    if (minimal.ok) expect(Object.keys(minimal.value).sort()).toEqual(['transports', 'upgrade', 'url']);
  });

  it('keeps a "__proto__" header as a plain entry', () => {
    const headers = JSON.parse('{"__proto__": "x"}') as unknown;
    const result = parseConnectOptions({ ...CONNECT, headers });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(Object.getPrototypeOf(result.value.headers)).toBe(Object.prototype);
      expect(Object.keys(result.value.headers ?? {})).toEqual(['__proto__']);
    }
  });

  table(parseConnectOptions, [
    ['a non-object', 'http://x', /^options must be an object/],
    ['an array', [CONNECT], /^options must be an object/],
    ['an unknown field', { ...CONNECT, urll: 'x' }, /unknown field "urll"/],
    ['a missing url', { transports: ['polling'], upgrade: true }, /options\.url must be a string/],
    ['a url without scheme', { ...CONNECT, url: '127.0.0.1:3000' }, /options\.url must be a ws:\/\//],
    ['a file: url', { ...CONNECT, url: 'file:///etc/passwd' }, /options\.url must be/],
    ['a url with spaces', { ...CONNECT, url: 'http://a b' }, /options\.url must be/],
    ['a url with a newline', { ...CONNECT, url: 'http://a/\nb' }, /options\.url must be/],
    [
      'a url too long',
      { ...CONNECT, url: `http://a/${'x'.repeat(MAX_URL_CHARS)}` },
      /at most 2048 characters/,
    ],
    ['no transports', { ...CONNECT, transports: [] }, /at least one transport/],
    [
      'an unknown transport',
      { ...CONNECT, transports: ['flash'] },
      /options\.transports\[0\] must be one of/,
    ],
    ['a repeated transport', { ...CONNECT, transports: ['polling', 'polling'] }, /must not repeat/],
    ['upgrade as a string', { ...CONNECT, upgrade: 'yes' }, /options\.upgrade must be true or false/],
    ['eio 5', { ...CONNECT, eio: 5 }, /options\.eio must be one of 3, 4/],
    ['eio as text', { ...CONNECT, eio: '4' }, /options\.eio must be one of/],
    ['a relative path', { ...CONNECT, path: 'socket.io' }, /options\.path must start with "\/"/],
    ['a path with a query', { ...CONNECT, path: '/x?y' }, /options\.path must start/],
    [
      'a query value that is a number',
      { ...CONNECT, query: { a: 1 } },
      /options\.query\["a"\] must be a string/,
    ],
    ['a header name with a space', { ...CONNECT, headers: { 'X A': 'b' } }, /is not a valid header name/],
    ['a header value with CRLF', { ...CONNECT, headers: { 'X-A': 'b\r\nHost: evil' } }, /control characters/],
    ['a transport header', { ...CONNECT, headers: { Upgrade: 'h2c' } }, /set by the transport itself/],
    [
      'too many headers',
      { ...CONNECT, headers: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`h${i}`, 'v'])) },
      /at most 100 entries/,
    ],
    ['auth with undefined', { ...CONNECT, auth: { a: undefined } }, /options\.auth\.a must be JSON/],
    ['auth with NaN', { ...CONNECT, auth: [Number.NaN] }, /options\.auth\[0\] must be a finite number/],
    ['auth with a Date', { ...CONNECT, auth: new Date(0) }, /options\.auth must be JSON/],
    ['auth with a typed array', { ...CONNECT, auth: new Uint8Array(2) }, /must be JSON/],
    ['auth too large', { ...CONNECT, auth: 'x'.repeat(70_000) }, /larger than 65536 characters/],
    ['auth too deep', { ...CONNECT, auth: deep(100) }, /nested deeper than 64/],
    [
      'auth with bad $binary',
      { ...CONNECT, auth: { $binary: 'AQI' } },
      /options\.auth\.\$binary must be a base64/,
    ],
    [
      'a namespace without slash',
      { ...CONNECT, namespaces: ['admin'] },
      /options\.namespaces\[0\] must start/,
    ],
    ['a repeated namespace', { ...CONNECT, namespaces: ['/', '/'] }, /must not repeat a namespace/],
    [
      'an ackReply that is not an array',
      { ...CONNECT, ackReply: 'auto' },
      /options\.ackReply must be "manual" or a JSON array/,
    ],
    ['insecure as 1', { ...CONNECT, insecure: 1 }, /options\.insecure must be true or false/],
    ['reconnect as "yes"', { ...CONNECT, reconnect: 'yes' }, /options\.reconnect must be true or false/],
    ['null for an optional field', { ...CONNECT, path: null }, /options\.path must be a string/],
  ]);
});

describe('session-scoped requests', () => {
  it('accept a session id', () => {
    expect(parseSessionRef({ session: 's1' })).toEqual({ ok: true, value: { session: 's1' } });
  });

  table(parseSessionRef, [
    ['no session', {}, /request\.session must be a string/],
    ['an empty session', { session: '' }, /must not be empty/],
    ['a session with a slash', { session: '../x' }, /is not a session id/],
    ['a numeric session', { session: 1 }, /must be a string/],
    ['extra fields', { session: 's1', path: '/etc/passwd' }, /unknown field "path"/],
  ]);
});

describe('parseEmitRequest', () => {
  const emit = {
    session: 's1',
    nsp: '/',
    event: 'chat',
    args: ['hi', { n: 1 }, { $binary: 'AQID' }],
    ack: true,
  };

  it('accepts JSON args with binary placeholders', () => {
    expect(parseEmitRequest(emit)).toEqual({ ok: true, value: emit });
  });

  table(parseEmitRequest, [
    ['args that are not an array', { ...emit, args: { a: 1 } }, /request\.args must be a JSON array/],
    ['args with a function', { ...emit, args: [() => 1] }, /request\.args\[0\] must be JSON/],
    ['args too large', { ...emit, args: ['x'.repeat(MAX_ARGS_BYTES)] }, /larger than/],
    ['an empty event', { ...emit, event: '' }, /request\.event must not be empty/],
    ['a namespace without slash', { ...emit, nsp: 'chat' }, /request\.nsp must start/],
    ['ack missing', { session: 's1', nsp: '/', event: 'e', args: [] }, /request\.ack must be true or false/],
  ]);
});

describe('parseAckRequest', () => {
  it('accepts an ack answer', () => {
    const ack = { session: 's1', nsp: '/', id: 3, args: [] };
    expect(parseAckRequest(ack)).toEqual({ ok: true, value: ack });
  });

  table(parseAckRequest, [
    ['a negative id', { session: 's1', nsp: '/', id: -1, args: [] }, /request\.id must be between 0/],
    ['a fractional id', { session: 's1', nsp: '/', id: 1.5, args: [] }, /request\.id must be an integer/],
    ['no args', { session: 's1', nsp: '/', id: 1 }, /request\.args must be a JSON array/],
  ]);
});

describe('parseAckRepliesRequest', () => {
  it('accepts a default answer and answers by event, held ones included', () => {
    const request = { session: 's1', ackReply: [], ackReplies: { ask: 'manual', other: ['ok', { n: 1 }] } };
    expect(parseAckRepliesRequest(request)).toEqual({ ok: true, value: request });
  });

  it('keeps a "__proto__" event as a plain entry', () => {
    const ackReplies = JSON.parse('{"__proto__": ["x"]}') as unknown;
    const result = parseAckRepliesRequest({ session: 's1', ackReply: 'manual', ackReplies });
    expect(result.ok && Object.getPrototypeOf(result.value.ackReplies)).toBe(Object.prototype);
    expect(result.ok && Object.keys(result.value.ackReplies)).toEqual(['__proto__']);
  });

  const GOOD = { session: 's1', ackReply: [], ackReplies: {} };
  table(parseAckRepliesRequest, [
    [
      'no default answer',
      { session: 's1', ackReplies: {} },
      /request\.ackReply must be "manual" or a JSON array/,
    ],
    ['a default answer of "hold"', { ...GOOD, ackReply: 'hold' }, /request\.ackReply must be "manual"/],
    ['no table', { session: 's1', ackReply: [] }, /request\.ackReplies must be JSON/],
    ['a table that is an array', { ...GOOD, ackReplies: [[]] }, /request\.ackReplies must be an object/],
    [
      'an answer that is an object',
      { ...GOOD, ackReplies: { a: { n: 1 } } },
      /request\.ackReplies\["a"\] must be "manual"/,
    ],
    ['an empty event name', { ...GOOD, ackReplies: { '': [] } }, /request\.ackReplies\[""\] \(the name\)/],
    [
      'too many events',
      { ...GOOD, ackReplies: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`e${i}`, []])) },
      /at most 100 entries/,
    ],
    ['a table too large', { ...GOOD, ackReplies: { a: ['x'.repeat(MAX_ARGS_BYTES)] } }, /larger than/],
    ['an unknown field', { ...GOOD, nsp: '/' }, /unknown field "nsp"/],
  ]);
});

describe('parseRawSendRequest', () => {
  it('accepts text or binary', () => {
    expect(parseRawSendRequest({ session: 's1', text: '42["x"]' }).ok).toBe(true);
    expect(parseRawSendRequest({ session: 's1', binary: 'AQID' }).ok).toBe(true);
    expect(parseRawSendRequest({ session: 's1', text: '' }).ok).toBe(true);
  });

  table(parseRawSendRequest, [
    ['neither', { session: 's1' }, /exactly one of "text" and "binary"/],
    ['both', { session: 's1', text: 'a', binary: 'AQID' }, /exactly one of/],
    ['unpadded base64', { session: 's1', binary: 'AQI' }, /request\.binary must be padded base64/],
    ['base64 with spaces', { session: 's1', binary: 'AQ ID' }, /padded base64/],
    ['a frame too large', { session: 's1', text: 'x'.repeat(8 * 1024 * 1024 + 1) }, /at most 8388608/],
  ]);
});

describe('parseMessageSendRequest', () => {
  it('accepts text or binary', () => {
    expect(parseMessageSendRequest({ session: 's1', text: '42 is the answer' })).toEqual({
      ok: true,
      value: { session: 's1', text: '42 is the answer' },
    });
    expect(parseMessageSendRequest({ session: 's1', binary: 'AQID' }).ok).toBe(true);
    expect(parseMessageSendRequest({ session: 's1', text: '' }).ok).toBe(true);
  });

  table(parseMessageSendRequest, [
    ['neither', { session: 's1' }, /exactly one of "text" and "binary"/],
    ['both', { session: 's1', text: 'a', binary: 'AQID' }, /exactly one of/],
    ['no session', { text: 'a' }, /request\.session/],
    ['text not a string', { session: 's1', text: 42 }, /request\.text/],
    ['bytes instead of base64', { session: 's1', binary: new Uint8Array(3) }, /request\.binary/],
    ['unpadded base64', { session: 's1', binary: 'AQI' }, /request\.binary must be padded base64/],
    ['a message too large', { session: 's1', text: 'x'.repeat(8 * 1024 * 1024 + 1) }, /at most 8388608/],
    ['an unknown field', { session: 's1', text: 'a', nsp: '/' }, /unknown field "nsp"/],
  ]);
});

describe('parseFaultRequest', () => {
  it('accepts each fault', () => {
    for (const fault of [
      { kind: 'stop-heartbeat', on: true },
      { kind: 'delay-pong', ms: 500 },
      { kind: 'drop-transport' },
    ])
      expect(parseFaultRequest({ session: 's1', fault })).toEqual({
        ok: true,
        value: { session: 's1', fault },
      });
  });

  table(parseFaultRequest, [
    ['an unknown kind', { session: 's1', fault: { kind: 'explode' } }, /request\.fault\.kind must be one of/],
    [
      'stop-heartbeat without on',
      { session: 's1', fault: { kind: 'stop-heartbeat' } },
      /fault\.on must be true/,
    ],
    [
      'a negative delay',
      { session: 's1', fault: { kind: 'delay-pong', ms: -5 } },
      /fault\.ms must be between 0/,
    ],
    [
      'a delay over ten minutes',
      { session: 's1', fault: { kind: 'delay-pong', ms: 600_001 } },
      /between 0 and 600000/,
    ],
    [
      'a field of another kind',
      { session: 's1', fault: { kind: 'drop-transport', ms: 5 } },
      /"ms" does not apply/,
    ],
  ]);
});

describe('parseOpenSessionRequest', () => {
  it('accepts an upload or nothing (the native dialog)', () => {
    expect(parseOpenSessionRequest({ name: 'a.ndjson', content: '{}' }).ok).toBe(true);
    expect(parseOpenSessionRequest({})).toEqual({ ok: true, value: {} });
  });

  table(parseOpenSessionRequest, [
    ['a path (the renderer never names paths)', { path: '/etc/passwd' }, /unknown field "path"/],
    ['a name without content', { name: 'x' }, /only meaningful with "content"/],
    ['content that is not text', { content: new Uint8Array(3) }, /request\.content must be a string/],
    ['content over the upload limit', { content: 'x'.repeat(MAX_UPLOAD_CHARS + 1) }, /serve --session FILE/],
  ]);
});

describe('paging', () => {
  it('accepts a page and a pick', () => {
    expect(parsePageRequest({ session: 's1', from: 0, count: MAX_PAGE_RECORDS }).ok).toBe(true);
    expect(parsePickRequest({ session: 's1', indices: [5, 1, 9] }).ok).toBe(true);
  });

  table(parsePageRequest, [
    [
      'a count over the page limit',
      { session: 's1', from: 0, count: MAX_PAGE_RECORDS + 1 },
      /between 0 and 5000/,
    ],
    ['a negative from', { session: 's1', from: -1, count: 10 }, /request\.from must be between 0/],
    ['a from as text', { session: 's1', from: '0', count: 10 }, /request\.from must be an integer/],
  ]);
  table(parsePickRequest, [
    [
      'too many indices',
      { session: 's1', indices: new Array(MAX_PAGE_RECORDS + 1).fill(0) },
      /at most 5000 items/,
    ],
    ['a fractional index', { session: 's1', indices: [1, 2.5] }, /request\.indices\[1\] must be an integer/],
  ]);
});

describe('parseSaveRequest', () => {
  it('accepts a session and an optional format', () => {
    expect(parseSaveRequest({ session: 's1' })).toEqual({ ok: true, value: { session: 's1' } });
    expect(parseSaveRequest({ session: 's1', format: 'har' })).toEqual({
      ok: true,
      value: { session: 's1', format: 'har' },
    });
  });

  table(parseSaveRequest, [
    [
      'an unknown format',
      { session: 's1', format: 'pcap' },
      /request\.format must be one of "session", "har"/,
    ],
    ['a path (the renderer never names paths)', { session: 's1', path: '/tmp/x' }, /unknown field "path"/],
  ]);
});

describe('parseFilterRequest', () => {
  it('accepts every filter field', () => {
    const filter = {
      dir: 'in',
      conn: 'c1',
      eioTypes: ['message'],
      sioTypes: ['EVENT', 'ACK'],
      nsp: '/',
      event: 'chat',
      text: 'hello',
      hideHeartbeats: true,
      errorsOnly: false,
    };
    expect(parseFilterRequest({ session: 's1', filter, from: 10 })).toEqual({
      ok: true,
      value: { session: 's1', filter, from: 10 },
    });
  });

  table(parseFilterRequest, [
    ['no filter', { session: 's1' }, /request\.filter must be an object/],
    ['a wrong direction', { session: 's1', filter: { dir: 'up' } }, /request\.filter\.dir must be one of/],
    [
      'an unknown packet type',
      { session: 's1', filter: { sioTypes: ['EMIT'] } },
      /sioTypes\[0\] must be one of/,
    ],
    ['a search too long', { session: 's1', filter: { text: 'x'.repeat(2000) } }, /at most 1024 characters/],
    ['an unknown filter field', { session: 's1', filter: { regex: '.*' } }, /unknown field "regex"/],
  ]);
});

describe('validateRequest', () => {
  it('has a validator for every method, naming the method in its errors', () => {
    for (const method of BRIDGE_METHODS) {
      const result = validateRequest(method, 42);
      expect(refused(result)).toMatch(new RegExp(`^${method.replace('.', '\\.')}: `));
    }
  });

  it('takes no params for sessions.list, null included (JSON has no undefined)', () => {
    expect(parseNoParams(undefined).ok).toBe(true);
    expect(parseNoParams(null).ok).toBe(true);
    expect(refused(parseNoParams({ a: 1 }))).toMatch(/request must be empty/);
  });
});

function deep(levels: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}
