// Compact columns over the records, one entry each, filled as records are appended: what the timeline
// filters test, as small integers in typed arrays. Evaluating a filter over a million records is then
// a tight loop over a few megabytes, with no JSON and no objects (docs/architecture.md §8). The numeric columns
// (t, frame, size, id) let the analyses read events and acks without parsing their JSON
// (analysis-records.ts). The arrays live in SharedArrayBuffers so the analysis worker reads them in
// place: an entry below `length` is never written again (growth copies into new buffers), so a
// snapshot stays valid while appends go on.
import type { EioPacketType, SessionRecord, SioPacketType } from '../../shared/record';
import { isLifecycle } from '../../shared/record';
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

const INITIAL_CAPACITY = 1024;

/** The columns the analyses read (analysis-records.ts), as held here or as posted to the worker. */
export interface ColumnArrays {
  readonly dir: Uint8Array;
  readonly sio: Uint8Array;
  readonly flags: Uint8Array;
  readonly conn: Uint32Array;
  readonly nsp: Uint32Array;
  readonly event: Uint32Array;
  readonly t: Float64Array;
  readonly frame: Float64Array;
  readonly size: Float64Array;
  readonly id: Float64Array;
}

/** The first `length` entries of the columns, sharing their memory, and the interned strings so far. */
export interface ColumnSnapshot {
  readonly length: number;
  readonly arrays: ColumnArrays;
  readonly strings: readonly string[];
}

export class RecordColumns implements ColumnArrays {
  readonly strings = new StringTable();
  dir = shared(Uint8Array, INITIAL_CAPACITY);
  eio = shared(Uint8Array, INITIAL_CAPACITY);
  sio = shared(Uint8Array, INITIAL_CAPACITY);
  flags = shared(Uint8Array, INITIAL_CAPACITY);
  conn = shared(Uint32Array, INITIAL_CAPACITY);
  nsp = shared(Uint32Array, INITIAL_CAPACITY);
  event = shared(Uint32Array, INITIAL_CAPACITY);
  t = shared(Float64Array, INITIAL_CAPACITY);
  frame = shared(Float64Array, INITIAL_CAPACITY);
  size = shared(Float64Array, INITIAL_CAPACITY);
  /** Socket.IO ack id; NaN when the packet has none. */
  id = shared(Float64Array, INITIAL_CAPACITY);
  /** Every `conn` seen, in order of first appearance: the app's connection column and filter. */
  readonly connections: string[] = [];
  private readonly seenConns = new Set<number>();
  private count = 0;

  get length(): number {
    return this.count;
  }

  snapshot(): ColumnSnapshot {
    const { dir, sio, flags, conn, nsp, event, t, frame, size, id } = this;
    return {
      length: this.count,
      arrays: { dir, sio, flags, conn, nsp, event, t, frame, size, id },
      strings: this.strings.values(),
    };
  }

  push(record: SessionRecord): void {
    if (this.count === this.dir.length) this.grow();
    const i = this.count++;
    const conn = this.strings.intern(record.conn);
    this.conn[i] = conn;
    if (!this.seenConns.has(conn)) {
      this.seenConns.add(conn);
      this.connections.push(record.conn);
    }
    this.t[i] = record.t;
    this.id[i] = Number.NaN;
    if (isLifecycle(record)) {
      this.flags[i] =
        FLAG_LIFECYCLE |
        (record.error !== undefined || record.event === 'transport-error' || record.event === 'input-error'
          ? FLAG_ERROR
          : 0);
      return;
    }
    this.dir[i] = record.dir === 'in' ? DIR_IN : DIR_OUT;
    this.frame[i] = record.frame;
    this.size[i] = record.size;
    const eio = record.eio?.type;
    if (eio !== undefined) this.eio[i] = EIO_CODES[eio];
    const sio = record.sio;
    if (sio !== undefined) {
      this.sio[i] = SIO_CODES[sio.type];
      this.nsp[i] = this.strings.intern(sio.nsp);
      if (sio.event !== undefined) this.event[i] = this.strings.intern(String(sio.event));
      if (sio.id !== undefined) this.id[i] = sio.id;
    }
    this.flags[i] =
      (eio === 'ping' || eio === 'pong' ? FLAG_HEARTBEAT : 0) |
      (record.error !== undefined ? FLAG_ERROR : 0) |
      (record.transport === 'websocket' ? FLAG_WEBSOCKET : 0) |
      (typeof sio?.event === 'number' ? FLAG_NUMERIC_EVENT : 0);
  }

  /**
   * Room for `records` in all, allocated once: an opened file's estimate. Growing by doubling instead
   * copies the columns each time and leaves the old copy for the collector, which at ten million records
   * is half a gigabyte it may not reclaim for a long time. Room not yet used takes no memory: the
   * system backs a buffer's pages only once they are written.
   */
  reserve(records: number): void {
    if (records > this.dir.length) this.grow(records);
  }

  /** Doubling keeps appends amortised O(1); the zeroed tail reads as "none" for every column. */
  private grow(size = this.dir.length * 2): void {
    this.dir = grown(this.dir, shared(Uint8Array, size));
    this.eio = grown(this.eio, shared(Uint8Array, size));
    this.sio = grown(this.sio, shared(Uint8Array, size));
    this.flags = grown(this.flags, shared(Uint8Array, size));
    this.conn = grown(this.conn, shared(Uint32Array, size));
    this.nsp = grown(this.nsp, shared(Uint32Array, size));
    this.event = grown(this.event, shared(Uint32Array, size));
    this.t = grown(this.t, shared(Float64Array, size));
    this.frame = grown(this.frame, shared(Float64Array, size));
    this.size = grown(this.size, shared(Float64Array, size));
    this.id = grown(this.id, shared(Float64Array, size));
  }
}

interface TypedArrayType<T> {
  new (buffer: SharedArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
}

function shared<T>(type: TypedArrayType<T>, length: number): T {
  return new type(new SharedArrayBuffer(length * type.BYTES_PER_ELEMENT));
}

function grown<T extends Uint8Array | Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
