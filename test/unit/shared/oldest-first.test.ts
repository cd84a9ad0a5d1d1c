import { describe, expect, it } from 'vitest';
import { OldestFirst } from '../../../shared/oldest-first';

describe('OldestFirst', () => {
  it('takes a Map’s entries oldest first, one taken and added again going to the back', () => {
    const map = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const line = new OldestFirst(() => map.keys());
    const first = line.take();
    expect(first).toBe('a');
    map.delete('a');
    map.set('a', 1);
    const taken: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const key = line.take();
      taken.push(key);
      if (key !== undefined) map.delete(key);
    }
    expect(taken).toEqual(['b', 'c', 'a']);
    expect(line.take()).toBeUndefined();
  });

  it('sees entries added after it reached the end, and skips those deleted before it got to them', () => {
    const set = new Set<number>();
    const line = new OldestFirst(() => set.values());
    expect(line.take()).toBeUndefined();
    for (let i = 0; i < 100_000; i++) set.add(i);
    // Deleted ahead of it, and taken from the front, as a decoder's undecided connections are.
    for (let i = 0; i < 100_000; i += 2) set.delete(i);
    const taken: number[] = [];
    for (let n = line.take(); n !== undefined; n = line.take()) {
      set.delete(n);
      taken.push(n);
      if (n === 99_999) set.add(-1);
    }
    expect(taken).toHaveLength(50_001);
    expect(taken.slice(0, 3)).toEqual([1, 3, 5]);
    expect(taken.at(-1)).toBe(-1);
    expect(set.size).toBe(0);
  });
});
