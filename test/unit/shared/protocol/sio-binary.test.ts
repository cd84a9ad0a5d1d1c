// Binary placeholders (docs/protocol.md §2.2): `{$binary}` ⇄ `{"_placeholder":true,"num":N}` +
// attachments, in depth-first order, total on hostile input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../shared/record';
import { deconstructBinary, isBinaryJson, reconstructBinary } from '../../../../shared/protocol/sio-binary';
import { binaryJson } from './sio-arbitraries';
import { bin, placeholder, zeros } from './sio-fixtures';

const PH0 = placeholder(0);
const PH1 = placeholder(1);

describe('deconstructBinary', () => {
  it('numbers attachments depth-first in key order (socket.io-parser /deep vector, docs/test-vectors.md §3.1)', () => {
    const data: Json = ['a', { a: 'hi', b: { why: zeros(3) }, c: { a: 'bye', b: { a: zeros(6) } } }];
    const out = deconstructBinary(data);
    expect(out.data).toStrictEqual(['a', { a: 'hi', b: { why: PH0 }, c: { a: 'bye', b: { a: PH1 } } }]);
    expect(out.attachments).toEqual([new Uint8Array(3), new Uint8Array(6)]);
  });

  it('visits a subtree before the next sibling', () => {
    const out = deconstructBinary([[bin(1), [bin(2)]], bin(3), { x: [bin(4)], y: bin(5) }]);
    expect(out.attachments.map((a) => a[0])).toEqual([1, 2, 3, 4, 5]);
    expect(JSON.stringify(out.data).match(/"num":\d/g)).toEqual([
      '"num":0',
      '"num":1',
      '"num":2',
      '"num":3',
      '"num":4',
    ]);
  });

  it('handles binary at the root, empty binary, and data without binary', () => {
    expect(deconstructBinary(bin(7, 8))).toEqual({ data: PH0, attachments: [Uint8Array.of(7, 8)] });
    expect(deconstructBinary([bin()])).toEqual({ data: [PH0], attachments: [new Uint8Array(0)] });
    expect(deconstructBinary({ a: [1, null, 'x'] })).toEqual({
      data: { a: [1, null, 'x'] },
      attachments: [],
    });
    expect(deconstructBinary(null)).toEqual({ data: null, attachments: [] });
  });

  it('does not modify its input', () => {
    const data: Json = { a: [bin(1)], b: { c: bin(2) } };
    const before = structuredClone(data);
    deconstructBinary(data);
    expect(data).toStrictEqual(before);
  });

  it('throws a RangeError for a $binary that is not base64 (a caller bug)', () => {
    expect(() => deconstructBinary([{ $binary: 'AQ' }])).toThrow(RangeError);
  });
});

describe('reconstructBinary', () => {
  it('puts each attachment where its placeholder was', () => {
    const data: Json = ['a', { b: ['c', PH1] }, PH0, PH0];
    const out = reconstructBinary(data, [Uint8Array.of(1), Uint8Array.of(2, 3)]);
    expect(out).toStrictEqual({ data: ['a', { b: ['c', bin(2, 3)] }, bin(1), bin(1)] });
  });

  it('replaces a placeholder that carries extra keys, as socket.io-parser does', () => {
    expect(
      reconstructBinary([{ _placeholder: true, num: 0, extra: 1 }], [Uint8Array.of(5)]).data,
    ).toStrictEqual([bin(5)]);
  });

  it.each<[string, Json]>([
    ['num "splice"', 'splice'],
    ['num 1 with one attachment', 1],
    ['num -1', -1],
    ['num 0.5', 0.5],
    ['num null', null],
    ['num "0"', '0'],
  ])('reports %s as SIO_BAD_PLACEHOLDER and leaves that placeholder alone', (_, num) => {
    const data: Json = [PH0, placeholder(num), { deeper: PH0 }];
    const out = reconstructBinary(data, [Uint8Array.of(9)]);
    expect(out.error?.code).toBe('SIO_BAD_PLACEHOLDER');
    expect(out.error?.message).toContain(JSON.stringify(num));
    expect(out.data).toStrictEqual([bin(9), placeholder(num), { deeper: bin(9) }]);
  });

  it('reports a placeholder without num, and counts the others', () => {
    const out = reconstructBinary([{ _placeholder: true }, placeholder(7), placeholder(8)], []);
    expect(out.error?.code).toBe('SIO_BAD_PLACEHOLDER');
    expect(out.error?.message).toContain('and 2 more');
  });

  it('ignores objects whose _placeholder is not exactly true', () => {
    const data: Json = [
      { _placeholder: 'true', num: 0 },
      { _placeholder: 1, num: 0 },
    ];
    expect(reconstructBinary(data, [Uint8Array.of(1)])).toStrictEqual({ data });
  });

  it('does not modify its input', () => {
    const data: Json = { a: [PH0], b: PH1 };
    const before = structuredClone(data);
    reconstructBinary(data, [Uint8Array.of(1), Uint8Array.of(2)]);
    expect(data).toStrictEqual(before);
  });

  it('keeps a `__proto__` key as an own key and pollutes nothing', () => {
    const data = JSON.parse('{"__proto__":{"polluted":true,"x":{"_placeholder":true,"num":0}}}') as Json;
    const out = reconstructBinary(data, [Uint8Array.of(1)]).data as Record<string, Json>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toStrictEqual({
      polluted: true,
      x: bin(1),
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('survives nesting far deeper than the call stack', () => {
    const depth = 200_000;
    const data = JSON.parse(`${'['.repeat(depth)}{"_placeholder":true,"num":0}${']'.repeat(depth)}`) as Json;
    const out = reconstructBinary(data, [Uint8Array.of(4)]);
    expect(out.error).toBeUndefined();
    let node: Json = out.data;
    for (let i = 0; i < depth; i++) node = (node as Json[])[0] as Json;
    expect(node).toStrictEqual(bin(4));
    expect(deconstructBinary(out.data).attachments).toEqual([Uint8Array.of(4)]);
  });
});

describe('isBinaryJson', () => {
  it.each<[unknown, boolean]>([
    [{ $binary: 'AQ==' }, true],
    [{ $binary: '' }, true],
    [{ $binary: 1 }, false],
    [{ $binary: 'AQ==', other: 1 }, false],
    [[{ $binary: 'AQ==' }], false],
    [null, false],
    ['AQ==', false],
    [Object.create({ $binary: 'AQ==' }), false],
  ])('%j → %s', (value, expected) => {
    expect(isBinaryJson(value)).toBe(expected);
  });
});

/** A slow, recursive oracle: is there a placeholder whose num is not an attachment index? */
function hasBadPlaceholder(value: Json, count: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((v) => hasBadPlaceholder(v, count));
  if (value['_placeholder'] === true) {
    const num = value['num'];
    return !(typeof num === 'number' && Number.isInteger(num) && num >= 0 && num < count);
  }
  return Object.values(value).some((v) => hasBadPlaceholder(v, count));
}

describe('properties', () => {
  it('reconstruct(deconstruct(x)) is x, with one attachment per $binary', () => {
    fc.assert(
      fc.property(binaryJson, (data) => {
        const split = deconstructBinary(data);
        expect(JSON.stringify(split.data)).not.toContain('$binary');
        expect(split.attachments.length).toBe(JSON.stringify(data).split('"$binary"').length - 1);
        expect(reconstructBinary(split.data, split.attachments)).toStrictEqual({ data });
      }),
      { numRuns: 500 },
    );
  });

  it('reconstructBinary never throws on any JSON and any attachments', () => {
    const placeholders = fc.letrec<{ node: Json }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.record({ _placeholder: fc.constant(true), num: fc.jsonValue() as fc.Arbitrary<Json> }),
        fc.jsonValue() as fc.Arbitrary<Json>,
        fc.array(tie('node'), { maxLength: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(placeholders, fc.array(fc.uint8Array(), { maxLength: 3 }), (data, attachments) => {
        const out = reconstructBinary(data, attachments);
        expect(out.error !== undefined).toBe(hasBadPlaceholder(data, attachments.length));
        if (out.error !== undefined) expect(out.error.code).toBe('SIO_BAD_PLACEHOLDER');
      }),
      { numRuns: 500 },
    );
  });
});
