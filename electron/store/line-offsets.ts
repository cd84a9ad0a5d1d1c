// The byte offsets of a LineFile's lines (line-file.ts): entry i is where line i starts, entry `length`
// one past the last line's newline. They are kept in blocks of a fixed number of entries (block-file.ts),
// the block being filled in shared memory and the others in a private file, so a session's index costs
// the same memory at ten lines as at ten million. Each block's first entry stays in memory too, for
// finding the line at a byte offset with a binary search that reads one block.
import { closedError } from './file-io';
import { BlockFile, BlockReader, type BlockSnapshot, type BlockSource } from './block-file';

/** Entries per block: a block of 512 KB. */
export const OFFSETS_PER_BLOCK = 1 << 16;

/** A LineOffsets' entries so far, for a reader on another thread (OffsetsReader). */
export interface OffsetsSnapshot {
  readonly perBlock: number;
  readonly blocks: BlockSnapshot;
}

export class LineOffsets {
  /** firsts[k]: block k's first entry. */
  private readonly firsts: number[] = [];
  private readonly file: BlockFile;
  private readonly reader: OffsetsReader;
  private entries = 0;
  private closed = false;

  /** `first`: entry 0. `dir`: where the blocks' private file goes (default: the system's temp folder). */
  constructor(
    first: number,
    dir?: string,
    readonly perBlock: number = OFFSETS_PER_BLOCK,
  ) {
    if (perBlock <= 0) throw new RangeError(`${perBlock} entries per block`);
    this.file = new BlockFile(perBlock * Float64Array.BYTES_PER_ELEMENT, dir);
    this.reader = new OffsetsReader({ perBlock, blocks: this.file });
    this.push(first);
  }

  /** Entries held: lines + 1. */
  get length(): number {
    return this.entries;
  }

  push(offset: number): void {
    const i = this.entries++;
    const j = i % this.perBlock;
    if (j === 0) {
      if (i > 0) this.file.seal();
      this.firsts.push(offset);
    }
    this.reader.tail()[j] = offset;
  }

  /** Entry i (0 ≤ i < length). */
  at(i: number): number {
    // Its descriptor's number may belong to another file by now.
    if (this.closed) throw closedError();
    return this.reader.at(i);
  }

  /** The last i in [0, below) whose entry is at most `offset` (0 when there is none). */
  lastAtMost(offset: number, below: number = this.entries): number {
    // The block: the last whose first entry is at most `offset`.
    let lo = 0;
    let hi = Math.min(this.firsts.length, Math.ceil(below / this.perBlock)) - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.firsts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    // Within it.
    let first = lo * this.perBlock;
    let last = Math.min(below, first + this.perBlock) - 1;
    while (first < last) {
      const mid = (first + last + 1) >> 1;
      if (this.at(mid) <= offset) first = mid;
      else last = mid - 1;
    }
    return first;
  }

  snapshot(): OffsetsSnapshot {
    return { perBlock: this.perBlock, blocks: this.file.snapshot() };
  }

  /** Closes and removes the blocks' file. */
  close(): void {
    this.closed = true;
    this.file.close();
  }
}

/**
 * Reads a snapshot's entries (or a LineOffsets' own), from any thread, for entries asked near each other
 * mostly: the last block read is asked again without a look-up.
 */
export class OffsetsReader {
  private readonly reader: BlockReader;
  /** The last block read before the tail, and its entries. */
  private lastBlock = -1;
  private lastEntries: Float64Array<ArrayBufferLike> = new Float64Array(0);
  /** The tail's entries: its buffer may take the next block once sealed. */
  private tailEntries: Float64Array<ArrayBufferLike> = new Float64Array(0);

  constructor(private readonly offsets: { readonly perBlock: number; readonly blocks: BlockSource }) {
    this.reader = new BlockReader(offsets.blocks, 2);
  }

  /** Entry i (within the snapshot). */
  at(i: number): number {
    const { perBlock, blocks } = this.offsets;
    const k = Math.floor(i / perBlock);
    if (k === blocks.sealed) return this.tail()[i - k * perBlock] ?? 0;
    if (k !== this.lastBlock) {
      this.lastEntries = new Float64Array(this.reader.read(k));
      this.lastBlock = k;
    }
    return this.lastEntries[i - k * perBlock] ?? 0;
  }

  /** The entries of the block being filled. */
  tail(): Float64Array<ArrayBufferLike> {
    const buffer = this.offsets.blocks.tail;
    if (this.tailEntries.buffer !== buffer) this.tailEntries = new Float64Array(buffer);
    return this.tailEntries;
  }
}
