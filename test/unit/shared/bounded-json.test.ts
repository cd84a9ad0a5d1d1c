import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTooDeep, parseJson, stringifyJson } from '../../../shared/bounded-json';
import { MAX_JSON_DEPTH } from '../../../shared/limits';
import { recordLine, type SessionRecord } from '../../../shared/record';

const nested = (depth: number, open = '[', close = ']'): string => open.repeat(depth) + close.repeat(depth);

describe('parseJson', () => {
  it('parses what JSON.parse parses, within the depth limit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 20 }), (value) => {
        const text = JSON.stringify(value);
        expect(parseJson(text)).toStrictEqual({ value: JSON.parse(text) as unknown });
      }),
    );
  });

  it('takes MAX_JSON_DEPTH levels and refuses one more, arrays and objects alike', () => {
    expect(parseJson(nested(MAX_JSON_DEPTH))).toHaveProperty('value');
    const tooDeep = parseJson(nested(MAX_JSON_DEPTH + 1));
    expect(isTooDeep(tooDeep)).toBe(true);
    const objects = `${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`;
    expect(isTooDeep(parseJson(objects))).toBe(true);
  });

  it('refuses a million levels without throwing', () => {
    expect(isTooDeep(parseJson(nested(1_000_000)))).toBe(true);
  });

  it('skips brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify(['x', '\\"'.concat('['.repeat(10_000))]);
    expect(parseJson(text)).toStrictEqual({ value: JSON.parse(text) as unknown });
  });

  it('says what is wrong with text that is not JSON', () => {
    const parsed = parseJson('{"a":');
    expect(isTooDeep(parsed)).toBe(false);
    expect(parsed).toHaveProperty('error');
  });
});

describe('stringifyJson', () => {
  it('returns undefined for what JSON.stringify throws on', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(stringifyJson(cyclic)).toBeUndefined();
    expect(stringifyJson(JSON.parse(nested(100_000)))).toBeUndefined();
    expect(stringifyJson({ a: 1 })).toBe('{"a":1}');
  });
});

describe('recordLine', () => {
  it('writes a record it cannot serialise as its scalar fields and an error', () => {
    const record = {
      t: 5,
      conn: 'c1',
      frame: 3,
      dir: 'in',
      transport: 'websocket',
      size: 10,
      eio: { type: 'message', data: JSON.parse(nested(100_000)) as never },
    } as SessionRecord;
    expect(JSON.parse(recordLine(record))).toStrictEqual({
      t: 5,
      conn: 'c1',
      frame: 3,
      dir: 'in',
      transport: 'websocket',
      size: 10,
      error: {
        code: 'JSON_TOO_DEEP',
        message: 'JSON nested too deeply: the record could not be written as JSON',
      },
    });
  });
});
