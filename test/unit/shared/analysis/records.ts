// A small builder for handcrafted record sequences: a clock, frame numbering, and packet helpers that
// produce records shaped like the decoder's (eio data = the Socket.IO text, size = bytes on the wire).
import type { DecodeError, ErrorCode } from '../../../../shared/protocol/errors';
import type {
  Direction,
  EioField,
  Json,
  LifecycleEvent,
  LifecycleRecord,
  SessionRecord,
  SioField,
  SioPacketType,
  Transport,
} from '../../../../shared/record';

export interface Packet {
  readonly eio?: EioField;
  readonly sio?: SioField;
  /** Bytes on the wire; computed from the text unless given. */
  readonly size?: number;
  readonly error?: DecodeError;
  readonly attachmentOf?: number;
}

export class Session {
  readonly records: SessionRecord[] = [];
  /** The frame number the last `in` / `out` call used. */
  lastFrame = -1;
  private t = 0;

  /**
   * Sessions of one test that stand for connections of one recording share `counter`, as frame numbers are
   * session-wide.
   */
  constructor(
    readonly conn = 'c1',
    readonly counter: { next: number } = { next: 0 },
  ) {}

  /** Sets the clock (ms since the session started). */
  at(t: number): this {
    this.t = t;
    return this;
  }

  /** Moves the clock on. */
  wait(ms: number): this {
    this.t += ms;
    return this;
  }

  /** One wire frame from the server holding `packets` (a polling body may hold several). */
  in(transport: Transport, ...packets: Packet[]): this {
    return this.frame('in', transport, packets);
  }

  out(transport: Transport, ...packets: Packet[]): this {
    return this.frame('out', transport, packets);
  }

  lifecycle(
    event: LifecycleEvent,
    fields: Partial<Omit<LifecycleRecord, 't' | 'conn' | 'event'>> = {},
  ): this {
    this.records.push({ t: this.t, conn: this.conn, event, ...fields });
    return this;
  }

  private frame(dir: Direction, transport: Transport, packets: readonly Packet[]): this {
    this.lastFrame = this.counter.next++;
    for (const p of packets) {
      this.records.push({
        t: this.t,
        conn: this.conn,
        frame: this.lastFrame,
        dir,
        transport,
        size: p.size ?? sizeOf(p),
        ...(p.eio && { eio: p.eio }),
        ...(p.sio && { sio: p.sio }),
        ...(p.error && { error: p.error }),
        ...(p.attachmentOf !== undefined && { attachmentOf: p.attachmentOf }),
      });
    }
    return this;
  }
}

// Engine.IO packets

export const HANDSHAKE = {
  sid: 'EIOSID',
  upgrades: ['websocket'],
  pingInterval: 25000,
  pingTimeout: 20000,
  maxPayload: 1000000,
} as const;

/** The handshake with `fields` changed and the keys in `omit` left out. */
export function open(fields: Record<string, Json> = {}, omit: readonly string[] = []): Packet {
  const data: Record<string, Json> = { ...HANDSHAKE, upgrades: [...HANDSHAKE.upgrades], ...fields };
  for (const key of omit) delete data[key];
  return { eio: { type: 'open', data } };
}
export const ping = (data?: string): Packet => ({
  eio: data === undefined ? { type: 'ping' } : { type: 'ping', data },
});
export const pong = (data?: string): Packet => ({
  eio: data === undefined ? { type: 'pong' } : { type: 'pong', data },
});
export const probe = (): Packet => ping('probe');
export const probeAnswer = (): Packet => pong('probe');
export const noop = (): Packet => ({ eio: { type: 'noop' } });
export const upgrade = (): Packet => ({ eio: { type: 'upgrade' } });
export const close = (): Packet => ({ eio: { type: 'close' } });
export const message = (text: string): Packet => ({ eio: { type: 'message', data: text } });

/** A packet the decoder could not read: no eio, just the error. */
export function broken(code: ErrorCode, message = 'broken'): Packet {
  return { error: { code, message }, size: 3 };
}

export function sized(packet: Packet, size: number): Packet {
  return { ...packet, size };
}

// Socket.IO packets, riding in message packets

export function connect(nsp = '/', data?: Json): Packet {
  return sio({ type: 'CONNECT', nsp, ...(data !== undefined && { data }) });
}
export function connectError(nsp: string, data: Json): Packet {
  return sio({ type: 'CONNECT_ERROR', nsp, data });
}
/** v4 (EIO3) refusal or error: a string payload. */
export function sioError(nsp: string, data: Json): Packet {
  return sio({ type: 'ERROR', nsp, data });
}
export function disconnect(nsp = '/'): Packet {
  return sio({ type: 'DISCONNECT', nsp });
}
export function event(name: string, args: Json[] = [], options: { nsp?: string; id?: number } = {}): Packet {
  const { nsp = '/', id } = options;
  return sio({ type: 'EVENT', nsp, ...(id !== undefined && { id }), event: name, args });
}
export function ack(id: number, args: Json[] = [], nsp = '/'): Packet {
  return sio({ type: 'ACK', nsp, id, args });
}
export function binaryEvent(name: string, id: number, nsp = '/'): Packet {
  return sio({ type: 'BINARY_EVENT', nsp, id, event: name, args: [{ $binary: 'AQID' }], attachments: 1 });
}
export function binaryAck(id: number, nsp = '/'): Packet {
  return sio({ type: 'BINARY_ACK', nsp, id, args: [{ $binary: 'AQID' }], attachments: 1 });
}
export function attachment(of: number): Packet {
  return { eio: { type: 'message', data: { $binary: 'AQID' } }, attachmentOf: of, size: 3 };
}

function sio(field: SioField): Packet {
  return { eio: { type: 'message', data: sioText(field) }, sio: field };
}

const SIO_DIGIT: Record<SioPacketType, number> = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
};

/** The Socket.IO text grammar (docs/protocol.md §2.2), near enough to give realistic sizes. */
function sioText(f: SioField): string {
  const attachments = f.attachments === undefined ? '' : `${f.attachments}-`;
  const nsp = f.nsp === '/' ? '' : `${f.nsp},`;
  const payload =
    f.event !== undefined
      ? [f.event, ...(f.args ?? [])]
      : f.args !== undefined
        ? f.args
        : (f.data ?? undefined);
  const json = payload === undefined ? '' : JSON.stringify(payload);
  return `${SIO_DIGIT[f.type]}${attachments}${nsp}${f.id ?? ''}${json}`;
}

const utf8 = new TextEncoder();
const EIO_DIGIT = { open: 0, close: 1, ping: 2, pong: 3, message: 4, upgrade: 5, noop: 6 } as const;

function sizeOf(p: Packet): number {
  if (p.eio === undefined) return 0;
  const { data } = p.eio;
  const text = data === undefined ? '' : typeof data === 'string' ? data : JSON.stringify(data);
  return utf8.encode(`${EIO_DIGIT[p.eio.type]}${text}`).length;
}

// Whole sessions, the shapes the tests keep coming back to. Each returns the frames worth pointing at.

/** Socket.IO 4 over websocket only: connect `/`, an emit with ack, three heartbeats, client close. */
export function v4WebsocketSession(conn = 'c1', counter = { next: 0 }) {
  const s = new Session(conn, counter);
  s.at(0).lifecycle('ws-open', { transport: 'websocket' });
  const open_ = s.at(2).in('websocket', open({ upgrades: [] })).lastFrame;
  const connectOut = s.at(3).out('websocket', connect('/')).lastFrame;
  const connectIn = s.at(5).in('websocket', connect('/', { sid: 'SOCKET1' })).lastFrame;
  const emit = s.at(10).out('websocket', event('chat', ['hi'], { id: 1 })).lastFrame;
  const ackIn = s.at(14).in('websocket', ack(1, ['ok'])).lastFrame;
  const pings: number[] = [];
  for (const [t, latency] of [
    [25002, 1],
    [50003, 3],
    [75010, 2],
  ] as const) {
    pings.push(s.at(t).in('websocket', ping()).lastFrame);
    s.wait(latency).out('websocket', pong());
  }
  const closeOut = s.at(80000).out('websocket', close()).lastFrame;
  s.at(80001).lifecycle('ws-close', { code: 1005 }).lifecycle('closed', { reason: 'io client disconnect' });
  return {
    session: s,
    records: s.records,
    frames: { open: open_, connectOut, connectIn, emit, ackIn, pings, closeOut },
  };
}

/** Socket.IO 4 starting on polling and upgrading to websocket. */
export function v4PollingUpgradeSession(conn = 'c1', counter = { next: 0 }) {
  const s = new Session(conn, counter);
  s.at(0).lifecycle('http-request', {
    method: 'GET',
    url: '/socket.io/?EIO=4&transport=polling',
    status: 200,
  });
  const open_ = s.in('polling', open()).lastFrame;
  const connectOut = s.at(4).out('polling', connect('/')).lastFrame;
  const connectIn = s.at(7).in('polling', connect('/', { sid: 'SOCKET1' })).lastFrame;
  s.at(9).lifecycle('ws-open', { transport: 'websocket' });
  const probe_ = s.at(10).out('websocket', probe()).lastFrame;
  const probeAnswer_ = s.at(13).in('websocket', probeAnswer()).lastFrame;
  const noop_ = s.at(14).in('polling', noop()).lastFrame;
  const upgrade_ = s.at(15).out('websocket', upgrade()).lastFrame;
  const emit = s.at(20).out('websocket', event('echo', [1], { id: 0 })).lastFrame;
  s.at(21).in('websocket', ack(0, [1]));
  const ping_ = s.at(25000).in('websocket', ping()).lastFrame;
  s.at(25001).out('websocket', pong());
  return {
    session: s,
    records: s.records,
    frames: {
      open: open_,
      connectOut,
      connectIn,
      probe: probe_,
      probeAnswer: probeAnswer_,
      noop: noop_,
      upgrade: upgrade_,
      emit,
      ping: ping_,
    },
  };
}

/** Socket.IO 2 (EIO3) on polling: the server connects `/` unasked, the client pings, the server pongs. */
export function v3PollingSession(conn = 'c1', counter = { next: 0 }) {
  const s = new Session(conn, counter);
  const open_ = s.at(0).in('polling', open({ pingTimeout: 5000 }, ['maxPayload']), connect('/')).lastFrame;
  const pings: number[] = [];
  for (const [t, latency] of [
    [25000, 4],
    [50004, 6],
  ] as const) {
    pings.push(s.at(t).out('polling', ping()).lastFrame);
    s.wait(latency).in('polling', pong());
  }
  const emit = s.at(50020).out('polling', event('hello', [], { nsp: '/chat' })).lastFrame;
  return { session: s, records: s.records, frames: { open: open_, pings, emit } };
}
