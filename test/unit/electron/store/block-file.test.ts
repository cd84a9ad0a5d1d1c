import { execFileSync } from 'node:child_process';
import { ftruncateSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlockFile, BlockReader } from '../../../../electron/store/block-file';
import { tempDir } from '../../../support/temp-dir';

const BLOCK = 4096;
const parent = tempDir('block-file-test');

/** Block k's bytes: each byte says its block and place, so a block read from the wrong place shows. */
function fill(buffer: ArrayBufferLike, k: number): void {
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (k * 31 + i) & 0xff;
}

function holds(buffer: ArrayBufferLike, k: number, length = BLOCK): boolean {
  const bytes = new Uint8Array(buffer, 0, length);
  return bytes.every((b, i) => b === ((k * 31 + i) & 0xff));
}

/** A file of `blocks` sealed blocks and a tail filled as block `blocks`. */
function filled(blocks: number): BlockFile {
  const file = new BlockFile(BLOCK, parent);
  for (let k = 0; k < blocks; k++) {
    fill(file.tail, k);
    file.seal();
  }
  fill(file.tail, blocks);
  return file;
}

describe('BlockFile', () => {
  it('reads back every block, from the file through its cache and the tail from memory', () => {
    const file = filled(9);
    try {
      expect(file.sealed).toBe(9);
      // Forwards, backwards and repeated: more blocks than the cache keeps.
      for (const k of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 0, 5, 5, 9, 1])
        expect(holds(file.read(k), k)).toBe(true);
      // A read of a block's first part, then of all of it.
      expect(holds(file.read(7, 100), 7, 100)).toBe(true);
      expect(holds(file.read(7), 7)).toBe(true);
      expect(() => file.read(10)).toThrow(RangeError);
    } finally {
      file.close();
    }
  });

  it('starts each tail zeroed, in the same buffer while no snapshot holds it', () => {
    const file = filled(1);
    const tail = file.tail;
    file.seal();
    try {
      expect(file.tail).toBe(tail);
      expect(new Uint8Array(file.tail).every((b) => b === 0)).toBe(true);
      file.snapshot();
      file.seal();
      expect(file.tail).not.toBe(tail);
    } finally {
      file.close();
    }
  });

  it('gives a snapshot that stays as it was while blocks are sealed after it', () => {
    const file = filled(3);
    try {
      const snapshot = file.snapshot();
      const reader = new BlockReader(snapshot);
      for (let k = 3; k < 8; k++) {
        fill(file.tail, k);
        file.seal();
      }
      // The snapshot's tail is block 3, as it was when taken, though the file has it now too.
      for (const k of [0, 1, 2, 3, 1]) expect(holds(reader.read(k), k)).toBe(true);
      expect(() => reader.read(4)).toThrow(RangeError);
    } finally {
      file.close();
    }
  });

  it('fails a read of a block the file no longer holds in one line', () => {
    const file = filled(3);
    try {
      ftruncateSync(file.fd, BLOCK + 10);
      expect(holds(file.read(0), 0)).toBe(true);
      expect(() => file.read(1)).toThrow(
        new Error(`the store's index file ended at byte ${BLOCK + 10}, before the end of block 1`),
      );
      expect(() => new BlockReader(file.snapshot()).read(2)).toThrow(
        new Error(`the store's index file ended at byte ${2 * BLOCK}, before the end of block 2`),
      );
    } finally {
      file.close();
    }
  });

  it('leaves no file behind in its folder while open, nor after close', () => {
    const file = filled(2);
    if (process.platform !== 'win32') expect(readdirSync(parent)).toStrictEqual([]);
    file.close();
    expect(readdirSync(parent)).toStrictEqual([]);
  });

  // A process whose files may not grow past 10 KB (`ulimit -f`): the third block fails to be written.
  it.skipIf(process.platform === 'win32')(
    'keeps a block the file cannot take in memory, and reads it from there',
    () => {
      const source = join(import.meta.dirname, '../../../../electron/store/block-file.ts');
      const script = `
      import { BlockFile, BlockReader } from ${JSON.stringify(source)};
      const file = new BlockFile(${BLOCK}, ${JSON.stringify(parent)});
      const fill = (b, k) => { const u = new Uint8Array(b); for (let i = 0; i < u.length; i++) u[i] = (k * 31 + i) & 0xff; };
      const holds = (b, k) => new Uint8Array(b).every((x, i) => x === ((k * 31 + i) & 0xff));
      for (let k = 0; k < 5; k++) { fill(file.tail, k); file.seal(); }
      const reader = new BlockReader(file.snapshot());
      const read = [0, 1, 2, 3, 4].map((k) => holds(file.read(k), k) && holds(reader.read(k), k));
      console.log(JSON.stringify({ held: [...file.held.keys()], read }));
      file.close();
    `;
      const out = execFileSync(
        'bash',
        ['-c', 'ulimit -f 10 && exec node --import tsx --input-type=module -e "$0"', script],
        { encoding: 'utf8' },
      );
      expect(JSON.parse(out)).toEqual({ held: [2, 3, 4], read: [true, true, true, true, true] });
    },
  );
});
