import { describe, expect, it } from 'vitest';
import { LruCache } from '../../../../renderer/state/lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used entry past capacity', () => {
    const c = new LruCache<number, string>(2);
    c.set(1, 'a');
    c.set(2, 'b');
    c.get(1);
    c.set(3, 'c');
    expect(c.keys()).toEqual([1, 3]);
    expect(c.get(2)).toBeUndefined();
  });

  it('peek does not refresh an entry', () => {
    const c = new LruCache<number, string>(2);
    c.set(1, 'a');
    c.set(2, 'b');
    expect(c.peek(1)).toBe('a');
    c.set(3, 'c');
    expect(c.has(1)).toBe(false);
  });

  it('re-setting a key moves it to the newest place without growing', () => {
    const c = new LruCache<string, number>(3);
    c.set('a', 1);
    c.set('b', 2);
    c.set('a', 3);
    expect(c.size).toBe(2);
    expect(c.keys()).toEqual(['b', 'a']);
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});
