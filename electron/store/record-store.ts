// One session's records on the Node side (docs/architecture.md §8): appended as they come, paged in by index,
// filtered where they are. Records are held as JSON lines (line-chunks.ts) plus compact columns
// (record-columns.ts); a filter tests the columns first and searches text only when asked. What the
// analyses read (the columns and the JSON of the few records they must parse) is in shared memory,
// for the analysis worker to read in place.
import type { FilterResult, RecordFilter } from '../../shared/bridge/api';
import { recordLine, type SessionRecord } from '../../shared/record';
import { lightType, type AnalysisInput } from './analysis-records';
import { LineChunks } from './line-chunks';
import {
  DIR_IN,
  DIR_OUT,
  EIO_CODES,
  FLAG_ERROR,
  FLAG_HEARTBEAT,
  RecordColumns,
  SIO_CODES,
} from './record-columns';
import { SharedLines } from './shared-lines';

export class RecordStore {
  private readonly lines = new LineChunks();
  private readonly columns = new RecordColumns();
  /** The JSON of the records the analyses parse whole, again, as UTF-8 the worker can read. */
  private readonly heavy = new SharedLines();

  get total(): number {
    return this.lines.length;
  }

  /** Connection ids (`conn`) in order of first appearance. */
  get connections(): readonly string[] {
    return this.columns.connections;
  }

  /** Characters of JSON held: what the session costs in memory, roughly, in UTF-16 units. */
  get size(): number {
    return this.lines.size;
  }

  /**
   * `texts[i]`, when given, must be the JSON of `records[i]` (a checked line of a session file): kept
   * as is instead of serialising the record again, a third of the time it takes to open a big file.
   */
  append(records: readonly SessionRecord[], texts?: readonly (string | undefined)[]): void {
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as SessionRecord;
      const text = texts?.[i] ?? recordLine(record);
      this.lines.push(text);
      this.columns.push(record);
      if (lightType(this.columns, this.columns.length - 1) === undefined) this.heavy.push(text);
    }
  }

  /** Records [from, from + count), fewer at the end of the list. */
  page(from: number, count: number): SessionRecord[] {
    const end = Math.min(this.total, from + count);
    const out: SessionRecord[] = [];
    for (let i = from; i < end; i++) out.push(this.record(i));
    return out;
  }

  /** Records at `indices`, in that order; indices past the end are skipped. */
  pick(indices: readonly number[]): SessionRecord[] {
    const out: SessionRecord[] = [];
    for (const i of indices) if (i < this.total) out.push(this.record(i));
    return out;
  }

  /** The records so far as the analyses read them (analysisRecords), sharing the store's memory. */
  analysisInput(): AnalysisInput {
    return { columns: this.columns.snapshot(), heavy: this.heavy.snapshot() };
  }

  /** Every record, in order, as JSON lines: what a session file holds. */
  *jsonLines(): Generator<string> {
    for (let i = 0; i < this.total; i++) yield this.lines.line(i) ?? '';
  }

  filter(filter: RecordFilter, from = 0): FilterResult {
    const total = this.total;
    const start = Math.min(from, total);
    const want = this.compile(filter);
    if (want === null) return { total, indices: [] };
    let hits: Uint8Array | undefined;
    if (filter.text !== undefined && filter.text !== '') {
      hits = new Uint8Array(total - start);
      this.lines.search(filter.text, start, hits);
    }
    const { dir, eio, sio, flags, conn, nsp, event } = this.columns;
    const indices: number[] = [];
    // One monomorphic loop over typed arrays; a zero in `want` means "not tested".
    for (let i = start; i < total; i++) {
      if (hits !== undefined && hits[i - start] === 0) continue;
      if (want.dir !== 0 && dir[i] !== want.dir) continue;
      if (want.conn !== 0 && conn[i] !== want.conn) continue;
      if (want.eioMask !== 0 && ((want.eioMask >> (eio[i] ?? 0)) & 1) === 0) continue;
      if (want.sioMask !== 0 && ((want.sioMask >> (sio[i] ?? 0)) & 1) === 0) continue;
      if (want.nsp !== 0 && nsp[i] !== want.nsp) continue;
      if (want.event !== 0 && event[i] !== want.event) continue;
      if (((flags[i] ?? 0) & want.flagsOff) !== 0) continue;
      if (((flags[i] ?? 0) & want.flagsOn) !== want.flagsOn) continue;
      indices.push(i);
    }
    return { total, indices };
  }

  private record(index: number): SessionRecord {
    return JSON.parse(this.lines.line(index) ?? 'null') as SessionRecord;
  }

  /** The filter in column terms, or null when it can match nothing (a name no record has). */
  private compile(filter: RecordFilter): CompiledFilter | null {
    const strings = this.columns.strings;
    const id = (value: string | undefined): number | null => {
      if (value === undefined) return 0;
      return strings.find(value) ?? null;
    };
    const conn = id(filter.conn);
    const nsp = id(filter.nsp);
    const event = id(filter.event);
    if (conn === null || nsp === null || event === null) return null;
    return {
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

/** Column values a record must have; 0 = any. Masks have bit `code` set for each wanted type code. */
interface CompiledFilter {
  readonly dir: number;
  readonly conn: number;
  readonly nsp: number;
  readonly event: number;
  readonly eioMask: number;
  readonly sioMask: number;
  readonly flagsOff: number;
  readonly flagsOn: number;
}
