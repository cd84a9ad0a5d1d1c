// The records the analyses (shared/analysis) read, built cheaply. In a big session almost every record
// is an EVENT or ACK, and the analyses read only their envelope: time, frame, direction, transport,
// size, type, namespace, id and event name (eio.data only for open and ping/pong, sio.data only for
// CONNECT and errors, args never). Those records are rebuilt from the columns without parsing their
// JSON; every other record (lifecycle, open, heartbeat, CONNECT, errors, attachments) is parsed whole.
// test/unit/electron/store/analysis-records.test.ts checks the analyses agree on both forms.
import type { PacketRecord, SessionRecord, SioPacketType } from '../../shared/record';
import {
  DIR_IN,
  FLAG_ERROR,
  FLAG_LIFECYCLE,
  FLAG_NUMERIC_EVENT,
  FLAG_WEBSOCKET,
  SIO_CODES,
  type RecordColumns,
} from './record-columns';

const LIGHT_TYPES: readonly SioPacketType[] = ['EVENT', 'ACK', 'BINARY_EVENT', 'BINARY_ACK'];
const TYPE_OF_CODE: readonly (SioPacketType | undefined)[] = codeTable();

/** Record `i` as the analyses need it, or undefined when only its full JSON will do. */
export function lightRecord(c: RecordColumns, i: number): PacketRecord | undefined {
  const flags = c.flags[i] ?? 0;
  if ((flags & (FLAG_LIFECYCLE | FLAG_ERROR)) !== 0) return undefined;
  const type = TYPE_OF_CODE[c.sio[i] ?? 0];
  if (type === undefined) return undefined;
  const id = c.id[i] ?? Number.NaN;
  const eventId = c.event[i] ?? 0;
  const eventText = c.strings.value(eventId);
  return {
    t: c.t[i] ?? 0,
    conn: c.strings.value(c.conn[i] ?? 0),
    frame: c.frame[i] ?? 0,
    dir: c.dir[i] === DIR_IN ? 'in' : 'out',
    transport: (flags & FLAG_WEBSOCKET) !== 0 ? 'websocket' : 'polling',
    size: c.size[i] ?? 0,
    eio: { type: 'message' },
    sio: {
      type,
      nsp: c.strings.value(c.nsp[i] ?? 0),
      ...(!Number.isNaN(id) && { id }),
      ...(eventId !== 0 && { event: (flags & FLAG_NUMERIC_EVENT) !== 0 ? Number(eventText) : eventText }),
    },
  };
}

/** Every record of the store for the analyses: light where that is enough, parsed otherwise. */
export function analysisRecords(c: RecordColumns, parse: (i: number) => SessionRecord): SessionRecord[] {
  const out: SessionRecord[] = new Array<SessionRecord>(c.length);
  for (let i = 0; i < c.length; i++) out[i] = lightRecord(c, i) ?? parse(i);
  return out;
}

function codeTable(): (SioPacketType | undefined)[] {
  const table: (SioPacketType | undefined)[] = [];
  for (const type of LIGHT_TYPES) table[SIO_CODES[type]] = type;
  return table;
}
