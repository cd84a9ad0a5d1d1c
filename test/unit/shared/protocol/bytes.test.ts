// Byte helpers against RFC 4648 §10, the WHATWG encoders and Node's Buffer as oracles.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64Decode,
  base64Encode,
  utf8Decode,
  utf8Encode,
  utf8EncodeInto,
  utf8Length,
} from '../../../../shared/protocol/bytes';
import { utf16String } from './eio-arbitraries';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const nodeBase64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

describe('base64Encode / base64Decode', () => {
  // RFC 4648 §10 test vectors.
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('RFC 4648 %j <-> %j', (plain, encoded) => {
    expect(base64Encode(ascii(plain))).toBe(encoded);
    expect(base64Decode(encoded)).toEqual(ascii(plain));
  });

  // The Engine.IO vectors (docs/test-vectors.md §1.1, §2.1): <01 02 03 04>, "1234" + <01 02 03 04>.
  it.each([
    [bytes(1, 2, 3, 4), 'AQIDBA=='],
    [bytes(0x31, 0x32, 0x33, 0x34, 1, 2, 3, 4), 'MTIzNAECAwQ='],
    [bytes(0xff, 0xfe, 0xfd), '//79'],
    [bytes(0xfb, 0xff), '+/8='],
  ])('engine.io vector %# encodes as %j', (data, encoded) => {
    expect(base64Encode(data)).toBe(encoded);
    expect(base64Decode(encoded)).toEqual(data);
  });

  it('encodes every byte value like Node', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let n = 0; n <= 256; n++)
      expect(base64Encode(all.subarray(0, n))).toBe(nodeBase64(all.subarray(0, n)));
    expect(base64Decode(nodeBase64(all))).toEqual(all);
  });

  it('encodes a view, not its whole buffer', () => {
    const view = new Uint8Array(bytes(9, 1, 2, 3, 9).buffer, 1, 3);
    expect(base64Encode(view)).toBe('AQID');
  });

  it.each([
    ['A', 'length 1'],
    ['AB', 'length 2 (unpadded)'],
    ['ABC', 'length 3 (unpadded)'],
    ['AQIDBA', 'unpadded <01 02 03 04>'],
    ['AQ=D', '"=" before a digit'],
    ['A===', 'three "="'],
    ['====', 'only padding'],
    ['=AAA', 'leading "="'],
    ['AQ==AQ==', 'padding in the middle'],
    ['AQI DBA=', 'a space'],
    ['AQIDBA==\n', 'a trailing newline'],
    ['AQ-_', 'the URL-safe alphabet'],
    ['AQ\u0141D', 'a char whose low 7 bits are "A"'],
    ['AQ\u00c1D', 'a Latin-1 char'],
    ['AQ\u0000D', 'NUL'],
    ['😀😀', 'astral chars'],
  ])('rejects %j (%s)', (text) => {
    expect(base64Decode(text)).toBeUndefined();
  });

  it('ignores non-zero pad bits (RFC 4648 §3.5 allows it)', () => {
    expect(base64Decode('AR==')).toEqual(bytes(1));
    expect(base64Decode('AQJ=')).toEqual(bytes(1, 2));
  });

  it('decodes a range of a longer string', () => {
    expect(base64Decode('xbAQIDBA==\x1e', 2, 10)).toEqual(bytes(1, 2, 3, 4));
    expect(base64Decode('xx', 1, 1)).toEqual(bytes());
    expect(base64Decode('xAQ=', 1, 3)).toBeUndefined();
  });

  it('round-trips arbitrary bytes and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const text = base64Encode(data);
        expect(text).toBe(nodeBase64(data));
        expect(base64Decode(text)).toEqual(data);
      }),
    );
  });

  it('accepts exactly the padded standard alphabet, and then agrees with Node', () => {
    const strict = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
    const unit = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...'AQIDBAZm9v+/wxyz=') },
      { weight: 1, arbitrary: fc.constantFrom('-', '_', ' ', '\n', '\u0141', '😀', '\0') },
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 24 }), (text) => {
        const decoded = base64Decode(text);
        expect(decoded !== undefined).toBe(strict.test(text));
        if (decoded !== undefined) expect(decoded).toEqual(new Uint8Array(Buffer.from(text, 'base64')));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('utf8Encode / utf8EncodeInto', () => {
  it.each([
    ['', []],
    ['4', [0x34]],
    ['€', [0xe2, 0x82, 0xac]],
    ['hello 亜', [0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0xe4, 0xba, 0x9c]],
    ['😀', [0xf0, 0x9f, 0x98, 0x80]],
    ['\u0080\u07ff\u0800\uffff', [0xc2, 0x80, 0xdf, 0xbf, 0xe0, 0xa0, 0x80, 0xef, 0xbf, 0xbf]],
    ['\ud800', [0xef, 0xbf, 0xbd]],
    ['\udc00\ud800', [0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd]],
  ])('%j', (text, expected) => {
    expect(utf8Encode(text)).toEqual(Uint8Array.from(expected));
    // Long enough to take the TextEncoder path as well; the dot keeps repeats from pairing surrogates.
    const dot = 0x2e;
    expect(utf8Encode(`${text}.`.repeat(20))).toEqual(
      Uint8Array.from(
        Array(20)
          .fill([...expected, dot])
          .flat(),
      ),
    );
  });

  // docs/test-vectors.md §2.1: engine.io-parser 2's lone-surrogate test; the decoded text is what survives
  // UTF-8.
  it('turns lone surrogates into U+FFFD like engine.io-parser 2 (utf8.js, strict: false)', () => {
    const text = '\uDC00\uD834\uDF06\uDC00 \uD800\uD835\uDF07\uD800';
    expect(utf8Decode(utf8Encode(text))).toBe('\uFFFD\uD834\uDF06\uFFFD \uFFFD\uD835\uDF07\uFFFD');
  });

  it('writes at an offset and returns the end', () => {
    const out = new Uint8Array(8).fill(0xaa);
    expect(utf8EncodeInto('a€', out, 2)).toBe(6);
    expect(out).toEqual(bytes(0xaa, 0xaa, 0x61, 0xe2, 0x82, 0xac, 0xaa, 0xaa));
  });

  it('agrees with TextEncoder on arbitrary UTF-16, lone surrogates included', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(utf16String(80), (text) => {
        const expected = encoder.encode(text);
        expect(utf8Encode(text)).toEqual(expected);
        const out = new Uint8Array(expected.length + 1);
        expect(utf8EncodeInto(text, out, 1)).toBe(expected.length + 1);
        expect(out.subarray(1)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('utf8Decode', () => {
  it.each([
    [[0xff], 'a byte that never occurs'],
    [[0x34, 0xff], 'engine.io-parser 2\'s "4\\uffff" test, as bytes'],
    [[0xc0, 0x80], 'an overlong NUL'],
    [[0xe0, 0x80, 0x80], 'an overlong 3-byte sequence'],
    [[0xed, 0xa0, 0x80], 'an encoded surrogate (CESU / WTF-8)'],
    [[0xf4, 0x90, 0x80, 0x80], 'beyond U+10FFFF'],
    [[0xe2, 0x82], 'a truncated sequence'],
    [[0x80], 'a lone continuation byte'],
  ])('rejects %j (%s)', (input) => {
    expect(utf8Decode(Uint8Array.from(input))).toBeUndefined();
    expect(utf8Decode(Uint8Array.from(input), false)).toContain('\ufffd');
  });

  it('keeps a leading BOM', () => {
    expect(utf8Decode(bytes(0xef, 0xbb, 0xbf, 0x41))).toBe('\ufeffA');
  });

  it('decodes a view, not its whole buffer', () => {
    expect(utf8Decode(new Uint8Array(bytes(0xff, 0x34, 0x61, 0xff).buffer, 1, 2))).toBe('4a');
  });

  it('agrees with a fatal TextDecoder on arbitrary bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const oracle = (input: Uint8Array): string | undefined => {
      try {
        return decoder.decode(input);
      } catch {
        return undefined;
      }
    };
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xe2, 0x82, 0xac, 0xf0, 0x9f));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), (values) => {
        const input = Uint8Array.from(values);
        expect(utf8Decode(input)).toBe(oracle(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('inverts utf8Encode on well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        expect(utf8Decode(utf8Encode(text))).toBe(text);
      }),
    );
  });
});

describe('utf8Length', () => {
  it.each([
    ['', 0, 0, 0],
    ['4hello', 0, 6, 6],
    ['4€', 0, 2, 4],
    ['😀', 0, 2, 4],
    ['😀', 0, 1, 3], // the range cuts the pair: the high half alone is a lone surrogate
    ['😀', 1, 2, 3],
    ['a\ud800b', 0, 3, 5],
    ['x4€y', 1, 3, 4],
  ])('%j [%i, %i) is %i bytes', (text, start, end, expected) => {
    expect(utf8Length(text, start, end)).toBe(expected);
  });

  it('defaults to the whole string', () => {
    expect(utf8Length('€😀')).toBe(7);
  });

  it('matches TextEncoder on every range of arbitrary UTF-16', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(utf16String(40), fc.nat(), fc.nat(), (text, x, y) => {
        const start = x % (text.length + 1);
        const end = start + (y % (text.length - start + 1));
        expect(utf8Length(text, start, end)).toBe(encoder.encode(text.slice(start, end)).length);
      }),
      { numRuns: 2000 },
    );
  });
});
