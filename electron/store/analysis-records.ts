// The records the analyses (shared/analysis) read, built cheaply. In a big session almost every record
// is an EVENT or ACK, and the analyses read only their envelope: time, frame, direction, transport,
// size, type, namespace, id and event name (eio.data only for open and ping/pong, sio.data only for
// CONNECT and errors, args only of the emits that ask for an ack and of the ACKs). Those records are rebuilt from the columns without parsing their
// JSON; every other record (lifecycle, open, heartbeat, CONNECT, errors, attachments) is "heavy": its
// JSON is read from the store's file (or the few lines the store holds in memory) and parsed whole, and
// so is a record whose connection, namespace or event name the store had no room to intern.
// Both run on the analysis worker (analysis-worker.ts), reading the store's memory and file in place.
// test/unit/electron/store/analysis-records.test.ts checks the analyses agree on both forms.
import type { PacketRecord, SessionRecord, SioPacketType } from '../../shared/record';
import {
  DIR_IN,
  FLAG_ERROR,
  FLAG_LIFECYCLE,
  FLAG_NUMERIC_EVENT,
  FLAG_WEBSOCKET,
  SIO_CODES,
  ColumnSnapshotReader,
  type ColumnBlock,
  type ColumnSnapshot,
} from './record-columns';
import { LineSnapshotReader, type LinesSnapshot } from './line-file';
import { NOT_INTERNED } from './string-table';

/** What an analysis reads of a store: posted to the worker as is (its buffers share memory, its files are read by descriptor). */
export interface AnalysisInput {
  readonly columns: ColumnSnapshot;
  /** The records' JSON lines, as many as the columns hold: the heavy ones are read. */
  readonly lines: LinesSnapshot;
}

const LIGHT_TYPES: readonly SioPacketType[] = ['EVENT', 'ACK', 'BINARY_EVENT', 'BINARY_ACK'];
const TYPE_OF_CODE: readonly (SioPacketType | undefined)[] = codeTable();

/**
 * The Socket.IO type of a block's record `i` when it is rebuilt from the columns; undefined: it is heavy. The two
 * halves of an ack pair are heavy: the ack analysis shows their arguments (an emit's and its answer's).
 */
export function lightType(c: ColumnBlock, i: number): SioPacketType | undefined {
  if (((c.flags[i] ?? 0) & (FLAG_LIFECYCLE | FLAG_ERROR)) !== 0) return undefined;
  if (c.conn[i] === NOT_INTERNED || c.nsp[i] === NOT_INTERNED || c.event[i] === NOT_INTERNED)
    return undefined;
  const type = TYPE_OF_CODE[c.sio[i] ?? 0];
  if (type === 'ACK' || type === 'BINARY_ACK' || !Number.isNaN(c.id[i] ?? Number.NaN)) return undefined;
  return type;
}

/** Every record of the input, in order: light ones from the columns, heavy ones parsed; none kept. */
export function* analysisRecords(input: AnalysisInput): Generator<SessionRecord> {
  const { length, perBlock, conns, names } = input.columns;
  if (length !== input.lines.count)
    throw new Error(`the store holds ${input.lines.count} lines, the columns say ${length}`);
  const lines = new LineSnapshotReader(input.lines);
  const columns = new ColumnSnapshotReader(input.columns);
  for (let base = 0, k = 0; base < length; base += perBlock, k++) {
    const block = columns.block(k);
    const end = Math.min(perBlock, length - base);
    for (let j = 0; j < end; j++) {
      const type = lightType(block, j);
      yield type !== undefined
        ? lightRecord(block, conns, names, j, type)
        : (JSON.parse(lines.line(base + j)) as SessionRecord);
    }
  }
}

function lightRecord(
  c: ColumnBlock,
  conns: readonly string[],
  names: readonly string[],
  i: number,
  type: SioPacketType,
): PacketRecord {
  const flags = c.flags[i] ?? 0;
  const id = c.id[i] ?? Number.NaN;
  const eventId = c.event[i] ?? 0;
  const eventText = names[eventId] ?? '';
  return {
    t: c.t[i] ?? 0,
    conn: conns[c.conn[i] ?? 0] ?? '',
    frame: c.frame[i] ?? 0,
    dir: c.dir[i] === DIR_IN ? 'in' : 'out',
    transport: (flags & FLAG_WEBSOCKET) !== 0 ? 'websocket' : 'polling',
    size: c.size[i] ?? 0,
    eio: { type: 'message' },
    sio: {
      type,
      nsp: names[c.nsp[i] ?? 0] ?? '',
      ...(!Number.isNaN(id) && { id }),
      ...(eventId !== 0 && { event: (flags & FLAG_NUMERIC_EVENT) !== 0 ? Number(eventText) : eventText }),
    },
  };
}

function codeTable(): (SioPacketType | undefined)[] {
  const table: (SioPacketType | undefined)[] = [];
  for (const type of LIGHT_TYPES) table[SIO_CODES[type]] = type;
  return table;
}
