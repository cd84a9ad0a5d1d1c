import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BoundedBody } from '../../../../electron/engine/bounded-body';

const body = (limit: number, ...chunks: Buffer[]): BoundedBody => {
  const b = new BoundedBody(limit);
  for (const chunk of chunks) b.push(chunk);
  return b;
};

describe('BoundedBody', () => {
  it('gives the body back as received, or inflated per its encoding', () => {
    const text = Buffer.from('4{"a":1}'.repeat(100));
    expect(body(10_000, text.subarray(0, 10), text.subarray(10)).read()).toEqual({ bytes: text });
    for (const [encoding, packed] of [
      ['gzip', gzipSync(text)],
      ['deflate', deflateSync(text)],
      ['br', brotliCompressSync(text)],
    ] as const)
      expect(body(10_000, packed).read(encoding)).toEqual({ bytes: text });
  });

  it('holds nothing past the limit, and says by how much it went over', () => {
    const b = new BoundedBody(1000);
    expect(b.push(Buffer.alloc(600))).toBe(true);
    expect(b.push(Buffer.alloc(600))).toBe(false);
    expect(b.push(Buffer.alloc(600))).toBe(false);
    expect(b.received).toBe(1800);
    expect(b.read()).toEqual({ error: '1800 bytes over the 1000-byte limit', tooLarge: true });
  });

  it('inflates a bomb only as far as the limit', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(body(1024 * 1024, bomb).read('gzip')).toMatchObject({ tooLarge: true });
  });

  it('keeps a body that does not inflate as it came, saying why', () => {
    const read = body(1000, Buffer.from('not gzip')).read('gzip');
    expect(read).toMatchObject({ tooLarge: false, raw: Buffer.from('not gzip') });
    expect('error' in read && read.error).toMatch(/^cannot decode gzip body: /);
  });
});
