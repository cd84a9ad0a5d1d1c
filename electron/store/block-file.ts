// Fixed-size blocks of an index, paged from a private file so that the index of a session costs the same
// memory at ten records as at ten million (docs/architecture.md §8). The block being filled (the tail)
// lives in a SharedArrayBuffer; once full it is written to the file at its place (block k at
// k * blockBytes) and the tail buffer, zeroed, takes the next block. A snapshot posted to another thread
// stays valid: a block is written once and never changes, and a tail buffer a snapshot holds is not
// taken again (a new one is). Blocks are read back through a small cache. A block the file could not
// take (a full disk) is held in memory instead: nothing is lost.
//
// A reader on another thread (BlockReader over a snapshot) reads the same file by its descriptor, which
// the threads of a process share; the file must stay open until that reader is done.
import { closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { closedError, privateFile, readAt, writeAt } from './file-io';

/** Blocks read back that are kept at once: a page, a filter's block and a text search's hit block. */
const CACHED_BLOCKS = 4;

/** What BlockReader reads: the file's blocks before the tail, the tail, and the blocks held in memory. */
export interface BlockSource {
  readonly fd: number;
  readonly blockBytes: number;
  /** Blocks before the tail (in the file or held). */
  readonly sealed: number;
  readonly tail: SharedArrayBuffer;
  /** Blocks the file could not take, by index. */
  readonly held: ReadonlyMap<number, SharedArrayBuffer>;
}

/** A BlockFile as it is at one moment, for a reader on another thread (posted as is: the buffers are shared). */
export type BlockSnapshot = BlockSource;

export class BlockFile implements BlockSource {
  readonly fd: number;
  private readonly dir: string;
  private tailBuffer: SharedArrayBuffer;
  private sealedCount = 0;
  private readonly heldBlocks = new Map<number, SharedArrayBuffer>();
  /** A snapshot holds the tail buffer: it must not be written again once sealed. */
  private tailLent = false;
  private readonly reader: BlockReader;
  private closed = false;

  /** `dir`: where the private file's folder is made (default: the system's temp folder). */
  constructor(
    readonly blockBytes: number,
    dir: string = tmpdir(),
  ) {
    const made = privateFile(dir, 'index.bin');
    this.fd = made.fd;
    this.dir = made.dir;
    this.tailBuffer = new SharedArrayBuffer(blockBytes);
    this.reader = new BlockReader(this, CACHED_BLOCKS);
  }

  get tail(): SharedArrayBuffer {
    return this.tailBuffer;
  }

  get sealed(): number {
    return this.sealedCount;
  }

  get held(): ReadonlyMap<number, SharedArrayBuffer> {
    return this.heldBlocks;
  }

  /**
   * The tail is full: it goes to the file (or stays in memory if the file cannot take it), and a zeroed
   * tail follows: the same buffer unless something holds it (a snapshot, the held blocks), so a live
   * session makes no garbage of its index.
   */
  seal(): void {
    const k = this.sealedCount;
    let kept = this.tailLent;
    try {
      writeAt(this.fd, new Uint8Array(this.tailBuffer), this.blockBytes, k * this.blockBytes);
    } catch {
      this.heldBlocks.set(k, this.tailBuffer);
      kept = true;
    }
    this.sealedCount++;
    if (kept) this.tailBuffer = new SharedArrayBuffer(this.blockBytes);
    else new Uint8Array(this.tailBuffer).fill(0);
    this.tailLent = false;
  }

  /** Block k (k ≤ sealed), its first `bytes` bytes read: valid until the next read or seal. */
  read(k: number, bytes: number = this.blockBytes): ArrayBufferLike {
    // Its descriptor's number may belong to another file by now.
    if (this.closed) throw closedError();
    return this.reader.read(k, bytes);
  }

  /** The blocks so far; the file must stay open while the snapshot is read. */
  snapshot(): BlockSnapshot {
    this.tailLent = true;
    return {
      fd: this.fd,
      blockBytes: this.blockBytes,
      sealed: this.sealedCount,
      tail: this.tailBuffer,
      held: new Map(this.heldBlocks),
    };
  }

  /** Closes and removes the file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Reads the blocks of a source (a BlockFile, or its snapshot on another thread), keeping the last few read from the file. */
export class BlockReader {
  /** Most recently used first; `loaded`: the bytes of the block read so far. */
  private readonly cache: { k: number; loaded: number; readonly buffer: ArrayBuffer }[] = [];

  constructor(
    private readonly source: BlockSource,
    private readonly cached = 1,
  ) {}

  /** Block k (k ≤ sealed), at least its first `bytes` bytes read: valid until the next read. */
  read(k: number, bytes: number = this.source.blockBytes): ArrayBufferLike {
    const { sealed, blockBytes } = this.source;
    if (k === sealed) return this.source.tail;
    if (k < 0 || k > sealed) throw new RangeError(`block ${k} of ${sealed + 1}`);
    const held = this.source.held.get(k);
    if (held !== undefined) return held;
    const at = this.cache.findIndex((e) => e.k === k);
    let entry = this.cache[at];
    if (entry !== undefined) this.cache.splice(at, 1);
    else if (this.cache.length < this.cached) entry = { k, loaded: 0, buffer: new ArrayBuffer(blockBytes) };
    else {
      entry = this.cache.pop() as { k: number; loaded: number; readonly buffer: ArrayBuffer };
      entry.k = k;
      entry.loaded = 0;
    }
    this.cache.unshift(entry);
    const want = Math.min(bytes, blockBytes);
    if (entry.loaded < want) {
      entry.loaded = 0;
      const got = readAt(this.source.fd, new Uint8Array(entry.buffer), want, k * blockBytes);
      if (got < want)
        throw new Error(
          `the store's index file ended at byte ${k * blockBytes + got}, before the end of block ${k}`,
        );
      entry.loaded = want;
    }
    return entry.buffer;
  }
}
