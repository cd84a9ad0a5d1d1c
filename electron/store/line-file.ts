// The records themselves, kept as their JSON lines in a spool file rather than in the heap: a session
// of ten million records costs none of its text in memory, and lines are read back when a page, a
// record's detail, a search or an export asks for them. The index (line-offsets.ts, one offset per line)
// is paged from a private file of its own in blocks, a few of them in memory. The file is private
// (0600 in a 0700 folder of its own) and removed as soon as it is open where the system allows it, so
// nothing is left behind even when the process is killed; elsewhere it is removed on close.
//
// Appended lines gather in a buffer that goes to the file when it fills: reading a line still in the
// buffer takes it from there, so a line can be read the moment it is pushed.
//
// A live session that is recorded has no file of its own: its lines are indexed where its recording
// (an AppendedFile, the session writer) puts them, so one file holds the session however long it runs.
// A line the recording writes differently (credentials masked) or could not write (a failed disk) is
// kept in memory as it was pushed, and read and searched from there: a few records of a session.
//
// An opened session file is indexed where it is, with no copy: its lines are the records' JSON as the
// store would have written them, so the store "writes" them by checking that the file holds those
// bytes there, a buffer at a time. The first buffer that differs (a blank line, CRLF endings, a line
// that was no record and became an error record, bytes that are not UTF-8) ends that: what was checked
// is copied into a private file, at the same offsets, and the store goes on there as it would have from
// the start. A bad last line (a recording cut short by a crash) is held in memory instead, so the usual
// crash-cut file is still read in place. The file must not change while it is open; if it does, the
// records read back are what it then holds, and a line that no longer parses fails the page asking.
//
// The file descriptors are the process's: a snapshot (the lines so far: the index's blocks and newest
// block in shared memory) lets the analysis worker read the lines it must parse from the file itself
// (LineSnapshotReader) instead of the store holding a second copy of them in memory.
import { closeSync, fstatSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { UserError } from '../../shared/user-error';
import { closedError, privateFile, readAt, writeAt } from './file-io';
import { LineOffsets, OffsetsReader, type OffsetsSnapshot } from './line-offsets';
import type { SearchPool } from './search-pool';
import { findInLines, lineMatches, type TextPattern } from './text-search';

const BUFFER_BYTES = 1 << 20;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;
/** Bytes read at once for a scan: big enough for few reads, small enough to keep a scan interruptible. */
export const SCAN_BYTES = 4 << 20;
const NEWLINE = 0x0a;

/** A file that something else appends lines to, as the session writer does a live recording. */
export interface AppendedFile {
  readonly path: string;
  /** Where the next line goes: bytes appended so far, those still buffered included. */
  readonly offset: number;
  /** Bytes in the file itself. */
  readonly flushed: number;
  /** Appends a line; false when it was dropped (the file failed or was closed). */
  appendLine(line: string): boolean;
  /** Hands what is buffered to the file. */
  flush(): void;
}

/** A file whose lines are indexed where they are (an opened session file), from the line after its first when `afterFirstLine`. */
export interface ExistingFile {
  readonly existing: string;
  readonly afterFirstLine: boolean;
  /** Where the private copy goes if one is needed; default: the system's temp folder. */
  readonly spool?: string;
}

export interface IndexOptions {
  readonly dir?: string | undefined;
  readonly perBlock?: number | undefined;
}

export class LineFile {
  /** The private folder; undefined over an appended or existing file. */
  private dir: string | undefined;
  private readonly appended: AppendedFile | undefined;
  /** Over an existing file still read in place: where a private copy would go. */
  private inPlace: { readonly spool: string } | undefined;
  /** The existing file, once copied: kept open for the workers that may still read it until close. */
  private copiedFrom: number | undefined;
  private path: string;
  private fd: number;
  /** Lines held as pushed because the file has them otherwise or not at all: index → text, indices in order. */
  private readonly kept = new Map<number, string>();
  private readonly keptOrder: number[] = [];
  /** Entry i: byte offset of line i; entry count: one past the last line's newline. */
  private readonly offsets: LineOffsets;
  private count = 0;
  /** Entries 0 and count, kept at hand. */
  private readonly first: number;
  private end: number;
  /** Bytes in the file; the buffer holds the bytes after them. */
  private written = 0;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  /** What a search on this thread reads its span into, reused: a scan is never more than SCAN_BYTES unless one line is. */
  private readonly scratch = Buffer.allocUnsafe(SCAN_BYTES);
  private buffered = 0;
  private chars = 0;
  private closed = false;
  /**
   * Searches whose spans the pool's workers may still be reading, by this file's descriptors: close
   * leaves the file open until they are done, so a descriptor number the system hands out again is never
   * read for one of them.
   */
  private searching = 0;

  /**
   * `source`: a folder to make the private file in (default: the system's temp folder), an appended file
   * or an existing one. `index`: where the index's own file goes (default: the private file's folder, an
   * existing file's spool, or the system's temp folder) and its offsets per block (line-offsets.ts).
   */
  constructor(source: string | AppendedFile | ExistingFile = tmpdir(), index: IndexOptions = {}) {
    let spool = tmpdir();
    if (typeof source === 'string') {
      const made = privateFile(source, 'records.ndjson');
      this.dir = made.dir;
      this.path = made.path;
      this.fd = made.fd;
      spool = source;
    } else if ('existing' in source) {
      spool = source.spool ?? spool;
      this.inPlace = { spool };
      this.path = source.existing;
      this.fd = openSync(this.path, 'r');
      this.written = source.afterFirstLine ? firstLineEnd(this.fd) : 0;
    } else {
      this.appended = source;
      this.path = source.path;
      this.fd = openSync(this.path, 'r');
    }
    // Whatever is in the file before (a header) is not a line of ours.
    this.end = this.first = this.appended?.offset ?? this.written;
    try {
      this.offsets = new LineOffsets(this.end, index.dir ?? spool, index.perBlock);
    } catch (error) {
      closeSync(this.fd);
      this.removeFiles();
      throw error;
    }
  }

  get length(): number {
    return this.count;
  }

  /** UTF-16 code units of JSON held, for the size figures. */
  get size(): number {
    return this.chars;
  }

  /** Bytes of the lines so far, newlines included. */
  get bytes(): number {
    return this.end - this.first;
  }

  /**
   * `line` goes to the file; `shown` (the same line unless given) is what reading it back returns.
   * They differ only over an appended file that masks what it writes.
   */
  push(line: string, shown: string = line): void {
    if (this.appended !== undefined) {
      this.pushAppended(this.appended, line, shown);
      return;
    }
    if (line.length * MAX_BYTES_PER_UNIT + 1 > BUFFER_BYTES - this.buffered) this.flush();
    let n: number;
    if (line.length * MAX_BYTES_PER_UNIT + 1 > BUFFER_BYTES) {
      // A line bigger than the buffer goes straight to the file.
      const bytes = Buffer.from(`${line}\n`, 'utf8');
      this.writeAll(bytes, bytes.length);
      n = bytes.length;
    } else {
      n = this.buffer.write(line, this.buffered, 'utf8');
      this.buffer[this.buffered + n] = NEWLINE;
      n += 1;
      this.buffered += n;
    }
    this.index(n, line.length);
  }

  /**
   * Over an existing file: a line that is not the file's (a bad line's error record), held in memory and
   * taking no bytes. Anything after it no longer matches the file, which is then copied; held as the
   * last line, it leaves the file read in place.
   */
  hold(line: string): void {
    if (this.inPlace === undefined) return this.push(line);
    this.kept.set(this.count, line);
    this.keptOrder.push(this.count);
    this.index(0, line.length);
  }

  /** Lines are read where an opened file has them (not copied, so far). */
  get readInPlace(): boolean {
    return this.inPlace !== undefined;
  }

  /** `path` is the file read in place (writing it would change what is read). */
  readsFrom(path: string): boolean {
    if (this.inPlace === undefined || this.closed) return false;
    try {
      const there = statSync(path);
      const mine = fstatSync(this.fd);
      return there.dev === mine.dev && there.ino === mine.ino;
    } catch {
      return false;
    }
  }

  private pushAppended(file: AppendedFile, line: string, shown: string): void {
    const start = file.offset;
    const written = file.appendLine(line);
    if (!written || shown !== line) {
      this.kept.set(this.count, shown);
      this.keptOrder.push(this.count);
    }
    // A line the file dropped takes no bytes: it is read from `kept` alone.
    this.index(written ? file.offset - start : 0, shown.length);
  }

  /** The next line took `bytes` bytes of the file and is `units` UTF-16 units long. */
  private index(bytes: number, units: number): void {
    this.end += bytes;
    this.offsets.push(this.end);
    this.count++;
    this.chars += units + 1;
  }

  line(index: number): string | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.lines(index, index + 1)[0];
  }

  /** Lines [from, to), read with one read from the file (lines held in memory between them). */
  lines(from: number, to: number): string[] {
    const end = Math.min(to, this.count);
    if (from >= end) return [];
    if (this.keptOrder.length === 0) return this.fileLines(from, end);
    const out: string[] = [];
    let at = from;
    for (let k = this.firstKept(from); at < end; k++) {
      const held = this.keptOrder[k];
      const next = held !== undefined && held < end ? held : end;
      if (next > at) for (const line of this.fileLines(at, next)) out.push(line);
      if (next === end) break;
      out.push(this.kept.get(next) ?? '');
      at = next + 1;
    }
    return out;
  }

  private fileLines(from: number, end: number): string[] {
    const text = this.text(this.start(from), this.start(end));
    const out = text.split('\n');
    out.pop();
    return out;
  }

  /** Index in keptOrder of the first held line at or after `line`. */
  private firstKept(line: number): number {
    let lo = 0;
    let hi = this.keptOrder.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.keptOrder[mid] ?? 0) < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The bytes [start, end) as text; end is the end of a line. */
  text(start: number, end: number): string {
    return this.read(start, end).toString('utf8');
  }

  /** Line index of the line starting at or containing byte `offset` (binary search). */
  lineAt(offset: number): number {
    return this.offsets.lastAtMost(offset, this.count + 1);
  }

  /** Byte offset of line `index` (index = length: the end). */
  start(index: number): number {
    if (index >= this.count) return this.end;
    return index <= 0 ? this.first : this.offsets.at(index);
  }

  /**
   * The lines in [from, to) whose text contains the pattern (text-search.ts), in order. The part in the
   * file is searched by `pool`'s workers when given (on this thread if one fails), the part not yet
   * written on this thread; lines held in memory are what reading returns, whatever the file says there.
   */
  async find(pattern: TextPattern, from: number, to: number, pool?: SearchPool): Promise<number[]> {
    const end = Math.min(to, this.count);
    if (from >= end) return [];
    const base = this.start(from);
    const stop = this.start(end);
    // An appended file's newest lines may still be in its writer's buffer.
    if (this.appended !== undefined && stop > this.appended.flushed) this.appended.flush();
    let inFile = Math.min(stop, this.appended?.flushed ?? this.written);
    if (inFile < stop) inFile = Math.max(base, this.start(this.lineAt(inFile)));
    // What is not in the file yet is taken now, before anything is appended meanwhile.
    const tail = inFile < stop ? findInLines(pattern, this.read(inFile, stop)) : [];
    let found: ArrayLike<number> = [];
    if (inFile > base) {
      this.searching++;
      try {
        // A span whose worker failed is searched here; no worker at all (its bundle is missing) fails
        // the search, as it does an analysis, rather than leave every search slow without a word.
        const searched = await pool?.find(this.fd, base, inFile, pattern).catch((error: unknown) => {
          if (error instanceof UserError) throw error;
          return undefined;
        });
        if (this.closed) throw closedError();
        found = searched ?? findInLines(pattern, this.read(base, inFile, this.scratch));
      } finally {
        if (--this.searching === 0 && this.closed) this.release();
      }
    }
    const lines: number[] = [];
    let line = from;
    // Offsets and lines both ascend: one walk along the line starts places every offset.
    const place = (offset: number): void => {
      while (line + 1 < end && this.offsets.at(line + 1) <= offset) line++;
      if (lines[lines.length - 1] !== line) lines.push(line);
    };
    for (let i = 0; i < found.length; i++) place(base + (found[i] ?? 0));
    for (const offset of tail) place(inFile + offset);
    return this.keptFound(pattern, from, end, lines);
  }

  /** `lines` (found in [from, end) of the file) with the held lines in that range judged by their own text. */
  private keptFound(pattern: TextPattern, from: number, end: number, lines: number[]): number[] {
    const first = this.firstKept(from);
    if ((this.keptOrder[first] ?? end) >= end) return lines;
    const held = new Set<number>();
    const matched: number[] = [];
    for (let k = first; k < this.keptOrder.length; k++) {
      const index = this.keptOrder[k] ?? end;
      if (index >= end) break;
      held.add(index);
      if (lineMatches(pattern, this.kept.get(index) ?? '')) matched.push(index);
    }
    return [...lines.filter((l) => !held.has(l)), ...matched].sort((a, b) => a - b);
  }

  /** The lines from `from` on that a scan of about SCAN_BYTES covers: at least one line. */
  scanEnd(from: number, to: number = this.count): number {
    const limit = this.start(from) + SCAN_BYTES;
    return Math.min(to, Math.max(from + 1, this.lineAt(limit)));
  }

  /**
   * The lines so far, for a reader on another thread: everything is in the file first. `kept` holds the
   * lines held in memory that `wanted` asks for (the reader reads only those). The file must stay
   * open while the snapshot is read.
   */
  snapshot(wanted: (index: number) => boolean): LinesSnapshot {
    if (this.appended !== undefined) {
      if (this.appended.flushed < this.start(this.count)) this.appended.flush();
    } else this.flush();
    const kept = new Map<number, string>();
    for (const index of this.keptOrder) if (wanted(index)) kept.set(index, this.kept.get(index) ?? '');
    return { fd: this.fd, count: this.count, offsets: this.offsets.snapshot(), kept };
  }

  /**
   * Closes the file, once the searches reading it are done (they then fail); removes it when it is the
   * private one (a recording stays). Nothing is read from it after.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.offsets.close();
    if (this.searching === 0) this.release();
  }

  private release(): void {
    closeSync(this.fd);
    if (this.copiedFrom !== undefined) closeSync(this.copiedFrom);
    this.removeFiles();
  }

  /** Into `into` when it is big enough (its start is returned), else into a new buffer. */
  private read(start: number, end: number, into?: Buffer): Buffer {
    if (this.closed) throw closedError();
    const out =
      into !== undefined && into.length >= end - start
        ? into.subarray(0, end - start)
        : Buffer.allocUnsafe(end - start);
    // An appended file's newest lines may still be in its writer's buffer.
    if (this.appended !== undefined && end > this.appended.flushed) this.appended.flush();
    const inFile = this.appended?.flushed ?? this.written;
    // The part in the file.
    const fromFile = Math.max(0, Math.min(end, inFile) - start);
    const got = readAt(this.fd, out, fromFile, start);
    if (got < fromFile) throw new Error(`the record store's file ended at byte ${start + got} of ${inFile}`);
    const at = start + fromFile;
    if (at < end && this.appended !== undefined)
      throw new Error(`the recording ${this.path} holds ${inFile} bytes, not the ${end} its lines need`);
    // The part still in the buffer.
    if (at < end) this.buffer.copy(out, at - start, at - this.written, end - this.written);
    return out;
  }

  private flush(): void {
    if (this.buffered === 0) return;
    this.writeAll(this.buffer, this.buffered);
    this.buffered = 0;
  }

  private writeAll(bytes: Buffer, length: number): void {
    if (this.inPlace !== undefined) {
      if (this.holds(bytes, length)) {
        this.written += length;
        return;
      }
      this.copyOut(this.inPlace.spool);
    }
    writeAt(this.fd, bytes, length, this.written);
    this.written += length;
  }

  /** The existing file holds `bytes` where the next lines go. */
  private holds(bytes: Buffer, length: number): boolean {
    const there =
      length <= this.scratch.length ? this.scratch.subarray(0, length) : Buffer.allocUnsafe(length);
    return readAt(this.fd, there, length, this.written) === length && there.equals(bytes.subarray(0, length));
  }

  /**
   * The existing file stops matching: the lines checked so far are copied into a private file, at the
   * same offsets (what comes before them is a hole, no disk), and the store goes on there.
   */
  private copyOut(spool: string): void {
    const made = privateFile(spool, 'records.ndjson');
    const from = this.start(0);
    for (let at = from; at < this.written;) {
      const n = readSync(this.fd, this.scratch, 0, Math.min(SCAN_BYTES, this.written - at), at);
      if (n === 0)
        throw new Error(`${this.path} ended at byte ${at}, before the ${this.written} its lines need`);
      writeAt(made.fd, this.scratch, n, at);
      at += n;
    }
    this.inPlace = undefined;
    this.copiedFrom = this.fd;
    this.fd = made.fd;
    this.path = made.path;
    this.dir = made.dir;
  }

  private removeFiles(): void {
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A LineFile's lines as a snapshot gives them: line i is bytes [offsets i, offsets i + 1) of `fd`, newline included. */
export interface LinesSnapshot {
  readonly fd: number;
  readonly count: number;
  readonly offsets: OffsetsSnapshot;
  /** Lines read from memory instead, by index. */
  readonly kept: ReadonlyMap<number, string>;
}

/** Bytes read at once by a snapshot reader: lines near each other come from one read. */
const BLOCK_BYTES = 256 << 10;

/**
 * Reads a snapshot's lines, from any thread, for lines asked in increasing order mostly: each read
 * fills a block from the line asked on, so the next lines near it come from memory.
 */
export class LineSnapshotReader {
  private block = Buffer.alloc(0);
  /** The block holds bytes [blockStart, blockStart + filled) of the file. */
  private blockStart = 0;
  private filled = 0;
  private readonly offsets: OffsetsReader;

  constructor(private readonly lines: LinesSnapshot) {
    this.offsets = new OffsetsReader(lines.offsets);
  }

  line(index: number): string {
    const held = this.lines.kept.get(index);
    if (held !== undefined) return held;
    if (index < 0 || index >= this.lines.count) throw new RangeError(`line ${index} of ${this.lines.count}`);
    const start = this.offsets.at(index);
    // Without its newline.
    const end = this.offsets.at(index + 1) - 1;
    if (end <= start) return '';
    if (start < this.blockStart || end > this.blockStart + this.filled) this.fill(start, end);
    return this.block.toString('utf8', start - this.blockStart, end - this.blockStart);
  }

  private fill(start: number, end: number): void {
    const length = Math.max(BLOCK_BYTES, end - start);
    if (this.block.length < length) this.block = Buffer.allocUnsafe(length);
    const read = readAt(this.lines.fd, this.block, length, start);
    this.blockStart = start;
    this.filled = read;
    if (read < end - start)
      throw new Error(`the store's file ended at byte ${start + read}, before byte ${end}`);
  }
}

/** Byte offset just past the first newline of `fd` (its end when it has none). */
function firstLineEnd(fd: number): number {
  const chunk = Buffer.allocUnsafe(64 << 10);
  for (let at = 0; ;) {
    const n = readSync(fd, chunk, 0, chunk.length, at);
    if (n === 0) return at;
    const newline = chunk.subarray(0, n).indexOf(NEWLINE);
    if (newline !== -1) return at + newline + 1;
    at += n;
  }
}
