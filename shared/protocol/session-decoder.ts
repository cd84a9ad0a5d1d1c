// Turns wire frames into records (DESIGN.md, "The record stream"): Engine.IO packets per frame, the
// Socket.IO packet inside each message, and binary attachments reassembled per connection and direction.
import type {
  BinaryJson,
  Direction,
  EioVersion,
  Json,
  LifecycleRecord,
  PacketRecord,
  SessionRecord,
  SioField,
  Transport,
} from '../record';
import { base64Encode, utf8Length } from './bytes';
import { decodeEioBinaryFrame, decodeEioText, parseHandshake, type EioDecoded } from './eio-packet';
import { decodePollingBinary, decodePollingText } from './eio-payload';
import { decodeError, type DecodeError } from './errors';
import { decodeSioPacket, type SioPacket, type SioProtocol } from './sio-packet';
import { reconstructBinary } from './sio-binary';
import { detectEioVersion, DETECTION_WINDOW } from './version-detect';

export interface FrameInput {
  /** ms since the session started; absent → the previous frame's time. */
  readonly t?: number;
  readonly conn?: string;
  readonly dir: Direction;
  readonly transport: Transport;
  readonly text?: string;
  readonly binary?: Uint8Array;
}

export interface DecoderOptions {
  /** Engine.IO version; absent → detected per connection from its first frames. */
  readonly eio?: EioVersion;
  /** 'none' keeps Engine.IO messages opaque (plain Engine.IO servers, custom Socket.IO parsers). */
  readonly parser?: 'socket.io' | 'none';
  /** Attachments one binary packet may declare (socket.io-parser ≥4.2.6 default: 10). */
  readonly maxAttachments?: number;
}

export const DEFAULT_CONN = 'c1';

/** A binary packet waiting for its attachments, with the attachment records held back until complete. */
interface PendingBinary {
  readonly base: PacketBase;
  readonly size: number;
  readonly eioData: string;
  readonly packet: SioPacket;
  readonly error: DecodeError | undefined;
  readonly attachments: Uint8Array[];
  readonly held: PacketRecord[];
}

interface PacketBase {
  readonly t: number;
  readonly conn: string;
  readonly frame: number;
  readonly dir: Direction;
  readonly transport: Transport;
}

interface NumberedFrame {
  readonly frame: FrameInput;
  readonly index: number;
  readonly t: number;
}

class ConnectionDecoder {
  private version: EioVersion | undefined;
  private readonly waiting: NumberedFrame[] = [];
  private pendingIn: PendingBinary | undefined;
  private pendingOut: PendingBinary | undefined;

  constructor(
    private readonly conn: string,
    private readonly options: DecoderOptions,
  ) {
    this.version = options.eio;
  }

  push(frame: NumberedFrame, out: SessionRecord[]): void {
    if (this.version !== undefined) return this.decodeFrame(frame, this.version, out);
    this.waiting.push(frame);
    const detected = detectEioVersion(this.waiting.map((w) => w.frame));
    if (detected !== undefined || this.waiting.length >= DETECTION_WINDOW) this.settle(detected ?? 4, out);
  }

  end(out: SessionRecord[]): void {
    if (this.version === undefined) this.settle(4, out);
    this.flushPending('in', out);
    this.flushPending('out', out);
  }

  private settle(version: EioVersion, out: SessionRecord[]): void {
    this.version = version;
    for (const waiting of this.waiting.splice(0)) this.decodeFrame(waiting, version, out);
  }

  private decodeFrame({ frame, index, t }: NumberedFrame, version: EioVersion, out: SessionRecord[]): void {
    const base: PacketBase = { t, conn: this.conn, frame: index, dir: frame.dir, transport: frame.transport };
    if (frame.text !== undefined) {
      if (frame.transport === 'websocket') {
        this.onPacket(base, decodeEioText(frame.text, version), frame.text, version, out);
      } else {
        for (const packet of decodePollingText(frame.text, version))
          this.onPacket(base, packet, frame.text, version, out);
      }
    } else if (frame.binary !== undefined) {
      if (frame.transport === 'websocket') {
        this.onPacket(base, decodeEioBinaryFrame(frame.binary, version), frame.binary, version, out);
      } else {
        for (const packet of decodePollingBinary(frame.binary, version))
          this.onPacket(base, packet, frame.binary, version, out);
      }
    }
  }

  private onPacket(
    base: PacketBase,
    packet: EioDecoded,
    raw: string | Uint8Array,
    version: EioVersion,
    out: SessionRecord[],
  ): void {
    const size =
      typeof raw === 'string' ? utf8Length(raw, packet.at, packet.at + packet.length) : packet.length;
    if (packet.type === 'error') {
      out.push({ ...base, size, error: packet.error, raw: rawOf(raw, packet.at, packet.length) });
      return;
    }
    const { type, data } = packet;
    if (type === 'open') {
      const text = typeof data === 'string' ? data : '';
      const parsed = parseHandshake(text);
      if ('handshake' in parsed) out.push({ ...base, size, eio: { type, data: parsed.json } });
      else out.push({ ...base, size, eio: { type, data: parsed.json ?? text }, error: parsed.error });
      return;
    }
    if (type !== 'message' || this.options.parser === 'none') {
      out.push({ ...base, size, eio: data === undefined ? { type } : { type, data: jsonOf(data) } });
      return;
    }
    if (data instanceof Uint8Array) return this.onBinaryMessage(base, size, data, out);
    this.flushPending(base.dir, out);
    this.onTextMessage(base, size, data ?? '', version === 3 ? 4 : 5, out);
  }

  private onTextMessage(
    base: PacketBase,
    size: number,
    text: string,
    protocol: SioProtocol,
    out: SessionRecord[],
  ): void {
    const decoded = decodeSioPacket(text, protocol, { maxAttachments: this.options.maxAttachments });
    const eio = { type: 'message', data: text } as const;
    const { packet, error } = decoded;
    if (packet !== undefined && packet.attachments !== undefined && packet.attachments > 0) {
      // Even a packet with a complaint (say, a reserved event name) owns the attachments that follow it.
      const pending: PendingBinary = { base, size, eioData: text, packet, error, attachments: [], held: [] };
      if (base.dir === 'in') this.pendingIn = pending;
      else this.pendingOut = pending;
      return;
    }
    if (packet === undefined || error !== undefined) {
      const sio = packet === undefined ? undefined : sioField(packet, packet.data);
      out.push({ ...base, size, eio, ...(sio && { sio }), error: error ?? unreachable(), raw: text });
      return;
    }
    out.push({ ...base, size, eio, sio: sioField(packet, packet.data) });
  }

  private onBinaryMessage(base: PacketBase, size: number, data: Uint8Array, out: SessionRecord[]): void {
    const pending = base.dir === 'in' ? this.pendingIn : this.pendingOut;
    const eio = { type: 'message', data: binaryJson(data) } as const;
    if (pending === undefined) {
      const error = decodeError('SIO_ATTACHMENT_UNEXPECTED', 'no binary packet is waiting for attachments');
      out.push({ ...base, size, eio, error, raw: eio.data });
      return;
    }
    pending.attachments.push(data);
    pending.held.push({ ...base, size, eio, attachmentOf: pending.base.frame });
    if (pending.attachments.length === pending.packet.attachments)
      this.completePending(base.dir, pending, out);
  }

  private completePending(dir: Direction, pending: PendingBinary, out: SessionRecord[]): void {
    if (dir === 'in') this.pendingIn = undefined;
    else this.pendingOut = undefined;
    const { base, size, eioData, packet } = pending;
    const rebuilt = reconstructBinary(packet.data ?? null, pending.attachments);
    const error = pending.error ?? rebuilt.error;
    const record: PacketRecord = {
      ...base,
      size,
      eio: { type: 'message', data: eioData },
      sio: sioField(packet, rebuilt.data),
      ...(error && { error, raw: eioData }),
    };
    out.push(record, ...pending.held);
  }

  /** A binary packet cut short (text arrived, or the input ended) is reported with what it has. */
  private flushPending(dir: Direction, out: SessionRecord[]): void {
    const pending = dir === 'in' ? this.pendingIn : this.pendingOut;
    if (pending === undefined) return;
    if (dir === 'in') this.pendingIn = undefined;
    else this.pendingOut = undefined;
    const { base, size, eioData, packet } = pending;
    const expected = packet.attachments ?? 0;
    const error: DecodeError = decodeError(
      'SIO_ATTACHMENT_MISSING',
      `${packet.type} declared ${expected} attachment(s), ${pending.attachments.length} arrived`,
    );
    const partial = reconstructBinary(packet.data ?? null, pending.attachments).data;
    out.push({
      ...base,
      size,
      eio: { type: 'message' as const, data: eioData },
      sio: sioField(packet, partial),
      error,
      raw: eioData,
    });
    out.push(...pending.held);
  }
}

/** Decodes a stream of frames from any number of connections; records come out in push order per connection. */
export class SessionDecoder {
  private readonly connections = new Map<string, ConnectionDecoder>();
  private frameCount = 0;
  private lastT = 0;

  constructor(private readonly options: DecoderOptions = {}) {}

  /** Index the next frame will get: frames are numbered in push order across the session. */
  get nextFrame(): number {
    return this.frameCount;
  }

  /** Time of the latest frame seen, for records that have none of their own. */
  get time(): number {
    return this.lastT;
  }

  push(frame: FrameInput, out: SessionRecord[]): void {
    if (frame.t !== undefined && Number.isFinite(frame.t)) this.lastT = frame.t;
    const conn = frame.conn ?? DEFAULT_CONN;
    let decoder = this.connections.get(conn);
    if (decoder === undefined) {
      decoder = new ConnectionDecoder(conn, this.options);
      this.connections.set(conn, decoder);
    }
    decoder.push({ frame, index: this.frameCount++, t: this.lastT }, out);
  }

  /** Lifecycle records carry no Engine.IO data; they pass through so one stream holds everything. */
  pushLifecycle(record: LifecycleRecord, out: SessionRecord[]): void {
    if (Number.isFinite(record.t)) this.lastT = record.t;
    out.push(record);
  }

  end(out: SessionRecord[]): void {
    for (const decoder of this.connections.values()) decoder.end(out);
  }
}

export function decodeFrames(frames: Iterable<FrameInput>, options: DecoderOptions = {}): SessionRecord[] {
  const decoder = new SessionDecoder(options);
  const out: SessionRecord[] = [];
  for (const frame of frames) decoder.push(frame, out);
  decoder.end(out);
  return out;
}

function sioField(packet: SioPacket, data: Json | undefined): SioField {
  const { type, nsp, id, attachments } = packet;
  const common = {
    type,
    nsp,
    ...(id !== undefined && { id }),
    ...(attachments !== undefined && { attachments }),
  };
  switch (type) {
    case 'EVENT':
    case 'BINARY_EVENT': {
      if (!Array.isArray(data) || data.length === 0) return data === undefined ? common : { ...common, data };
      const [event, ...args] = data;
      return typeof event === 'string' || typeof event === 'number'
        ? { ...common, event, args }
        : { ...common, args: data };
    }
    case 'ACK':
    case 'BINARY_ACK':
      return Array.isArray(data)
        ? { ...common, args: data }
        : data === undefined
          ? common
          : { ...common, data };
    case 'CONNECT':
    case 'CONNECT_ERROR':
    case 'ERROR':
    case 'DISCONNECT':
      return data === undefined ? common : { ...common, data };
  }
}

function jsonOf(data: string | Uint8Array): Json {
  return typeof data === 'string' ? data : binaryJson(data);
}

function binaryJson(bytes: Uint8Array): BinaryJson & Json {
  return { $binary: base64Encode(bytes) } as BinaryJson & Json;
}

function rawOf(raw: string | Uint8Array, at: number, length: number): string | BinaryJson {
  return typeof raw === 'string' ? raw.slice(at, at + length) : binaryJson(raw.subarray(at, at + length));
}

function unreachable(): never {
  throw new Error('decodeSioPacket returned neither a packet nor an error');
}
