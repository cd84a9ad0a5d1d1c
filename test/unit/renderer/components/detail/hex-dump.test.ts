import { describe, expect, it } from 'vitest';
import { hexLines, offsetLabel } from '../../../../../renderer/components/detail/hex-dump';

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
