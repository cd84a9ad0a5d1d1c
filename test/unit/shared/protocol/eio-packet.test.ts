// Single Engine.IO packets (WebSocket frames), both generations: every vector of docs/test-vectors.md §1.1
// and §2.1, decode and encode, the malformed tables, and round-trip / totality properties. §1.4 (WebTransport
// framing) is out of scope: the inspector does not speak WebTransport.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeEioBinaryFrame,
  decodeEioText,
  decodeEioTextAt,
  encodeEioFrame,
  parseHandshake,
  type EioDecoded,
  type EioPacketInput,
} from '../../../../shared/protocol/eio-packet';
import { encodePollingPayload } from '../../../../shared/protocol/eio-payload';
import type { EioPacketType } from '../../../../shared/record';
import {
  binaryPacket,
  EIO_TYPES,
  expectSane,
  plain,
  textPacket,
  utf16String,
  type Plain,
} from './eio-arbitraries';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const HANDSHAKE_V4 =
  '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';

type EncodeRow = readonly [EioPacketInput, string | Uint8Array];

describe('Engine.IO v4 packets (docs/test-vectors.md §1.1)', () => {
  const encodeRows: readonly EncodeRow[] = [
    [{ type: 'message', data: 'test' }, '4test'],
    [{ type: 'open' }, '0'],
    [{ type: 'close' }, '1'],
    [{ type: 'ping', data: 'probe' }, '2probe'],
    [{ type: 'pong', data: 'probe' }, '3probe'],
    [{ type: 'ping' }, '2'],
    [{ type: 'pong' }, '3'],
    [{ type: 'message' }, '4'],
    [{ type: 'upgrade' }, '5'],
    [{ type: 'noop' }, '6'],
    [{ type: 'message', data: '1€' }, '41€'],
    [{ type: 'open', data: HANDSHAKE_V4 }, `0${HANDSHAKE_V4}`],
    // supportsBinary=true: the raw data, no type byte.
    [{ type: 'message', data: bytes(1, 2, 3, 4) }, bytes(1, 2, 3, 4)],
  ];

  it.each(encodeRows)('encodes %j as %j', (packet, encoded) => {
    expect(encodeEioFrame(packet, 4)).toEqual(encoded);
  });

  it.each(encodeRows)('decodes the encoding of %j back', (packet, encoded) => {
    const decoded =
      typeof encoded === 'string' ? decodeEioText(encoded, 4) : decodeEioBinaryFrame(encoded, 4);
    expect(plain(decoded)).toEqual(plain(packet));
    expect(decoded).toMatchObject({ at: 0, length: encoded.length });
  });

  // supportsBinary=false: engine.io-parser writes `b` + base64; here that is the polling encoder's job.
  it.each([
    [bytes(1, 2, 3, 4), 'bAQIDBA=='],
    [bytes(0x31, 0x32, 0x33, 0x34, 1, 2, 3, 4), 'bMTIzNAECAwQ='], // the Blob ["1234", <01 02 03 04>] test
  ])('encodes binary %j without binary support as %j', (data, encoded) => {
    expect(encodePollingPayload([{ type: 'message', data }], 4)).toBe(encoded);
  });

  it('encodes only the bytes of a typed-array view (the Int8Array(buffer, 1, 2) test)', () => {
    const view = new Uint8Array(bytes(1, 2, 3, 4).buffer, 1, 2);
    expect(encodeEioFrame({ type: 'message', data: view }, 4)).toEqual(bytes(2, 3));
    expect(encodeEioFrame({ type: 'message', data: view }, 3)).toEqual(bytes(4, 2, 3));
  });

  const decodeRows: readonly (readonly [string, Plain])[] = [
    ['4test', { type: 'message', text: 'test' }],
    ['', { type: 'error', code: 'EIO_EMPTY_PACKET' }],
    ['a123', { type: 'error', code: 'EIO_UNKNOWN_TYPE' }],
    ['7', { type: 'error', code: 'EIO_UNKNOWN_TYPE' }],
    ['3', { type: 'pong' }],
    ['bAQIDBA==', { type: 'message', bytes: [1, 2, 3, 4] }],
    ['b', { type: 'message', bytes: [] }],
    ['4{"a":1}', { type: 'message', text: '{"a":1}' }], // stays a string (python-engineio would parse it)
    // Beyond the table: what the spec's framing implies.
    ['/', { type: 'error', code: 'EIO_UNKNOWN_TYPE' }], // the char before "0"
    ['bAQIDBA', { type: 'error', code: 'EIO_INVALID_BASE64' }], // unpadded
    ['b!!!!', { type: 'error', code: 'EIO_INVALID_BASE64' }],
    ['b4AQIDBA==', { type: 'error', code: 'EIO_INVALID_BASE64' }], // a v3 base64 packet is not v4 base64
    ['40', { type: 'message', text: '0' }],
    ['2\x1e', { type: 'ping', text: '\x1e' }], // a frame is one packet: no record splitting
  ];

  it.each(decodeRows)('decodes %j as %j', (text, expected) => {
    const decoded = decodeEioText(text, 4);
    expect(plain(decoded)).toEqual(expected);
    expect(decoded).toMatchObject({ at: 0, length: text.length });
  });

  it('omits data rather than setting it to "" or undefined', () => {
    expect(decodeEioText('3', 4)).toStrictEqual({ type: 'pong', at: 0, length: 1 });
    expect(decodeEioText('4', 4)).toStrictEqual({ type: 'message', at: 0, length: 1 });
  });

  it('decodes a binary frame as a message made of all its bytes', () => {
    expect(plain(decodeEioBinaryFrame(bytes(4, 3, 2, 1), 4))).toEqual({
      type: 'message',
      bytes: [4, 3, 2, 1],
    });
    expect(plain(decodeEioBinaryFrame(bytes(), 4))).toEqual({ type: 'message', bytes: [] });
  });

  it('refuses to encode binary data in anything but a message: v4 has no type byte', () => {
    expect(() => encodeEioFrame({ type: 'ping', data: bytes(1) }, 4)).toThrow(TypeError);
  });
});

describe('Engine.IO v3 packets (docs/test-vectors.md §2.1)', () => {
  const encodeRows: readonly EncodeRow[] = [
    [{ type: 'message', data: 'test' }, '4test'],
    [{ type: 'message' }, '4'],
    [{ type: 'open', data: '{"some":"json"}' }, '0{"some":"json"}'],
    [{ type: 'close' }, '1'],
    [{ type: 'upgrade' }, '5'],
    [{ type: 'ping', data: '1' }, '21'],
    [{ type: 'pong', data: '1' }, '31'],
    [{ type: 'message', data: 'aaa' }, '4aaa'],
    [{ type: 'message', data: 'utf8 — string' }, '4utf8 — string'],
    [{ type: 'message', data: '€€€' }, '4€€€'], // frames are not UTF-8-encoded into chars
    // `{message, data: 1}` → `41`: the API takes strings only, so the caller writes "1".
    [{ type: 'message', data: '1' }, '41'],
    [{ type: 'message', data: bytes(1, 2, 3, 4) }, bytes(4, 1, 2, 3, 4)], // the type byte comes first
    [{ type: 'ping', data: bytes(9) }, bytes(2, 9)],
  ];

  it.each(encodeRows)('encodes %j as %j', (packet, encoded) => {
    expect(encodeEioFrame(packet, 3)).toEqual(encoded);
  });

  it.each(encodeRows)('decodes the encoding of %j back', (packet, encoded) => {
    const decoded =
      typeof encoded === 'string' ? decodeEioText(encoded, 3) : decodeEioBinaryFrame(encoded, 3);
    expect(plain(decoded)).toEqual(plain(packet));
    expect(decoded).toMatchObject({ at: 0, length: encoded.length });
  });

  it('encodes binary without binary support as b<type digit><base64> (inside a payload)', () => {
    expect(encodePollingPayload([{ type: 'message', data: bytes(1, 2, 3, 4) }], 3)).toBe('10:b4AQIDBA==');
  });

  const decodeRows: readonly (readonly [string, Plain])[] = [
    [':::', { type: 'error', code: 'EIO_UNKNOWN_TYPE' }],
    ['94103', { type: 'error', code: 'EIO_UNKNOWN_TYPE' }],
    ['', { type: 'error', code: 'EIO_EMPTY_PACKET' }],
    // "4\uffff" is an error only under engine.io-parser 2's utf8decode (payload-level; see the payload
    // tests); as a frame it is a message holding U+FFFF.
    ['4\uffff', { type: 'message', text: '\uffff' }],
    ['b4AQIDBA==', { type: 'message', bytes: [1, 2, 3, 4] }],
    ['b4', { type: 'message', bytes: [] }],
    ['b2AQ==', { type: 'ping', bytes: [1] }],
    ['b', { type: 'error', code: 'EIO_UNKNOWN_TYPE' }],
    ['b9AQ==', { type: 'error', code: 'EIO_UNKNOWN_TYPE' }],
    ['bAQIDBA==', { type: 'error', code: 'EIO_UNKNOWN_TYPE' }], // a v4 base64 packet lacks the digit
    ['b4AQID=', { type: 'error', code: 'EIO_INVALID_BASE64' }],
    ['6', { type: 'noop' }],
  ];

  it.each(decodeRows)('decodes %j as %j', (text, expected) => {
    expect(plain(decodeEioText(text, 3))).toEqual(expected);
  });

  it.each([
    [[4, 3, 2, 1], { type: 'message', bytes: [3, 2, 1] }], // docs/test-vectors.md §2.1: first byte = type
    [[4], { type: 'message', bytes: [] }],
    [[0, 0x7b], { type: 'open', bytes: [0x7b] }],
    [[], { type: 'error', code: 'EIO_EMPTY_PACKET' }],
    [[7, 1], { type: 'error', code: 'EIO_UNKNOWN_TYPE' }],
    [[0x34, 0x61], { type: 'error', code: 'EIO_UNKNOWN_TYPE' }], // an ASCII "4" is not the type byte 4
    [[0xff], { type: 'error', code: 'EIO_UNKNOWN_TYPE' }],
  ] as const)('decodes binary frame %j as %j', (frame, expected) => {
    const decoded = decodeEioBinaryFrame(Uint8Array.from(frame), 3);
    expect(plain(decoded)).toEqual(expected);
    expect(decoded).toMatchObject({ at: 0, length: frame.length });
  });
});

describe('positions', () => {
  it('decodes a range of a text without slicing it first', () => {
    expect(decodeEioText('xx4helloyy', 4, 2, 8)).toStrictEqual({
      type: 'message',
      data: 'hello',
      at: 2,
      length: 6,
    });
    expect(decodeEioText('xx4helloyy', 3, 2, 3)).toStrictEqual({ type: 'message', at: 2, length: 1 });
    expect(decodeEioText('xx', 4, 1, 1)).toMatchObject({ type: 'error', at: 1, length: 0 });
  });

  it('reports a range under given positions (the byte positions of a UTF-8 body)', () => {
    expect(decodeEioTextAt('4€', 0, 2, 4, 10, 4)).toStrictEqual({
      type: 'message',
      data: '€',
      at: 10,
      length: 4,
    });
  });

  it('decodes a range of bytes, data being a view of it', () => {
    const frame = bytes(9, 4, 1, 2, 9);
    const decoded = decodeEioBinaryFrame(frame, 3, 1, 4);
    expect(decoded).toMatchObject({ type: 'message', at: 1, length: 3 });
    expect(plain(decoded)).toEqual({ type: 'message', bytes: [1, 2] });
    expect(decodeEioBinaryFrame(frame, 4, 2, 4)).toMatchObject({ at: 2, length: 2, data: bytes(1, 2) });
  });
});

describe('encodeEioFrame guards', () => {
  it('throws on a type that is not an Engine.IO packet type (a programmer error)', () => {
    const bogus = { type: 'error' as EioPacketType };
    expect(() => encodeEioFrame(bogus, 4)).toThrow(TypeError);
    expect(() => encodeEioFrame({ type: '7' as EioPacketType, data: 'x' }, 3)).toThrow(
      /Engine\.IO packet type/,
    );
  });

  it('writes each type digit', () => {
    EIO_TYPES.forEach((type, digit) => {
      expect(encodeEioFrame({ type }, 3)).toBe(String(digit));
      expect(encodeEioFrame({ type, data: bytes() }, 3)).toEqual(bytes(digit));
    });
  });
});

describe('properties', () => {
  const frameRoundTrip = (version: 3 | 4, packet: EioPacketInput): void => {
    const frame = encodeEioFrame(packet, version);
    const decoded: EioDecoded =
      typeof frame === 'string' ? decodeEioText(frame, version) : decodeEioBinaryFrame(frame, version);
    expect(plain(decoded)).toEqual(plain(packet));
    expect(decoded.at).toBe(0);
    expect(decoded.length).toBe(frame.length);
  };

  it.each([3, 4] as const)('v%i: decode(encode(packet)) is the packet', (version) => {
    fc.assert(
      fc.property(fc.oneof(textPacket(utf16String(30)), binaryPacket(version)), (packet) =>
        frameRoundTrip(version, packet),
      ),
      { numRuns: 500 },
    );
  });

  it.each([3, 4] as const)('v%i: any text or bytes decode without throwing, within bounds', (version) => {
    fc.assert(
      fc.property(utf16String(30), fc.uint8Array({ maxLength: 30 }), (text, frame) => {
        expectSane([decodeEioText(text, version)], text.length);
        expectSane([decodeEioBinaryFrame(frame, version)], frame.length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseHandshake (docs/protocol.md §1.3)', () => {
  it.each([
    ['v4 spec', HANDSHAKE_V4, { maxPayload: 1000000, upgrades: ['websocket'] }],
    [
      'v3 polling spec (no maxPayload)',
      '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}',
      { upgrades: ['websocket'], pingTimeout: 5000 },
    ],
    [
      'v3 WebSocket-only spec example (no upgrades)',
      '{"sid":"lv_VI97HAXpY6yYWAAAC","pingInterval":25000,"pingTimeout":5000}',
      { upgrades: [] },
    ],
    [
      'python-engineio 4.3 (no maxPayload, keys reordered)',
      '{"sid": "abc", "upgrades": [], "pingTimeout": 20000, "pingInterval": 25000}',
      { sid: 'abc', upgrades: [], pingInterval: 25000 },
    ],
    [
      'test-suite v4 timings',
      '{"sid":"s","upgrades":["websocket"],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000}',
      { pingInterval: 300, pingTimeout: 200 },
    ],
    ['zero timings', '{"sid":"s","upgrades":[],"pingInterval":0,"pingTimeout":0}', { pingInterval: 0 }],
  ])('accepts the %s handshake', (_name, text, expected) => {
    const parsed = parseHandshake(text);
    if (!('handshake' in parsed)) throw new Error(`rejected: ${parsed.error.message}`);
    expect(parsed.handshake).toMatchObject(expected);
    expect(parsed.json).toEqual(JSON.parse(text));
    if (!text.includes('maxPayload')) expect('maxPayload' in parsed.handshake).toBe(false);
  });

  it('keeps extra keys in json but not in the handshake', () => {
    const parsed = parseHandshake('{"sid":"s","upgrades":[],"pingInterval":1,"pingTimeout":2,"x":true}');
    expect(parsed).toEqual({
      handshake: { sid: 's', upgrades: [], pingInterval: 1, pingTimeout: 2 },
      json: { sid: 's', upgrades: [], pingInterval: 1, pingTimeout: 2, x: true },
    });
  });

  const valid = { sid: 's', upgrades: ['websocket'], pingInterval: 25000, pingTimeout: 20000 };
  it.each([
    ['not JSON', '{"sid":', false, 'not JSON'],
    ['empty', '', false, 'not JSON'],
    ['an array', '[]', true, 'object'],
    ['null', 'null', true, 'object'],
    ['a string', '"sid"', true, 'object'],
    ['no sid', JSON.stringify({ ...valid, sid: undefined }), true, 'sid'],
    ['a numeric sid', JSON.stringify({ ...valid, sid: 1 }), true, 'sid'],
    ['an empty sid', JSON.stringify({ ...valid, sid: '' }), true, 'sid'],
    ['upgrades as a string', JSON.stringify({ ...valid, upgrades: 'websocket' }), true, 'upgrades'],
    ['upgrades with a number', JSON.stringify({ ...valid, upgrades: [1] }), true, 'upgrades'],
    ['pingInterval as a string', JSON.stringify({ ...valid, pingInterval: '25000' }), true, 'pingInterval'],
    ['a negative pingInterval', JSON.stringify({ ...valid, pingInterval: -1 }), true, 'pingInterval'],
    ['no pingTimeout', JSON.stringify({ ...valid, pingTimeout: undefined }), true, 'pingTimeout'],
    ['an infinite pingTimeout', JSON.stringify(valid).replace('20000', '1e400'), true, 'pingTimeout'],
    ['maxPayload as a string', JSON.stringify({ ...valid, maxPayload: 'x' }), true, 'maxPayload'],
    ['a null maxPayload', JSON.stringify({ ...valid, maxPayload: null }), true, 'maxPayload'],
    [
      'a __proto__ sid',
      '{"__proto__":{"sid":"s"},"upgrades":[],"pingInterval":1,"pingTimeout":1}',
      true,
      'sid',
    ],
  ])('rejects %s', (_name, text, hasJson, mentions) => {
    const parsed = parseHandshake(text);
    expect('handshake' in parsed).toBe(false);
    if ('handshake' in parsed) return;
    expect(parsed.error.code).toBe('EIO_INVALID_HANDSHAKE');
    expect(parsed.error.message).toContain(mentions);
    expect('json' in parsed).toBe(hasJson);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const parsed = parseHandshake(text);
        expect('handshake' in parsed || 'error' in parsed).toBe(true);
      }),
    );
  });
});
