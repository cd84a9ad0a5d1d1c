import { describe, expect, it } from 'vitest';
import { binaryValues } from '../../../../../renderer/components/detail/binary-values';

describe('binary values of a record', () => {
  it('finds every $binary with its path, in order', () => {
    const values = binaryValues(['a', { file: { $binary: 'aGVsbG8=' } }, [{ $binary: 'AA==' }]], 'args');
    expect(values.map((v) => [v.path, v.bytes.length])).toEqual([
      ['args[1].file', 5],
      ['args[2][0]', 1],
    ]);
  });

  it('leaves objects with more keys and bad base64 alone', () => {
    expect(binaryValues([{ $binary: 'AA==', name: 'x' }, { $binary: '!!' }], 'args')).toEqual([]);
    expect(binaryValues(undefined, 'data')).toEqual([]);
  });
});
