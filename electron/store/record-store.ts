// One session's records on the Node side (docs/architecture.md §8): appended as they come, paged in by index,
// filtered where they are. Records are held as JSON lines in a file (line-file.ts), indexed by their
// offsets, plus compact columns (record-columns.ts), both paged from files of their own; a filter tests
// the columns, and a text search reads the file on worker threads (search-pool.ts) and tests the
// columns of the lines found. A filter over millions of records answers in slices: each call scans for
// about FILTER_SLICE_MS and says where it stopped, so partial results show as they come and a filter
// nobody waits for any more is simply not asked for again. What the analyses read is shared with the
// analysis worker, never copied: the index's files and its newest blocks in shared memory, and the
// records' file itself, from which it reads the JSON of the few records it must parse. A connection,
// namespace or event name past the columns' intern caps (string-table.ts) is tested by reading the
// records that have such a value from the file.
import type { FilterResult, RecordFilter } from '../../shared/bridge/api';
import { MAX_LISTED_CONNECTIONS } from '../../shared/limits';
import { isLifecycle, recordLine, type SessionRecord } from '../../shared/record';
import { lightType, type AnalysisInput } from './analysis-records';
import { LineFile, type AppendedFile, type IndexOptions } from './line-file';
import {
  DIR_IN,
  DIR_OUT,
  EIO_CODES,
  FLAG_ERROR,
  FLAG_HEARTBEAT,
  RecordColumns,
  SIO_CODES,
  type ColumnBlock,
  type InternCaps,
} from './record-columns';
import { searchPool, type SearchPool } from './search-pool';
import { NOT_INTERNED, type StringTable } from './string-table';
import { textPattern, type TextPattern } from './text-search';

/** How long one filter call scans before it answers with what it found so far. */
export const FILTER_SLICE_MS = 100;
/**
 * Records' bytes past which the search workers are started, ahead of a first search that would wait
 * for them (a worker takes about half a second to start); a smaller session, searched in milliseconds,
 * starts none until it is searched.
 */
const WARM_BYTES = 1 << 20;
/** Column tests between two looks at the clock, at least. */
const CLOCK_EVERY = 1 << 16;

/** A live session's recording as the store indexes it: its session writer. */
export interface RecordingFile extends AppendedFile {
  /** The record as the recording writes it: itself, or a copy with its credentials masked. */
  written(record: SessionRecord): SessionRecord;
}

export interface RecordStoreOptions {
  /** Where the records' file goes (a private folder of its own is made in it); default: the system's temp folder. */
  readonly dir?: string;
  /** Who searches text; default: the process's pool of search workers. */
  readonly pool?: SearchPool;
  /** Records per block of the index: the columns (record-columns.ts) and the line offsets (line-offsets.ts). */
  readonly perBlock?: number;
  /** Distinct strings the columns intern; default: shared/limits.ts. */
  readonly intern?: InternCaps;
  /** Connections `connections` lists at most; default MAX_LISTED_CONNECTIONS. */
  readonly listedConnections?: number;
}

/** How many connections a store's records name: `atLeast`, more than it could count. */
export interface ConnectionCount {
  readonly count: number;
  readonly atLeast: boolean;
}

export class RecordStore {
  private lines: LineFile;
  private recording: RecordingFile | undefined;
  private readonly columns: RecordColumns;
  private readonly pool: SearchPool;
  /** What the last text search handed to the workers beyond where its slice stopped. */
  private ahead: SearchAhead | undefined;
  /** The search workers were asked to start (WARM_BYTES). */
  private warmed = false;

  constructor(private readonly options: RecordStoreOptions = {}) {
    this.lines = new LineFile(options.dir, this.indexOptions());
    this.columns = new RecordColumns(options.dir, options.perBlock, options.intern);
    this.pool = options.pool ?? searchPool();
  }

  get total(): number {
    return this.lines.length;
  }

  /** Connection ids (`conn`) in order of first appearance, the first `listedConnections` of them, a copy. */
  get connections(): string[] {
    return this.columns.conns.first(this.options.listedConnections ?? MAX_LISTED_CONNECTIONS);
  }

  /** The distinct connection ids of the records, as far as the columns count them (their intern cap). */
  get connectionCount(): ConnectionCount {
    const conns = this.columns.conns;
    return { count: conns.size, atLeast: conns.full };
  }

  /** Characters of JSON held (in the file, not in memory), in UTF-16 units: what a download would take. */
  get size(): number {
    return this.lines.size;
  }

  /**
   * `texts[i]`, when given, must be the JSON of `records[i]` (a checked line of a session file): kept
   * as is instead of serialising the record again, a third of the time it takes to open a big file.
   */
  append(records: readonly SessionRecord[], texts?: readonly (string | undefined)[]): void {
    const recording = this.recording;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as SessionRecord;
      const line = texts?.[i];
      const text = line ?? recordLine(record);
      // A record made from a bad line of a file read in place is not that line.
      if (recording === undefined) {
        if (texts !== undefined && line === undefined) this.lines.hold(text);
        else this.lines.push(text);
      } else {
        // Serialised once for both, unless the recording masks something in this record.
        const written = recording.written(record);
        this.lines.push(written === record ? text : recordLine(written), text);
      }
      this.columns.push(record);
    }
    if (!this.warmed && this.lines.bytes > WARM_BYTES) {
      this.warmed = true;
      this.pool.warm();
    }
  }

  /**
   * From the first record on, the records are written to `recording` (and nowhere else) and read back
   * from it: a recorded live session is one file, indexed as it grows, instead of two.
   */
  indexRecording(recording: RecordingFile): void {
    if (this.total > 0) throw new Error('a store indexes a recording from its first record only');
    this.lines.close();
    this.lines = new LineFile(recording, this.indexOptions());
    this.recording = recording;
  }

  /**
   * From the first record on, the records are read from the session file at `path` where it holds them
   * (line-file.ts says when it is copied after all): `afterFirstLine`, its first line is its header.
   * Appends must then give each record's line (`texts`) as read from that file.
   */
  indexFile(path: string, afterFirstLine: boolean): void {
    if (this.total > 0) throw new Error('a store indexes a file from its first record only');
    const lines = new LineFile(
      { existing: path, afterFirstLine, ...(this.options.dir !== undefined && { spool: this.options.dir }) },
      this.indexOptions(),
    );
    this.lines.close();
    this.lines = lines;
  }

  private indexOptions(): IndexOptions {
    return { dir: this.options.dir, perBlock: this.options.perBlock };
  }

  /** The records are read where the opened file holds them, with no copy (so far). */
  get readInPlace(): boolean {
    return this.lines.readInPlace;
  }

  /** `path` is the file the records are read from in place: writing it would change them. */
  readsFrom(path: string): boolean {
    return this.lines.readsFrom(path);
  }

  /** Records [from, from + count), fewer at the end of the list. */
  page(from: number, count: number): SessionRecord[] {
    return this.lines.lines(from, from + count).map(parseRecord);
  }

  /** Records at `indices`, in that order; indices past the end are skipped. */
  pick(indices: readonly number[]): SessionRecord[] {
    const out: SessionRecord[] = [];
    // Neighbouring indices (a filtered view's page) are read together, one read per run.
    let at = 0;
    while (at < indices.length) {
      const first = indices[at] ?? 0;
      let end = at + 1;
      while (end < indices.length && indices[end] === first + (end - at)) end++;
      const last = first + (end - at);
      if (first < this.total) for (const line of this.lines.lines(first, last)) out.push(parseRecord(line));
      at = end;
    }
    return out;
  }

  /**
   * The records so far as the analyses read them (analysisRecords), sharing the store's memory and its
   * file, which must stay open (the store not closed) until they are read.
   */
  analysisInput(): AnalysisInput {
    const columns = this.columns;
    const n = columns.perBlock;
    return {
      columns: columns.snapshot(),
      lines: this.lines.snapshot((i) => lightType(columns.block(Math.floor(i / n)), i % n) === undefined),
    };
  }

  /** Every record, in order, as JSON lines: what a session file holds. Read from the file a few MB at a time. */
  *jsonLines(): Generator<string> {
    for (let from = 0; from < this.total;) {
      const to = this.lines.scanEnd(from);
      yield* this.lines.lines(from, to);
      from = to;
    }
  }

  /** Closes the records' file, and removes it unless it is a recording, and the columns' file: the store is not read again. */
  close(): void {
    this.lines.close();
    this.columns.close();
  }

  /**
   * The indices in [from, total) that match, as far as the scan got in about `sliceMs`: `total` says
   * where it stopped and `more` that it stopped before the end (ask again from `total`).
   */
  async filter(filter: RecordFilter, from = 0, sliceMs = FILTER_SLICE_MS): Promise<FilterResult> {
    const total = this.total;
    const start = Math.min(from, total);
    const want = this.compile(filter);
    if (want === null) return { total, indices: [] };
    if (filter.text === undefined || filter.text === '') return this.filterColumns(want, start, sliceMs);
    const pattern = textPattern(filter.text);
    if (pattern === null) return { total, indices: [] };
    return this.filterText(want, pattern, start, sliceMs);
  }

  /** The columns alone, a block at a time (its filter columns only), looking at the clock between blocks now and then. */
  private filterColumns(want: CompiledFilter, start: number, sliceMs: number): FilterResult {
    const total = this.total;
    const n = this.columns.perBlock;
    const deadline = performance.now() + sliceMs;
    const indices: number[] = [];
    for (let at = start, clock = start + CLOCK_EVERY; at < total;) {
      const k = Math.floor(at / n);
      const base = k * n;
      const block = this.columns.block(k, true);
      const end = Math.min(total, base + n);
      const found = want.read.length === 0 ? indices : [];
      for (let i = at; i < end; i++) if (passes(want, block, i - base)) found.push(i);
      if (found !== indices) for (const i of this.readMatches(want.read, found)) indices.push(i);
      at = end;
      if (at < clock || at >= total) continue;
      if (performance.now() >= deadline) return { total: at, indices, more: true };
      clock = at + CLOCK_EVERY;
    }
    return { total, indices };
  }

  /**
   * The text is searched a scan (a few MB) at a time, by the search pool's workers, a few scans ahead
   * of the one whose lines are tested: the columns are tested only on the lines found. Scans still
   * being searched when the slice ends are kept for the call that goes on from there.
   */
  private async filterText(
    want: CompiledFilter,
    pattern: TextPattern,
    start: number,
    sliceMs: number,
  ): Promise<FilterResult> {
    const total = this.total;
    const deadline = performance.now() + sliceMs;
    const ahead = this.ahead;
    this.ahead = undefined;
    const scans = ahead?.needle === pattern.needle && ahead.from === start ? ahead.scans : [];
    const indices: number[] = [];
    for (let at = start; at < total;) {
      for (let next = scans.at(-1)?.to ?? at; scans.length < this.pool.size * 2 && next < total;) {
        const to = this.lines.scanEnd(next, total);
        const lines = this.lines.find(pattern, next, to, this.pool);
        // Waited for in its turn; a scan nobody asks for again must not fail unobserved.
        lines.catch(() => undefined);
        scans.push({ to, lines });
        next = to;
      }
      const scan = scans.shift();
      if (scan === undefined) break;
      const n = this.columns.perBlock;
      const found = want.read.length === 0 ? indices : [];
      for (const i of await scan.lines)
        if (passes(want, this.columns.block(Math.floor(i / n), true), i % n)) found.push(i);
      if (found !== indices) for (const i of this.readMatches(want.read, found)) indices.push(i);
      at = scan.to;
      if (at < total && performance.now() >= deadline) {
        this.ahead = { needle: pattern.needle, from: at, scans };
        return { total: at, indices, more: true };
      }
    }
    return { total, indices };
  }

  /**
   * Of `indices` (in order, each with NOT_INTERNED in the columns `read` names), those whose record has
   * the values `read` wants, read from the file a scan at a time.
   */
  private readMatches(read: readonly ReadTest[], indices: readonly number[]): number[] {
    const out: number[] = [];
    let at = 0;
    while (at < indices.length) {
      const first = indices[at] as number;
      const limit = this.lines.scanEnd(first);
      let end = at + 1;
      while (end < indices.length && (indices[end] as number) < limit) end++;
      const last = indices[end - 1] as number;
      const lines = this.lines.lines(first, last + 1);
      for (let k = at; k < end; k++) {
        const i = indices[k] as number;
        if (readPasses(read, lines[i - first] ?? '')) out.push(i);
      }
      at = end;
    }
    return out;
  }

  /** The filter in column terms, or null when it can match nothing (a name no record has). */
  private compile(filter: RecordFilter): CompiledFilter | null {
    const read: ReadTest[] = [];
    const id = (table: StringTable, field: ReadTest['field'], value: string | undefined): number | null => {
      if (value === undefined) return 0;
      const found = table.find(value);
      if (found !== undefined) return found;
      if (!table.full) return null;
      read.push(readTest(field, value));
      return NOT_INTERNED;
    };
    const conn = id(this.columns.conns, 'conn', filter.conn);
    const nsp = id(this.columns.names, 'nsp', filter.nsp);
    const event = id(this.columns.names, 'event', filter.event);
    if (conn === null || nsp === null || event === null) return null;
    return {
      read,
      dir: filter.dir === undefined ? 0 : filter.dir === 'in' ? DIR_IN : DIR_OUT,
      conn,
      nsp,
      event,
      eioMask: (filter.eioTypes ?? []).reduce((m, t) => m | (1 << EIO_CODES[t]), 0),
      sioMask: (filter.sioTypes ?? []).reduce((m, t) => m | (1 << SIO_CODES[t]), 0),
      flagsOff: filter.hideHeartbeats === true ? FLAG_HEARTBEAT : 0,
      flagsOn: filter.errorsOnly === true ? FLAG_ERROR : 0,
    };
  }
}

/** Scans of a text search already handed to the workers, from `from` on, in order. */
interface SearchAhead {
  readonly needle: string;
  readonly from: number;
  readonly scans: { readonly to: number; readonly lines: Promise<number[]> }[];
}

/**
 * Column values a record must have; 0 = any. Masks have bit `code` set for each wanted type code. `read`:
 * the values wanted that were never interned, tested on the records (those with NOT_INTERNED there).
 */
interface CompiledFilter {
  readonly read: readonly ReadTest[];
  readonly dir: number;
  readonly conn: number;
  readonly nsp: number;
  readonly event: number;
  readonly eioMask: number;
  readonly sioMask: number;
  readonly flagsOff: number;
  readonly flagsOn: number;
}

/** Whether a block's record `i` passes the columns' tests; a zero in `want` means "not tested". */
function passes(want: CompiledFilter, block: ColumnBlock, i: number): boolean {
  const { dir, eio, sio, flags, conn, nsp, event } = block;
  return (
    (want.dir === 0 || dir[i] === want.dir) &&
    (want.conn === 0 || conn[i] === want.conn) &&
    (want.eioMask === 0 || ((want.eioMask >> (eio[i] ?? 0)) & 1) !== 0) &&
    (want.sioMask === 0 || ((want.sioMask >> (sio[i] ?? 0)) & 1) !== 0) &&
    (want.nsp === 0 || nsp[i] === want.nsp) &&
    (want.event === 0 || event[i] === want.event) &&
    ((flags[i] ?? 0) & want.flagsOff) === 0 &&
    ((flags[i] ?? 0) & want.flagsOn) === want.flagsOn
  );
}

/** A connection, namespace or event name a record must have, tested on its JSON. */
interface ReadTest {
  readonly field: 'conn' | 'nsp' | 'event';
  readonly value: string;
  /**
   * The value as JSON.stringify writes it, quotes and all; without the quotes where it may be a
   * number (an event name): a line without it, or any other escape, lacks the value.
   */
  readonly written: string;
}

function readTest(field: ReadTest['field'], value: string): ReadTest {
  const quoted = JSON.stringify(value);
  const numeric = field === 'event' && value !== '' && String(Number(value)) === value;
  return { field, value, written: numeric ? value : quoted };
}

/**
 * Whether the record of `line` has every value of `tests`. Most lines are told apart without parsing:
 * a JSON string holding the value either has it as JSON.stringify writes it, or escapes it otherwise
 * (`\u0063`, `\/`), which JSON.stringify never does.
 */
function readPasses(tests: readonly ReadTest[], line: string): boolean {
  for (const test of tests) if (!line.includes(test.written) && !OTHER_ESCAPES.test(line)) return false;
  let record: SessionRecord;
  try {
    record = parseRecord(line);
  } catch {
    return false;
  }
  const sio = isLifecycle(record) ? undefined : record.sio;
  for (const test of tests) {
    const value = test.field === 'conn' ? record.conn : test.field === 'nsp' ? sio?.nsp : sio?.event;
    if (value === undefined || String(value) !== test.value) return false;
  }
  return true;
}

/**
 * Escapes that JSON allows and JSON.stringify does not write for other characters (its `\u` is only for
 * control characters and lone surrogates): a line with one is parsed to be sure.
 */
const OTHER_ESCAPES = /\\(u|\/)/;

function parseRecord(line: string): SessionRecord {
  return JSON.parse(line) as SessionRecord;
}
