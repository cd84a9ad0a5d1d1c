// Polling payloads, both generations: every vector of docs/test-vectors.md §1.2, §1.3, §2.2, §2.3 and §2.5,
// decode and encode, the malformed tables, length boundaries, multi-megabyte bodies, and properties. §2.4
// (JSONP) is out of scope: the inspector's connection engine does not use polling-jsonp.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEioBinaryFrame, encodeEioFrame, parseHandshake } from '../../../../shared/protocol/eio-packet';
import type { EioDecoded, EioPacketInput } from '../../../../shared/protocol/eio-packet';
import {
  decodePollingBinary,
  decodePollingText,
  encodePollingPayload,
} from '../../../../shared/protocol/eio-payload';
import {
  binaryPacket,
  expectSane,
  plain,
  syntaxBytes,
  syntaxText,
  textPacket,
  throughUtf8,
  utf16String,
  utf16Unit,
  wellFormedString,
  type Plain,
} from './eio-arbitraries';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const msg = (data?: string | Uint8Array): EioPacketInput =>
  data === undefined ? { type: 'message' } : { type: 'message', data };
const err = (code: string): Plain => ({ type: 'error', code });
const plains = (packets: readonly (EioDecoded | EioPacketInput)[]): Plain[] => packets.map(plain);
/** `[at, length]` of each decoded packet. */
const spans = (packets: readonly EioDecoded[]): [number, number][] => packets.map((p) => [p.at, p.length]);
/** Deep equality for megabytes, where vitest's element-by-element diffing is far too slow. */
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;
const HANDSHAKE_V3 =
  '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}';

describe('v4 payloads (docs/test-vectors.md §1.2)', () => {
  const rows: readonly (readonly [string, readonly EioPacketInput[], string])[] = [
    [
      'open, close, ping/pong probe, message',
      [
        { type: 'open' },
        { type: 'close' },
        { type: 'ping', data: 'probe' },
        { type: 'pong', data: 'probe' },
        msg('test'),
      ],
      '0\x1e1\x1e2probe\x1e3probe\x1e4test',
    ],
    ['text and binary', [msg('test'), msg(bytes(1, 2, 3, 4))], '4test\x1ebAQIDBA=='],
    ['an empty binary message', [msg('test'), msg(bytes())], '4test\x1eb'],
    ['spec: hello, ping, world', [msg('hello'), { type: 'ping' }, msg('world')], '4hello\x1e2\x1e4world'],
    ['spec: hello and binary', [msg('hello'), msg(bytes(1, 2, 3, 4))], '4hello\x1ebAQIDBA=='],
    ['test-suite batch', [msg('test1'), msg('test2'), msg('test3')], '4test1\x1e4test2\x1e4test3'],
  ];

  it.each(rows)('encodes %s', (_name, packets, body) => {
    expect(encodePollingPayload(packets, 4)).toBe(body);
  });

  it.each(rows)('decodes %s', (_name, packets, body) => {
    expect(plains(decodePollingText(body, 4))).toEqual(plains(packets));
  });

  it('encodes no packets as "" (engine.io-parser 5 does too)', () => {
    expect(encodePollingPayload([], 4)).toBe('');
    expect(encodePollingPayload([], 4, { binary: true })).toBe('');
  });

  it('locates each record, separators excluded', () => {
    expect(spans(decodePollingText('0\x1e1\x1e2probe\x1e3probe\x1e4test', 4))).toEqual([
      [0, 1],
      [2, 1],
      [4, 6],
      [11, 6],
      [18, 5],
    ]);
    expect(spans(decodePollingText('4test\x1ebAQIDBA==', 4))).toEqual([
      [0, 5],
      [6, 9],
    ]);
  });

  it('ignores options.binary: v4 payloads are always text', () => {
    expect(encodePollingPayload([msg(bytes(1))], 4, { binary: true })).toBe('bAQ==');
  });

  it('refuses binary in anything but a message', () => {
    expect(() => encodePollingPayload([{ type: 'pong', data: bytes(1) }], 4)).toThrow(TypeError);
  });

  // engine.io-parser stops at the first bad record; the inspector reports it and goes on.
  it.each([
    ['{', [err('EIO_UNKNOWN_TYPE')], [[0, 1]]],
    ['{}', [err('EIO_UNKNOWN_TYPE')], [[0, 2]]],
    // The parser test passes ["a123", "a456"]: as a payload, two bad records; as literal text, one.
    [
      'a123\x1ea456',
      [err('EIO_UNKNOWN_TYPE'), err('EIO_UNKNOWN_TYPE')],
      [
        [0, 4],
        [5, 4],
      ],
    ],
    ['["a123", "a456"]', [err('EIO_UNKNOWN_TYPE')], [[0, 16]]],
    [
      '4a\x1ex\x1e4b',
      [{ type: 'message', text: 'a' }, err('EIO_UNKNOWN_TYPE'), { type: 'message', text: 'b' }],
      [
        [0, 2],
        [3, 1],
        [5, 2],
      ],
    ],
    ['', [err('EIO_EMPTY_PACKET')], [[0, 0]]],
    [
      '4a\x1e',
      [{ type: 'message', text: 'a' }, err('EIO_EMPTY_PACKET')],
      [
        [0, 2],
        [3, 0],
      ],
    ],
    [
      '\x1e',
      [err('EIO_EMPTY_PACKET'), err('EIO_EMPTY_PACKET')],
      [
        [0, 0],
        [1, 0],
      ],
    ],
    [
      'bAQIDBA\x1e4a',
      [err('EIO_INVALID_BASE64'), { type: 'message', text: 'a' }],
      [
        [0, 7],
        [8, 2],
      ],
    ],
    ['b4AQIDBA==', [err('EIO_INVALID_BASE64')], [[0, 10]]], // v3 base64 in a v4 body
    [
      '7\x1e3',
      [err('EIO_UNKNOWN_TYPE'), { type: 'pong' }],
      [
        [0, 1],
        [2, 1],
      ],
    ],
    ['6:4hello', [{ type: 'noop', text: ':4hello' }], [[0, 8]]], // a v3 body read as v4 is still "valid"
  ] as const)('decodes malformed %j', (body, expected, positions) => {
    const decoded = decodePollingText(body, 4);
    expect(plains(decoded)).toEqual(expected);
    expect(spans(decoded)).toEqual(positions);
  });
});

describe('v4 test-suite bodies (docs/test-vectors.md §1.3)', () => {
  it('handshake body: open with exactly the five keys', () => {
    const body =
      '0{"sid":"abc","upgrades":["websocket"],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000}';
    const [open, ...rest] = decodePollingText(body, 4);
    expect(rest).toEqual([]);
    if (open?.type !== 'open' || typeof open.data !== 'string') throw new Error('not an open packet');
    const parsed = parseHandshake(open.data);
    expect(parsed).toMatchObject({
      handshake: {
        sid: 'abc',
        upgrades: ['websocket'],
        pingInterval: 300,
        pingTimeout: 200,
        maxPayload: 1000000,
      },
    });
  });

  it.each([
    ['echo', '4hello', [{ type: 'message', text: 'hello' }]],
    [
      'echo batch',
      '4test1\x1e4test2\x1e4test3',
      ['test1', 'test2', 'test3'].map((text) => ({ type: 'message', text })),
    ],
    [
      'echo binary',
      '4hello\x1ebAQIDBA==',
      [
        { type: 'message', text: 'hello' },
        { type: 'message', bytes: [1, 2, 3, 4] },
      ],
    ],
    ['duplicate GET answer', '1', [{ type: 'close' }]],
    ['heartbeat (server ping)', '2', [{ type: 'ping' }]],
    ['heartbeat (client pong)', '3', [{ type: 'pong' }]],
    ['close answer', '6', [{ type: 'noop' }]],
    ['invalid POST', 'abc', [err('EIO_UNKNOWN_TYPE')]],
  ] as const)('%s: %j', (_name, body, expected) => {
    expect(plains(decodePollingText(body, 4))).toEqual(expected);
    expect(plains(decodePollingBinary(utf8(body), 4))).toEqual(expected);
  });

  it('WS binary echo: <01 02 03 04> both ways', () => {
    expect(encodeEioFrame(msg(bytes(1, 2, 3, 4)), 4)).toEqual(bytes(1, 2, 3, 4));
    expect(plain(decodeEioBinaryFrame(bytes(1, 2, 3, 4), 4))).toEqual({
      type: 'message',
      bytes: [1, 2, 3, 4],
    });
  });
});

describe('v4 payloads as bytes (HTTP bodies are UTF-8)', () => {
  it('reports byte positions', () => {
    const decoded = decodePollingBinary(utf8('4€\x1e4a\x1ebAQ=='), 4);
    expect(plains(decoded)).toEqual([
      { type: 'message', text: '€' },
      { type: 'message', text: 'a' },
      { type: 'message', bytes: [1] },
    ]);
    expect(spans(decoded)).toEqual([
      [0, 4],
      [5, 2],
      [8, 5],
    ]);
  });

  it('confines invalid UTF-8 to its record', () => {
    const decoded = decodePollingBinary(bytes(0x34, 0xff, 0x1e, 0x34, 0x61), 4);
    expect(plains(decoded)).toEqual([err('EIO_INVALID_UTF8'), { type: 'message', text: 'a' }]);
    expect(spans(decoded)).toEqual([
      [0, 2],
      [3, 2],
    ]);
  });

  it('treats an empty body like the text decoder does', () => {
    expect(plains(decodePollingBinary(bytes(), 4))).toEqual([err('EIO_EMPTY_PACKET')]);
  });
});

describe('v3 text payloads (docs/test-vectors.md §2.2)', () => {
  const rows: readonly (readonly [string, readonly EioPacketInput[], string])[] = [
    ['UTF-8 chars count one unit each', [msg('€€€'), msg('α')], '4:4€€€2:4α'],
    ['spec: hello and €', [msg('hello'), msg('€')], '6:4hello2:4€'],
    ['spec: hello, world', [msg('hello'), msg('world')], '6:4hello6:4world'],
    ['test-suite batch', [msg('test1'), msg('test2'), msg('test3')], '6:4test16:4test26:4test3'],
    ['test-suite b64', [msg('hello'), msg(bytes(1, 2, 3, 4))], '6:4hello10:b4AQIDBA=='],
    ['spec: € and binary', [msg('€'), msg(bytes(1, 2, 3, 4))], '2:4€10:b4AQIDBA=='],
    ['an astral char counts two units', [msg('😀')], '3:4😀'],
    ['ping', [{ type: 'ping' }], '1:2'],
    ['noop', [{ type: 'noop' }], '1:6'],
    ['close', [{ type: 'close' }], '1:1'],
    ['no packets', [], '0:'],
    ['socket.io 2 first body', [{ type: 'open', data: HANDSHAKE_V3 }, msg('0')], `96:0${HANDSHAKE_V3}2:40`],
    ['binary of another type', [{ type: 'pong', data: bytes(0xff) }], '6:b3/w=='],
    ['an empty binary', [msg(bytes())], '2:b4'],
    ['a lone surrogate counts one unit', [msg('\ud800')], '2:4\ud800'],
  ];

  it.each(rows)('encodes %s', (_name, packets, body) => {
    expect(encodePollingPayload(packets, 3)).toBe(body);
  });

  it.each(rows)('decodes %s', (_name, packets, body) => {
    expect(plains(decodePollingText(body, 3))).toEqual(plains(packets));
  });

  it('locates each packet, length prefixes excluded', () => {
    expect(spans(decodePollingText('6:4hello2:4€10:b4AQIDBA==', 3))).toEqual([
      [2, 6],
      [10, 2],
      [15, 10],
    ]);
    expect(spans(decodePollingText(`96:0${HANDSHAKE_V3}2:40`, 3))).toEqual([
      [3, 96],
      [101, 2],
    ]);
  });

  // engine.io-parser 2 answers each of these with a single parser error and nothing else.
  it.each([
    ['1!', [err('EIO_BAD_LENGTH')], [[0, 2]]],
    ['', [err('EIO_BAD_PAYLOAD')], [[0, 0]]],
    ['))', [err('EIO_BAD_LENGTH')], [[0, 2]]],
    ['1:', [err('EIO_BAD_LENGTH')], [[0, 2]]],
    // The length is sound, the packet is not: sync is kept.
    ['3:99:', [err('EIO_UNKNOWN_TYPE')], [[2, 3]]],
    [
      '1:aa',
      [err('EIO_UNKNOWN_TYPE'), err('EIO_BAD_LENGTH')],
      [
        [2, 1],
        [3, 1],
      ],
    ],
    [
      '1:a2:b',
      [err('EIO_UNKNOWN_TYPE'), err('EIO_BAD_LENGTH')],
      [
        [2, 1],
        [3, 3],
      ],
    ],
    // Beyond the table.
    [':::', [err('EIO_BAD_LENGTH')], [[0, 3]]],
    [
      '6:4hello99',
      [{ type: 'message', text: 'hello' }, err('EIO_BAD_LENGTH')],
      [
        [2, 6],
        [8, 2],
      ],
    ],
    [
      '6:4hello2:4€x',
      [{ type: 'message', text: 'hello' }, { type: 'message', text: '€' }, err('EIO_BAD_LENGTH')],
      [
        [2, 6],
        [10, 2],
        [12, 1],
      ],
    ],
    ['99999999999999999999999:4', [err('EIO_BAD_LENGTH')], [[0, 25]]],
    [' 1:4', [err('EIO_BAD_LENGTH')], [[0, 4]]], // engine.io-parser 2 accepts it (Number(" 1") == 1)
    ['1e0:4', [err('EIO_BAD_LENGTH')], [[0, 5]]],
    ['-1:4', [err('EIO_BAD_LENGTH')], [[0, 4]]],
    ['1:7', [err('EIO_UNKNOWN_TYPE')], [[2, 1]]],
    ['1:b', [err('EIO_UNKNOWN_TYPE')], [[2, 1]]],
    [
      '5:b4AQ=1:2',
      [err('EIO_INVALID_BASE64'), { type: 'ping' }],
      [
        [2, 5],
        [9, 1],
      ],
    ],
    ['4hello', [err('EIO_BAD_LENGTH')], [[0, 6]]], // a v4 body read as v3
  ] as const)('decodes malformed %j', (body, expected, positions) => {
    const decoded = decodePollingText(body, 3);
    expect(plains(decoded)).toEqual(expected);
    expect(spans(decoded)).toEqual(positions);
  });

  it.each([
    ['0:', []],
    ['0:0:', []],
    ['1:20:1:3', [{ type: 'ping' }, { type: 'pong' }]],
    ['01:4', [{ type: 'message' }]], // leading zeros: engine.io-parser 2 takes Number("01")
  ] as const)('skips zero-length packets like engine.io-parser 2: %j', (body, expected) => {
    expect(plains(decodePollingText(body, 3))).toEqual(expected);
  });

  describe('lengths count UTF-16 code units', () => {
    it('a length that cuts a surrogate pair leaves a lone half, then loses sync', () => {
      const decoded = decodePollingText('2:4😀', 3);
      expect(plains(decoded)).toEqual([{ type: 'message', text: '\ud83d' }, err('EIO_BAD_LENGTH')]);
      expect(spans(decoded)).toEqual([
        [2, 2],
        [4, 1],
      ]);
    });

    it('a length that counts code points (or bytes) is too short', () => {
      expect(plains(decodePollingText('2:4😀😀', 3))).toEqual([
        { type: 'message', text: '\ud83d' },
        err('EIO_BAD_LENGTH'),
      ]);
      // "4" counts the bytes of "4€", so the packet runs into the next prefix.
      expect(plains(decodePollingText('4:4€2:4a', 3))).toEqual([
        { type: 'message', text: '€2:' },
        err('EIO_BAD_LENGTH'),
      ]);
    });

    it('pairs in data, length prefixes and lengths round', () => {
      const text = '😀'.repeat(50); // 100 units: a three-digit length
      expect(encodePollingPayload([msg(text), msg('x')], 3)).toBe(`101:4${text}2:4x`);
      expect(plains(decodePollingText(`101:4${text}2:4x`, 3))).toEqual([
        { type: 'message', text },
        { type: 'message', text: 'x' },
      ]);
    });
  });
});

describe('v3 binary payloads (docs/test-vectors.md §2.3)', () => {
  const big = Uint8Array.from({ length: 123 }, (_, i) => i); // <00 .. 7a>
  const rows: readonly (readonly [string, readonly EioPacketInput[], Uint8Array])[] = [
    [
      'test-suite: hello and binary',
      [msg('hello'), msg(bytes(1, 2, 3, 4))],
      bytes(
        0x00,
        0x06,
        0xff,
        0x34,
        0x68,
        0x65,
        0x6c,
        0x6c,
        0x6f,
        0x01,
        0x05,
        0xff,
        0x04,
        0x01,
        0x02,
        0x03,
        0x04,
      ),
    ],
    [
      'spec: € and binary',
      [msg('€'), msg(bytes(1, 2, 3, 4))],
      bytes(0x00, 0x04, 0xff, 0x34, 0xe2, 0x82, 0xac, 0x01, 0x05, 0xff, 0x04, 0x01, 0x02, 0x03, 0x04),
    ],
    [
      'mixed: 123 bytes, "hello 亜", close (multi-digit lengths)',
      [msg(big), msg('hello 亜'), { type: 'close' }],
      Uint8Array.from([
        ...[0x01, 0x01, 0x02, 0x04, 0xff, 0x04, ...big],
        ...[0x00, 0x01, 0x00, 0xff, 0x34, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0xe4, 0xba, 0x9c],
        ...[0x00, 0x01, 0xff, 0x31],
      ]),
    ],
    ['binary of another type', [{ type: 'ping', data: bytes(7) }], bytes(0x01, 0x02, 0xff, 0x02, 0x07)],
    ['an empty binary', [msg(bytes())], bytes(0x01, 0x01, 0xff, 0x04)],
    [
      'a 41-char string (docs/protocol.md §1.7)',
      [msg('a'.repeat(40)), msg(bytes())],
      Uint8Array.from([0x00, 0x04, 0x01, 0xff, 0x34, ...utf8('a'.repeat(40)), 0x01, 0x01, 0xff, 0x04]),
    ],
  ];

  it.each(rows)('encodes %s', (_name, packets, body) => {
    expect(encodePollingPayload(packets, 3, { binary: true })).toEqual(body);
  });

  it.each(rows)('decodes %s', (_name, packets, body) => {
    expect(plains(decodePollingBinary(body, 3))).toEqual(plains(packets));
  });

  it('encodes "€" alone as text: only a payload with binary becomes binary', () => {
    expect(encodePollingPayload([msg('€')], 3, { binary: true })).toBe('2:4€');
    expect(encodePollingPayload([], 3, { binary: true })).toBe('0:');
  });

  it('decodes "€" alone sent as a binary payload', () => {
    const decoded = decodePollingBinary(bytes(0x00, 0x04, 0xff, 0x34, 0xe2, 0x82, 0xac), 3);
    expect(plains(decoded)).toEqual(plains([msg('€')]));
  });

  it('locates each packet in bytes, headers excluded', () => {
    expect(spans(decodePollingBinary(rows[2]?.[2] ?? bytes(), 3))).toEqual([
      [5, 124],
      [133, 10],
      [146, 1],
    ]);
  });

  it('writes a 124-byte binary packet with the length digits 1 2 4 (docs/protocol.md §1.7)', () => {
    const body = encodePollingPayload([msg(big)], 3, { binary: true });
    expect(Array.from((body as Uint8Array).subarray(0, 6))).toEqual([0x01, 0x01, 0x02, 0x04, 0xff, 0x04]);
  });

  it.each([
    ['empty', [], [err('EIO_BAD_PAYLOAD')], [[0, 0]]],
    ['the parser test <40>', [0x40], [err('EIO_BAD_PAYLOAD')], [[0, 1]]],
    ['marker 02', [0x02, 0x01, 0xff, 0x34], [err('EIO_BAD_PAYLOAD')], [[0, 4]]],
    ['no length digits', [0x00, 0xff, 0x34], [err('EIO_BAD_LENGTH')], [[0, 3]]],
    ['no 0xff', [0x00, 0x01, 0x02], [err('EIO_BAD_LENGTH')], [[0, 3]]],
    ['a digit byte > 9', [0x00, 0x0a, 0xff, 0x34], [err('EIO_BAD_LENGTH')], [[0, 4]]],
    ['an ASCII digit as a length byte', [0x00, 0x31, 0xff, 0x34], [err('EIO_BAD_LENGTH')], [[0, 4]]],
    ['a length beyond the body', [0x00, 0x05, 0xff, 0x34], [err('EIO_BAD_LENGTH')], [[0, 4]]],
    ['a runaway length', [0x01, ...Array(400).fill(9), 0xff, 0x04], [err('EIO_BAD_LENGTH')], [[0, 403]]],
    // The packet is bad, its length is sound: sync is kept.
    [
      'engine.io-parser 2\'s "4\\uffff" as bytes',
      [0x00, 0x02, 0xff, 0x34, 0xff, 0x00, 0x01, 0xff, 0x36],
      [err('EIO_INVALID_UTF8'), { type: 'noop' }],
      [
        [3, 2],
        [8, 1],
      ],
    ],
    [
      'an unknown type digit',
      [0x00, 0x01, 0xff, 0x39, 0x00, 0x01, 0xff, 0x33],
      [err('EIO_UNKNOWN_TYPE'), { type: 'pong' }],
      [
        [3, 1],
        [7, 1],
      ],
    ],
    ['an unknown type byte', [0x01, 0x02, 0xff, 0x07, 0x01], [err('EIO_UNKNOWN_TYPE')], [[3, 2]]],
    [
      'an empty string part',
      [0x00, 0x00, 0xff, 0x00, 0x01, 0xff, 0x32],
      [err('EIO_EMPTY_PACKET'), { type: 'ping' }],
      [
        [3, 0],
        [6, 1],
      ],
    ],
    ['an empty binary part', [0x01, 0x00, 0xff], [err('EIO_EMPTY_PACKET')], [[3, 0]]],
    [
      'a good part, then garbage',
      [0x00, 0x01, 0xff, 0x32, 0x07],
      [{ type: 'ping' }, err('EIO_BAD_PAYLOAD')],
      [
        [3, 1],
        [4, 1],
      ],
    ],
  ] as const)('decodes malformed: %s', (_name, body, expected, positions) => {
    const decoded = decodePollingBinary(Uint8Array.from(body), 3);
    expect(plains(decoded)).toEqual(expected);
    expect(spans(decoded)).toEqual(positions);
  });

  it('reads a body starting with an ASCII digit as a text payload, in bytes', () => {
    const decoded = decodePollingBinary(utf8('6:4hello2:4€10:b4AQIDBA=='), 3);
    expect(plains(decoded)).toEqual([msg('hello'), msg('€'), msg(bytes(1, 2, 3, 4))].map(plain));
    expect(spans(decoded)).toEqual([
      [2, 6],
      [10, 4],
      [17, 10],
    ]);
  });

  it('keeps byte positions inside the body when a text length cuts a surrogate pair', () => {
    const body = utf8('2:4😀'); // 7 bytes
    const decoded = decodePollingBinary(body, 3);
    expect(plains(decoded)).toEqual([{ type: 'message', text: '\ud83d' }, err('EIO_BAD_LENGTH')]);
    expect(spans(decoded)).toEqual([
      [2, 4],
      [6, 1],
    ]);
  });

  it('reports a text payload with invalid UTF-8 as one error', () => {
    expect(plains(decodePollingBinary(bytes(0x31, 0x3a, 0xff), 3))).toEqual([err('EIO_INVALID_UTF8')]);
  });
});

describe('v3 test-suite bodies (docs/test-vectors.md §2.5)', () => {
  it('handshake: <len>:0{...} where len is the content length', () => {
    const open = `0${HANDSHAKE_V3}`;
    const body = `${open.length}:${open}`;
    const [packet, ...rest] = decodePollingText(body, 3);
    expect(rest).toEqual([]);
    expect(packet).toMatchObject({ type: 'open', data: HANDSHAKE_V3, at: 3, length: open.length });
    expect(parseHandshake(HANDSHAKE_V3)).toMatchObject({ handshake: { pingTimeout: 5000 } });
  });

  it.each([
    ['echo', '6:4hello', [msg('hello')]],
    ['echo batch', '6:4test16:4test26:4test3', [msg('test1'), msg('test2'), msg('test3')]],
    ['echo b64', '6:4hello10:b4AQIDBA==', [msg('hello'), msg(bytes(1, 2, 3, 4))]],
    ['heartbeat: client ping', '1:2', [{ type: 'ping' }]],
    ['heartbeat: server pong', '1:3', [{ type: 'pong' }]],
    ['close answer', '1:6', [{ type: 'noop' }]],
    ['close', '1:1', [{ type: 'close' }]],
  ] as const)('%s: %j both ways', (_name, body, packets) => {
    expect(plains(decodePollingText(body, 3))).toEqual(plains(packets));
    expect(encodePollingPayload(packets, 3)).toBe(body);
  });

  it('echo binary: the b64 POST comes back as a binary payload to a session without b64', () => {
    const posted = decodePollingText('6:4hello10:b4AQIDBA==', 3);
    const packets = posted.map((p) => (p.type === 'error' ? { type: 'noop' as const } : p));
    const expected = bytes(
      0x00,
      0x06,
      0xff,
      0x34,
      0x68,
      0x65,
      0x6c,
      0x6c,
      0x6f,
      0x01,
      0x05,
      0xff,
      0x04,
      0x01,
      0x02,
      0x03,
      0x04,
    );
    expect(encodePollingPayload(packets, 3, { binary: true })).toEqual(expected);
  });

  it('WS binary: <04 01 02 03 04> both ways', () => {
    expect(plain(decodeEioBinaryFrame(bytes(4, 1, 2, 3, 4), 3))).toEqual({
      type: 'message',
      bytes: [1, 2, 3, 4],
    });
    expect(encodeEioFrame(msg(bytes(1, 2, 3, 4)), 3)).toEqual(bytes(4, 1, 2, 3, 4));
  });
});

describe('large bodies decode whole, in linear time', () => {
  it('v4: 200k records (~3 MB)', () => {
    const body = Array.from({ length: 200_000 }, (_, i) => `4message number ${i}`).join('\x1e');
    const decoded = decodePollingText(body, 4);
    expect(decoded).toHaveLength(200_000);
    expect(decoded[199_999]).toMatchObject({ type: 'message', data: 'message number 199999', length: 22 });
    expect(decoded[199_999]?.at).toBe(body.length - 22);
  });

  it('v4: one 6 MB binary record', () => {
    const data = new Uint8Array(6_000_000);
    for (let i = 0; i < data.length; i++) data[i] = i * 7;
    const body = encodePollingPayload([msg('x'), msg(data)], 4) as string;
    const decoded = decodePollingText(body, 4);
    expect(decoded).toHaveLength(2);
    expect(sameBytes((decoded[1] as { data: Uint8Array }).data, data)).toBe(true);
  });

  it('v3 text: 200k packets and one 5 MB packet', () => {
    const packets = Array.from({ length: 200_000 }, (_, i) => msg(`€ ${i}`));
    const body = encodePollingPayload(packets, 3) as string;
    const decoded = decodePollingText(body, 3);
    expect(decoded).toHaveLength(200_000);
    expect(plain(decoded[199_999] as EioDecoded)).toEqual({ type: 'message', text: '€ 199999' });
    const huge = 'x'.repeat(5_000_000);
    expect(plains(decodePollingText(`5000001:4${huge}`, 3))).toEqual([{ type: 'message', text: huge }]);
  });

  it('v3 binary: 100k parts and one 5 MB part', () => {
    const packets = Array.from({ length: 100_000 }, (_, i) =>
      i % 2 ? msg(`p${i}`) : msg(bytes(i & 255, 1, 2)),
    );
    const body = encodePollingPayload(packets, 3, { binary: true }) as Uint8Array;
    const decoded = decodePollingBinary(body, 3);
    expect(decoded).toHaveLength(100_000);
    expect(plains(decoded.slice(-2))).toEqual(plains(packets.slice(-2)));
    const data = new Uint8Array(5_000_000).fill(9);
    const one = encodePollingPayload([msg(data)], 3, { binary: true }) as Uint8Array;
    expect(Array.from(one.subarray(0, 11))).toEqual([1, 5, 0, 0, 0, 0, 0, 1, 0xff, 4, 9]);
    expect(sameBytes((decodePollingBinary(one, 3)[0] as { data: Uint8Array }).data, data)).toBe(true);
  });

  it('v3: a body of 2 MB of digits is one length error, not a hang', () => {
    const body = '1'.repeat(2_000_000);
    expect(plains(decodePollingText(body, 3))).toEqual([err('EIO_BAD_LENGTH')]);
    expect(plains(decodePollingBinary(new Uint8Array(2_000_000).fill(1), 3))).toEqual([
      err('EIO_BAD_LENGTH'),
    ]);
  });
});

describe('properties', () => {
  // v4 assumes \x1e never occurs in data (docs/protocol.md §1.7).
  const v4Text = fc.string({ unit: utf16Unit.filter((c) => c !== '\x1e'), maxLength: 20 });

  it('v4 text: decode(encode(packets)) is the packets, each at its record', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(textPacket(v4Text), binaryPacket(4)), { minLength: 1, maxLength: 8 }),
        (packets) => {
          const body = encodePollingPayload(packets, 4) as string;
          const decoded = decodePollingText(body, 4);
          expect(plains(decoded)).toEqual(plains(packets));
          decoded.forEach((p, k) => {
            const packet = packets[k] as EioPacketInput;
            const record = body.slice(p.at, p.at + p.length);
            expect(record).toBe(encodePollingPayload([packet], 4));
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('v4 bytes: the UTF-8 body decodes to the same packets, well-formed text assumed', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(textPacket(wellFormedString.map((s) => s.replaceAll('\x1e', ''))), binaryPacket(4)),
          { minLength: 1, maxLength: 8 },
        ),
        (packets) => {
          const body = utf8(encodePollingPayload(packets, 4) as string);
          const decoded = decodePollingBinary(body, 4);
          expect(plains(decoded)).toEqual(plains(packets));
          expectSane(decoded, body.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('v3 text: decode(encode(packets)) is the packets, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(textPacket(utf16String(20)), binaryPacket(3)), { maxLength: 8 }),
        (packets) => {
          const body = encodePollingPayload(packets, 3) as string;
          const decoded = decodePollingText(body, 3);
          expect(plains(decoded)).toEqual(plains(packets));
          expectSane(decoded, body.length, packets.length === 0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('v3 binary: decode(encode(packets)) is the packets, with text as UTF-8 keeps it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(textPacket(utf16String(20)), binaryPacket(3)), { maxLength: 8 }),
        binaryPacket(3),
        fc.nat(),
        (others, binary, where) => {
          const packets = [...others];
          packets.splice(where % (others.length + 1), 0, binary);
          const body = encodePollingPayload(packets, 3, { binary: true });
          expect(body).toBeInstanceOf(Uint8Array);
          const decoded = decodePollingBinary(body as Uint8Array, 3);
          const expected = packets.map((p) =>
            typeof p.data === 'string' ? { ...p, data: throughUtf8(p.data) } : p,
          );
          expect(plains(decoded)).toEqual(plains(expected));
          expectSane(decoded, (body as Uint8Array).length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([3, 4] as const)('v%i: any text decodes without throwing, with sane positions', (version) => {
    fc.assert(
      fc.property(fc.oneof(syntaxText, fc.string(), utf16String(40)), (body) => {
        const decoded = decodePollingText(body, version);
        const onlyEmpty = version === 3 && /^(0+:)+$/.test(body);
        expectSane(decoded, body.length, onlyEmpty);
        if (!onlyEmpty && version === 3) expect(decoded.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([3, 4] as const)('v%i: any bytes decode without throwing, with sane positions', (version) => {
    fc.assert(
      fc.property(fc.oneof(syntaxBytes, fc.uint8Array({ maxLength: 40 })), (body) => {
        const decoded = decodePollingBinary(body, version);
        const text = new TextDecoder().decode(body);
        const onlyEmpty = version === 3 && /^(0+:)+$/.test(text);
        expectSane(decoded, body.length, onlyEmpty);
      }),
      { numRuns: 2000 },
    );
  });

  it('v3: a length error always covers the rest of the body', () => {
    fc.assert(
      fc.property(syntaxText, (body) => {
        const decoded = decodePollingText(body, 3);
        decoded.forEach((p, k) => {
          if (p.type === 'error' && p.error.code === 'EIO_BAD_LENGTH') {
            expect(k).toBe(decoded.length - 1);
            expect(p.at + p.length).toBe(body.length);
          }
        });
      }),
      { numRuns: 1000 },
    );
  });
});
