import { describe, expect, it } from 'vitest';
import { binaryValues } from '../../../../../renderer/components/detail/binary-values';
import { hexLines, offsetLabel } from '../../../../../renderer/components/detail/hex-dump';

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

describe('hex dump', () => {
  it('writes 16 bytes a line with printable ASCII and stops at the limit', () => {
    const bytes = new Uint8Array(40).map((_, i) => (i === 0 ? 0x41 : i));
    const lines = hexLines(bytes, 32);
    expect(lines).toHaveLength(2);
    expect(lines[0]?.hex.slice(0, 2)).toEqual(['41', '01']);
    expect(lines[0]?.ascii.slice(0, 2)).toEqual(['A', '·']);
    expect(offsetLabel(lines[1]?.offset ?? 0)).toBe('000010');
  });
});
