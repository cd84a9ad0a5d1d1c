// Compact columns over the records, one entry each, filled as records are appended: what the timeline
// filters test, as small integers in typed arrays. Evaluating a filter over a million records is then
// a tight loop over a few megabytes, with no JSON and no objects (docs/architecture.md §8). The numeric columns
// (t, frame, size, id) let the analyses read events and acks without parsing their JSON
// (analysis-records.ts).
//
// The columns are kept in blocks of a fixed number of records (block-file.ts): the block being filled in
// shared memory, the others in a private file, read back a block at a time. A block holds every column
// of its records, the filters' columns first, so a filter reads only the leading part of each block.
// Memory is then a few blocks whatever the session's length. A snapshot (the blocks so far) lets the
// analysis worker read the same blocks in place.
import type { EioPacketType, SessionRecord, SioPacketType } from '../../shared/record';
import { isLifecycle } from '../../shared/record';
import { MAX_INTERNED_CONNECTIONS, MAX_INTERNED_NAMES } from '../../shared/limits';
import { BlockFile, BlockReader, type BlockSnapshot } from './block-file';
import { StringTable } from './string-table';

export const DIR_NONE = 0;
export const DIR_IN = 1;
export const DIR_OUT = 2;

/** Codes start at 1; 0 is "no Engine.IO / Socket.IO packet" (lifecycle records, undecodable frames). */
export const EIO_CODES: Readonly<Record<EioPacketType, number>> = {
  open: 1,
  close: 2,
  ping: 3,
  pong: 4,
  message: 5,
  upgrade: 6,
  noop: 7,
};
export const SIO_CODES: Readonly<Record<SioPacketType, number>> = {
  CONNECT: 1,
  DISCONNECT: 2,
  EVENT: 3,
  ACK: 4,
  CONNECT_ERROR: 5,
  ERROR: 6,
  BINARY_EVENT: 7,
  BINARY_ACK: 8,
};

export const FLAG_HEARTBEAT = 1;
export const FLAG_ERROR = 2;
export const FLAG_LIFECYCLE = 4;
/** Packet records: the transport was websocket (else polling). */
export const FLAG_WEBSOCKET = 8;
/** The event name was a number (socket.io-parser allows it), kept as its text in `event`. */
export const FLAG_NUMERIC_EVENT = 16;

/** Records per block: a block of 3 MB, its filter columns the first 1 MB. */
export const RECORDS_PER_BLOCK = 1 << 16;
/** Bytes per record of the filter columns (dir, eio, sio, flags: u8; conn, nsp, event: u32). */
const FILTER_BYTES = 4 + 3 * 4;
/** Bytes per record of all the columns: the filter columns, then t, frame, size, id (f64). */
const RECORD_BYTES = FILTER_BYTES + 4 * 8;

/** The columns of one block's records, as views over its bytes: entry j is the block's j-th record. */
export interface ColumnBlock {
  readonly dir: Uint8Array;
  readonly eio: Uint8Array;
  readonly sio: Uint8Array;
  readonly flags: Uint8Array;
  readonly conn: Uint32Array;
  readonly nsp: Uint32Array;
  readonly event: Uint32Array;
  readonly t: Float64Array;
  readonly frame: Float64Array;
  readonly size: Float64Array;
  /** Socket.IO ack id; NaN when the packet has none. */
  readonly id: Float64Array;
}

/**
 * The first `length` records' columns, in blocks of `perBlock` records, and the interned strings so far:
 * `conns` for the conn column's ids, `names` for the nsp and event columns'.
 */
export interface ColumnSnapshot {
  readonly length: number;
  readonly perBlock: number;
  readonly blocks: BlockSnapshot;
  readonly conns: readonly string[];
  readonly names: readonly string[];
}

/** How many distinct strings the columns intern (string-table.ts); default: shared/limits.ts. */
export interface InternCaps {
  readonly connections?: number;
  readonly names?: number;
}

export class RecordColumns {
  /** Every `conn` interned, in order of first appearance: the app's connection column and filter. */
  readonly conns: StringTable;
  /** Namespaces and event names. */
  readonly names: StringTable;
  private readonly file: BlockFile;
  private readonly views: BlockViews;
  private count = 0;

  /** `dir`: where the blocks' private file goes (default: the system's temp folder). `perBlock`: a multiple of 8. */
  constructor(
    dir?: string,
    readonly perBlock: number = RECORDS_PER_BLOCK,
    caps: InternCaps = {},
  ) {
    if (perBlock <= 0 || perBlock % 8 !== 0) throw new RangeError(`${perBlock} records per block`);
    this.file = new BlockFile(perBlock * RECORD_BYTES, dir);
    this.views = new BlockViews(perBlock);
    this.conns = new StringTable(caps.connections ?? MAX_INTERNED_CONNECTIONS);
    this.names = new StringTable(caps.names ?? MAX_INTERNED_NAMES);
  }

  get length(): number {
    return this.count;
  }

  /** Blocks holding records: the last one may be partly filled. */
  get blocks(): number {
    return Math.ceil(this.count / this.perBlock);
  }

  /** Block k's columns, valid until the next block is asked for; `filterOnly`: only the filter columns (dir to event) are read. */
  block(k: number, filterOnly = false): ColumnBlock {
    return this.views.of(this.file.read(k, filterOnly ? this.perBlock * FILTER_BYTES : undefined));
  }

  snapshot(): ColumnSnapshot {
    return {
      length: this.count,
      perBlock: this.perBlock,
      blocks: this.file.snapshot(),
      conns: this.conns.values(),
      names: this.names.values(),
    };
  }

  push(record: SessionRecord): void {
    if (this.count === (this.file.sealed + 1) * this.perBlock) this.file.seal();
    const c = this.views.of(this.file.tail);
    const i = this.count++ - this.file.sealed * this.perBlock;
    c.conn[i] = this.conns.intern(record.conn);
    c.t[i] = record.t;
    c.id[i] = Number.NaN;
    if (isLifecycle(record)) {
      c.flags[i] =
        FLAG_LIFECYCLE |
        (record.error !== undefined || record.event === 'transport-error' || record.event === 'input-error'
          ? FLAG_ERROR
          : 0);
      return;
    }
    c.dir[i] = record.dir === 'in' ? DIR_IN : DIR_OUT;
    c.frame[i] = record.frame;
    c.size[i] = record.size;
    const eio = record.eio?.type;
    if (eio !== undefined) c.eio[i] = EIO_CODES[eio];
    const sio = record.sio;
    if (sio !== undefined) {
      c.sio[i] = SIO_CODES[sio.type];
      c.nsp[i] = this.names.intern(sio.nsp);
      if (sio.event !== undefined) c.event[i] = this.names.intern(String(sio.event));
      if (sio.id !== undefined) c.id[i] = sio.id;
    }
    c.flags[i] =
      (eio === 'ping' || eio === 'pong' ? FLAG_HEARTBEAT : 0) |
      (record.error !== undefined ? FLAG_ERROR : 0) |
      (record.transport === 'websocket' ? FLAG_WEBSOCKET : 0) |
      (typeof sio?.event === 'number' ? FLAG_NUMERIC_EVENT : 0);
  }

  /** Closes and removes the blocks' file: the columns are not read again. */
  close(): void {
    this.file.close();
  }
}

/** Reads a snapshot's blocks, from any thread: for the blocks asked in order. */
export class ColumnSnapshotReader {
  private readonly reader: BlockReader;
  private readonly views: BlockViews;

  constructor(private readonly columns: ColumnSnapshot) {
    this.reader = new BlockReader(columns.blocks);
    this.views = new BlockViews(columns.perBlock);
  }

  /** Block k's columns, valid until the next block is asked for. */
  block(k: number): ColumnBlock {
    return this.views.of(this.reader.read(k));
  }
}

/** Column views over block buffers, made once per buffer (the buffers are few and reused). */
class BlockViews {
  private readonly made = new WeakMap<ArrayBufferLike, ColumnBlock>();

  constructor(private readonly perBlock: number) {}

  of(buffer: ArrayBufferLike): ColumnBlock {
    let views = this.made.get(buffer);
    if (views === undefined) {
      views = columnViews(buffer, this.perBlock);
      this.made.set(buffer, views);
    }
    return views;
  }
}

function columnViews(buffer: ArrayBufferLike, n: number): ColumnBlock {
  return {
    dir: new Uint8Array(buffer, 0, n),
    eio: new Uint8Array(buffer, n, n),
    sio: new Uint8Array(buffer, 2 * n, n),
    flags: new Uint8Array(buffer, 3 * n, n),
    conn: new Uint32Array(buffer, 4 * n, n),
    nsp: new Uint32Array(buffer, 8 * n, n),
    event: new Uint32Array(buffer, 12 * n, n),
    t: new Float64Array(buffer, FILTER_BYTES * n, n),
    frame: new Float64Array(buffer, (FILTER_BYTES + 8) * n, n),
    size: new Float64Array(buffer, (FILTER_BYTES + 16) * n, n),
    id: new Float64Array(buffer, (FILTER_BYTES + 24) * n, n),
  };
}
