import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineOffsets, OffsetsReader } from '../../../../electron/store/line-offsets';
import { tempDir } from '../../../support/temp-dir';

const parent = tempDir('line-offsets-test');
const PER_BLOCK = 8;

/** Ascending offsets with repeats (lines of no bytes, as held lines take) and gaps of every size. */
function offsets(count: number): number[] {
  const out = [100];
  for (let i = 1; i < count; i++) out.push((out[i - 1] ?? 0) + (i % 5 === 0 ? 0 : (i * 7) % 13));
  return out;
}

/** The naive answer: the last index in [0, below) whose offset is at most `offset`. */
function lastAtMost(all: readonly number[], offset: number, below = all.length): number {
  let found = 0;
  for (let i = 0; i < below; i++) if ((all[i] ?? 0) <= offset) found = i;
  return found;
}

describe('LineOffsets', () => {
  it('gives back every entry, across block boundaries, from the file and from the block being filled', () => {
    const all = offsets(PER_BLOCK * 12 + 3);
    const index = new LineOffsets(all[0] ?? 0, parent, PER_BLOCK);
    try {
      for (const offset of all.slice(1)) index.push(offset);
      expect(index.length).toBe(all.length);
      expect(Array.from({ length: all.length }, (_, i) => index.at(i))).toStrictEqual(all);
      // Backwards, and jumping between blocks.
      for (const i of [all.length - 1, 0, 57, 8, 7, 95, 16]) expect(index.at(i)).toBe(all[i]);
    } finally {
      index.close();
    }
  });

  it('finds the last entry at most an offset, as a scan of them all does', () => {
    const all = offsets(PER_BLOCK * 9 + 5);
    const index = new LineOffsets(all[0] ?? 0, parent, PER_BLOCK);
    try {
      for (const offset of all.slice(1)) index.push(offset);
      const last = all.at(-1) ?? 0;
      for (let offset = 90; offset <= last + 10; offset++) {
        expect(index.lastAtMost(offset)).toBe(lastAtMost(all, offset));
        expect(index.lastAtMost(offset, 30)).toBe(lastAtMost(all, offset, 30));
        expect(index.lastAtMost(offset, 1)).toBe(0);
      }
    } finally {
      index.close();
    }
  });

  it('gives a snapshot that reads as it was while entries go on being pushed', () => {
    const all = offsets(PER_BLOCK * 6 + 4);
    const index = new LineOffsets(all[0] ?? 0, parent, PER_BLOCK);
    try {
      for (const offset of all.slice(1, PER_BLOCK * 3 + 2)) index.push(offset);
      const snapshot = index.snapshot();
      const taken = index.length;
      // Past the snapshot's block being filled, into blocks after it.
      for (const offset of all.slice(PER_BLOCK * 3 + 2)) index.push(offset);
      const reader = new OffsetsReader(snapshot);
      expect(Array.from({ length: taken }, (_, i) => reader.at(i))).toStrictEqual(all.slice(0, taken));
      // The store's own reads go on seeing every entry, the tail's buffer taken again after it filled.
      expect(Array.from({ length: all.length }, (_, i) => index.at(i))).toStrictEqual(all);
    } finally {
      index.close();
    }
  });

  it('fails a read after close instead of reading a descriptor the system may have handed out again', () => {
    const index = new LineOffsets(0, parent, PER_BLOCK);
    for (let i = 1; i < PER_BLOCK * 3; i++) index.push(i);
    index.close();
    expect(() => index.at(1)).toThrow('the record store was closed');
    expect(readdirSync(parent)).toStrictEqual([]);
  });
});
