// Turns wire frames into records (README.md, "Records"): Engine.IO packets per frame, the
// Socket.IO packet inside each message, and binary attachments reassembled per connection and direction.
import { assertNever } from '../assert-never';
import { OldestFirst } from '../oldest-first';
import {
  MAX_DECODED_CONNECTIONS,
  MAX_PENDING_ATTACHMENT_BYTES,
  MAX_PENDING_ATTACHMENTS,
  MAX_UNDECIDED_RECORDS,
  MAX_UNDECIDED_SESSION_RECORDS,
} from '../limits';
import {
  isLifecycle,
  type BinaryJson,
  type Direction,
  type EioField,
  type EioVersion,
  type Json,
  type LifecycleRecord,
  type PacketRecord,
  type Parser,
  type SessionRecord,
  type SioField,
  type Transport,
} from '../record';
import { base64Decode, base64Encode, utf8Length } from './bytes';
import { decodeEioBinaryFrame, decodeEioText, parseHandshake, type EioDecoded } from './eio-packet';
import { decodePollingBinary, decodePollingText } from './eio-payload';
import { decodeError, type DecodeError } from './errors';
import { RecoveryOffsets } from './recovery-offsets';
import { decodeSioMsgpack } from './sio-msgpack';
import { decodeSioPacket, type SioPacket, type SioProtocol } from './sio-packet';
import { isBinaryJson, reconstructBinary } from './sio-binary';
import { DETECTION_WINDOW, EioVersionDetector } from './version-detect';

export interface FrameInput {
  /** ms since the session started; absent → the previous frame's time. */
  readonly t?: number;
  readonly conn?: string;
  readonly dir: Direction;
  readonly transport: Transport;
  readonly text?: string;
  readonly binary?: Uint8Array;
  /**
   * The connection's Engine.IO version when the producer knows it (the engine chose it, the proxy saw
   * the `EIO` query). Settles the connection's version; the decoder option still takes precedence.
   */
  readonly eio?: EioVersion;
}

export interface DecoderOptions {
  /** Engine.IO version; absent → detected per connection from its first frames. */
  readonly eio?: EioVersion;
  /**
   * How Socket.IO packets are carried; default socket.io. 'none' keeps Engine.IO messages opaque (plain
   * Engine.IO servers). Under socket.io, a connection whose binary messages turn out to be msgpack
   * Socket.IO packets is switched to msgpack, with a note record saying so.
   */
  readonly parser?: Parser;
  /** Attachments one binary packet may declare (socket.io-parser ≥4.2.6 default: 10). */
  readonly maxAttachments?: number;
}

export const DEFAULT_CONN = 'c1';

/** How the note about connections set aside starts (MAX_DECODED_CONNECTIONS). */
export const SET_ASIDE_NOTE = 'Decoder:';

/** How the note about a detected parser starts; a re-decode drops the old one and may write its own. */
export const PARSER_NOTE = 'Socket.IO parser:';

/** A binary packet waiting for its attachments, with the attachment records held back until complete. */
interface PendingBinary {
  readonly base: PacketBase;
  readonly size: number;
  readonly eioData: string;
  readonly packet: SioPacket;
  readonly error: DecodeError | undefined;
  readonly attachments: Uint8Array[];
  readonly held: PacketRecord[];
  /** Bytes of `attachments`. */
  bytes: number;
}

interface PacketBase {
  readonly t: number;
  readonly conn: string;
  readonly frame: number;
  readonly dir: Direction;
  readonly transport: Transport;
  readonly eioVersion: EioVersion;
}

interface NumberedFrame {
  readonly frame: FrameInput;
  readonly index: number;
  readonly t: number;
}

class ConnectionDecoder {
  private version: EioVersion | undefined;
  /** Frames (and lifecycle records, to keep their order) held until the version is known. */
  private readonly waiting: (NumberedFrame | LifecycleRecord)[] = [];
  private waitingFrames = 0;
  /** While the version is undecided. */
  private detector: EioVersionDetector | undefined;
  private pendingIn: PendingBinary | undefined;
  private pendingOut: PendingBinary | undefined;
  private readonly sioOptions: { readonly maxAttachments?: number };
  private parser: Parser;
  private readonly offsets = new RecoveryOffsets();
  /** SessionDecoder's clock when this connection was last pushed to, and when it took its place in line. */
  used = 0;
  placed = 0;

  constructor(
    private readonly conn: string,
    private readonly options: DecoderOptions,
  ) {
    this.version = options.eio;
    this.parser = options.parser ?? 'socket.io';
    // A session holds a packet's attachments by their bytes (MAX_PENDING_ATTACHMENT_BYTES), so it takes
    // what socket.io 3 and servers with a larger maxAttachments send, not only the parser's default 10.
    this.sioOptions = { maxAttachments: options.maxAttachments ?? MAX_PENDING_ATTACHMENTS };
  }

  push(frame: NumberedFrame, out: SessionRecord[]): void {
    if (this.version !== undefined) return this.decodeFrame(frame, this.version, out);
    this.waiting.push(frame);
    this.waitingFrames++;
    this.detector ??= new EioVersionDetector();
    this.detector.pushFrame(frame.frame);
    const detected = this.detector.verdict;
    if (detected !== undefined || this.waitingFrames >= DETECTION_WINDOW) this.settle(detected ?? 4, out);
  }

  pushLifecycle(record: LifecycleRecord, out: SessionRecord[]): void {
    // Held only to keep its place after frames that are waiting; with none waiting it goes out at once,
    // so a stream of garbage lines is reported as it comes, not held until the version is known.
    if (this.version === undefined && this.waiting.length > 0) this.waiting.push(record);
    else out.push(record);
    // Lifecycle records between too few frames to decide on must not pile up: settle with what is known.
    if (this.version === undefined && this.waiting.length > MAX_UNDECIDED_RECORDS) this.settleNow(out);
  }

  /** Frames and lifecycle records held while the version is undecided. */
  get holding(): number {
    return this.waiting.length;
  }

  /** Stops waiting for evidence: the version is what was seen so far (4 without any), the held records go out. */
  settleNow(out: SessionRecord[]): void {
    if (this.version === undefined) this.settle(this.detector?.verdict ?? 4, out);
  }

  end(out: SessionRecord[]): void {
    if (this.version === undefined) this.settle(4, out);
    const from = out.length;
    this.flushPending('in', out);
    this.flushPending('out', out);
    this.offsets.mark(out, from);
  }

  /**
   * Lets go of the connection before its end: held records go out on the version seen so far, and a
   * binary packet still awaiting attachments goes out with those that arrived.
   */
  setAside(out: SessionRecord[], why: string): void {
    this.settleNow(out);
    const from = out.length;
    for (const dir of ['in', 'out'] as const) {
      const pending = this.pendingOf(dir);
      if (pending === undefined) continue;
      const { type, attachments } = pending.packet;
      const arrived = pending.attachments.length;
      const detail = `${type} declared ${attachments ?? 0} attachment(s), ${arrived} arrived before ${why}`;
      this.flushPending(dir, out, decodeError('SIO_ATTACHMENT_MISSING', detail));
    }
    this.offsets.mark(out, from);
  }

  private settle(version: EioVersion, out: SessionRecord[]): void {
    this.version = version;
    this.waitingFrames = 0;
    this.detector = undefined;
    for (const waiting of this.waiting.splice(0)) {
      if (isFrame(waiting)) this.decodeFrame(waiting, version, out);
      else out.push(waiting);
    }
  }

  private decodeFrame({ frame, index, t }: NumberedFrame, version: EioVersion, out: SessionRecord[]): void {
    const { dir, transport } = frame;
    const base: PacketBase = { t, conn: this.conn, frame: index, dir, transport, eioVersion: version };
    if (frame.text !== undefined) {
      if (transport === 'websocket') {
        this.onPacket(base, decodeEioText(frame.text, version), frame.text, out);
      } else {
        for (const packet of decodePollingText(frame.text, version))
          this.onPacket(base, packet, frame.text, out);
      }
    } else if (frame.binary !== undefined) {
      if (transport === 'websocket') {
        this.onPacket(base, decodeEioBinaryFrame(frame.binary, version), frame.binary, out);
      } else {
        for (const packet of decodePollingBinary(frame.binary, version))
          this.onPacket(base, packet, frame.binary, out);
      }
    }
  }

  private onPacket(
    base: PacketBase,
    packet: EioDecoded,
    raw: string | Uint8Array,
    out: SessionRecord[],
  ): void {
    const size =
      typeof raw === 'string' ? utf8Length(raw, packet.at, packet.at + packet.length) : packet.length;
    if (packet.type === 'error') {
      out.push(
        packetRecord(base, size, undefined, undefined, packet.error, rawOf(raw, packet.at, packet.length)),
      );
      return;
    }
    const { type, data } = packet;
    if (type === 'open') {
      const text = typeof data === 'string' ? data : '';
      const parsed = parseHandshake(text);
      if ('handshake' in parsed) out.push(packetRecord(base, size, { type, data: parsed.json }));
      else
        out.push(
          packetRecord(base, size, { type, data: parsed.json ?? text }, undefined, parsed.error, text),
        );
      return;
    }
    if (type !== 'message' || this.parser === 'none') {
      out.push(packetRecord(base, size, data === undefined ? { type } : { type, data: jsonOf(data) }));
      return;
    }
    this.onMessage(base, size, data ?? '', out);
  }

  /**
   * A packet record decoded before (a session file's), its Engine.IO message read again with this
   * decoder's parser; everything else about the record stays as it was.
   */
  redecode(record: PacketRecord, out: SessionRecord[]): void {
    const data = record.eio?.type === 'message' ? record.eio.data : undefined;
    const bytes = isBinaryJson(data) ? base64Decode(data.$binary) : undefined;
    if (typeof data !== 'string' && bytes === undefined) {
      out.push(record);
      return;
    }
    const eioVersion = record.eioVersion ?? this.version ?? 4;
    const { t, conn, frame, dir, transport, size } = record;
    const base: PacketBase = { t, conn, frame, dir, transport, eioVersion };
    if (this.parser === 'none') {
      out.push(packetRecord(base, size, record.eio));
      return;
    }
    this.onMessage(base, size, bytes ?? (data as string), out);
  }

  private onMessage(base: PacketBase, size: number, data: string | Uint8Array, out: SessionRecord[]): void {
    const from = out.length;
    this.decodeMessage(base, size, data, out);
    this.offsets.mark(out, from);
  }

  private decodeMessage(
    base: PacketBase,
    size: number,
    data: string | Uint8Array,
    out: SessionRecord[],
  ): void {
    if (this.parser === 'msgpack') return this.onMsgpackMessage(base, size, data, out);
    if (data instanceof Uint8Array) {
      if (this.pendingOf(base.dir) === undefined && this.detectMsgpack(base, data, out))
        return this.onMsgpackMessage(base, size, data, out);
      return this.onBinaryMessage(base, size, data, out);
    }
    this.flushPending(base.dir, out);
    this.onTextMessage(base, size, data, base.eioVersion === 3 ? 4 : 5, out);
  }

  private onTextMessage(
    base: PacketBase,
    size: number,
    text: string,
    protocol: SioProtocol,
    out: SessionRecord[],
  ): void {
    const { packet, error } = decodeSioPacket(text, protocol, this.sioOptions);
    if (
      packet !== undefined &&
      packet.attachments !== undefined &&
      packet.attachments > 0 &&
      error?.code !== 'SIO_TOO_MANY_ATTACHMENTS'
    ) {
      // Even a packet with a complaint (say, a reserved event name) owns the attachments that follow it;
      // one announcing more than the limit owns none, or it would hold every later binary frame.
      const pending: PendingBinary = {
        base,
        size,
        eioData: text,
        packet,
        error,
        attachments: [],
        held: [],
        bytes: 0,
      };
      if (base.dir === 'in') this.pendingIn = pending;
      else this.pendingOut = pending;
      return;
    }
    const eio: EioField = { type: 'message', data: text };
    const sio = packet === undefined ? undefined : sioField(packet, packet.data);
    if (packet === undefined && error === undefined) unreachable();
    out.push(packetRecord(base, size, eio, sio, error, text));
  }

  /** socket.io-msgpack-parser: the whole packet, binary inline, in one binary message; text is not its. */
  private onMsgpackMessage(
    base: PacketBase,
    size: number,
    data: string | Uint8Array,
    out: SessionRecord[],
  ): void {
    if (typeof data === 'string') {
      const error = decodeError('SIO_MSGPACK_TEXT', JSON.stringify(data.slice(0, 40)));
      out.push(packetRecord(base, size, { type: 'message', data }, undefined, error, data));
      return;
    }
    const binary = binaryJson(data);
    const { packet, error } = decodeSioMsgpack(data, base.eioVersion === 3 ? 4 : 5);
    const sio = packet === undefined ? undefined : sioField(packet, packet.data);
    out.push(packetRecord(base, size, { type: 'message', data: binary }, sio, error, binary));
  }

  /**
   * A binary message no Socket.IO text packet announced, that reads as a whole msgpack Socket.IO packet:
   * the peers use socket.io-msgpack-parser. From here on the connection is decoded as msgpack.
   */
  private detectMsgpack(base: PacketBase, data: Uint8Array, out: SessionRecord[]): boolean {
    const { packet, error } = decodeSioMsgpack(data, base.eioVersion === 3 ? 4 : 5);
    if (packet === undefined || error !== undefined) return false;
    this.parser = 'msgpack';
    out.push({
      t: base.t,
      conn: base.conn,
      event: 'note',
      frame: base.frame,
      message: `${PARSER_NOTE} msgpack (binary messages are whole socket.io-msgpack-parser packets; --parser msgpack says so up front)`,
    });
    return true;
  }

  private pendingOf(dir: Direction): PendingBinary | undefined {
    return dir === 'in' ? this.pendingIn : this.pendingOut;
  }

  private onBinaryMessage(base: PacketBase, size: number, data: Uint8Array, out: SessionRecord[]): void {
    const pending = this.pendingOf(base.dir);
    const binary = binaryJson(data);
    const eio: EioField = { type: 'message', data: binary };
    if (pending === undefined) {
      const error = decodeError('SIO_ATTACHMENT_UNEXPECTED', 'no binary packet is waiting for attachments');
      out.push(packetRecord(base, size, eio, undefined, error, binary));
      return;
    }
    pending.attachments.push(data);
    pending.bytes += data.length;
    const attachment = packetRecord(base, size, eio);
    attachment.attachmentOf = pending.base.frame;
    pending.held.push(attachment);
    if (pending.attachments.length === pending.packet.attachments)
      this.completePending(base.dir, pending, out);
    else if (pending.bytes > MAX_PENDING_ATTACHMENT_BYTES)
      this.flushPending(
        base.dir,
        out,
        decodeError(
          'SIO_ATTACHMENTS_TOO_LARGE',
          `${pending.packet.type} declared ${pending.packet.attachments ?? 0} attachment(s); ${pending.attachments.length} arrived, ${pending.bytes} bytes, past the ${MAX_PENDING_ATTACHMENT_BYTES}-byte limit`,
        ),
      );
  }

  private completePending(dir: Direction, pending: PendingBinary, out: SessionRecord[]): void {
    if (dir === 'in') this.pendingIn = undefined;
    else this.pendingOut = undefined;
    const { base, size, eioData, packet } = pending;
    const rebuilt = reconstructBinary(packet.data ?? null, pending.attachments);
    const eio: EioField = { type: 'message', data: eioData };
    const error = pending.error ?? rebuilt.error;
    out.push(packetRecord(base, size, eio, sioField(packet, rebuilt.data), error, eioData), ...pending.held);
  }

  /** A binary packet cut short (text arrived, or the input ended) is reported with what it has. */
  private flushPending(dir: Direction, out: SessionRecord[], why?: DecodeError): void {
    const pending = dir === 'in' ? this.pendingIn : this.pendingOut;
    if (pending === undefined) return;
    if (dir === 'in') this.pendingIn = undefined;
    else this.pendingOut = undefined;
    const { base, size, eioData, packet } = pending;
    const error =
      why ??
      decodeError(
        'SIO_ATTACHMENT_MISSING',
        `${packet.type} declared ${packet.attachments ?? 0} attachment(s), ${pending.attachments.length} arrived`,
      );
    const partial = reconstructBinary(packet.data ?? null, pending.attachments).data;
    const eio: EioField = { type: 'message', data: eioData };
    out.push(packetRecord(base, size, eio, sioField(packet, partial), error, eioData), ...pending.held);
  }
}

/** Decodes a stream of frames from any number of connections; records come out in push order per connection. */
export class SessionDecoder {
  /**
   * The connections decoded now, MAX_DECODED_CONNECTIONS at most, in the order they took their place
   * in line; one used since it took its place gets a second chance at the back before it is set aside.
   */
  private readonly connections = new Map<string, ConnectionDecoder>();
  private readonly line = new OldestFirst(() => this.connections.entries());
  /** Counts pushes: when each connection was last used, and when it took its place. */
  private clock = 0;
  private setAsideCount = 0;
  /** Connections holding records while their version is undecided, the one holding longest first. */
  private readonly undecided = new Set<ConnectionDecoder>();
  private readonly undecidedLine = new OldestFirst(() => this.undecided.values());
  /** Records they hold, MAX_UNDECIDED_SESSION_RECORDS at most. */
  private held = 0;
  private frameCount = 0;
  private lastT = 0;

  constructor(private readonly options: DecoderOptions = {}) {}

  /** Time of the latest frame seen, for records that have none of their own. */
  get time(): number {
    return this.lastT;
  }

  /** Records held by connections whose version is undecided, across the session. */
  get holding(): number {
    return this.held;
  }

  /** Connections whose decoding state is kept: MAX_DECODED_CONNECTIONS at most. */
  get connectionsKept(): number {
    return this.connections.size;
  }

  /** Connections set aside to keep within MAX_DECODED_CONNECTIONS. */
  get connectionsSetAside(): number {
    return this.setAsideCount;
  }

  push(frame: FrameInput, out: SessionRecord[]): void {
    if (frame.t !== undefined && Number.isFinite(frame.t)) this.lastT = frame.t;
    const decoder = this.connection(frame.conn ?? DEFAULT_CONN, out);
    const before = decoder.holding;
    decoder.push({ frame, index: this.frameCount++, t: this.lastT }, out);
    this.counted(decoder, before, out);
  }

  /**
   * A session file's record read again with this decoder's parser: packet records' messages are decoded
   * anew, lifecycle records pass as they are, except the recorded parser note, which makes way for what
   * this parser finds.
   */
  redecode(record: SessionRecord, out: SessionRecord[]): void {
    if (Number.isFinite(record.t)) this.lastT = record.t;
    if (!isLifecycle(record)) return this.connection(record.conn, out).redecode(record, out);
    if (record.event !== 'note' || record.message?.startsWith(PARSER_NOTE) !== true) out.push(record);
  }

  /** Lifecycle records carry no Engine.IO data; they join the stream in order with their connection's frames. */
  pushLifecycle(record: LifecycleRecord, out: SessionRecord[]): void {
    if (Number.isFinite(record.t)) this.lastT = record.t;
    const decoder = this.connection(record.conn, out);
    const before = decoder.holding;
    decoder.pushLifecycle(record, out);
    this.counted(decoder, before, out);
  }

  /**
   * Keeps the count of held records after a push; past the session's limit, the connections that have
   * held records longest settle on what they saw, so every record still comes out, decoded.
   */
  private counted(decoder: ConnectionDecoder, before: number, out: SessionRecord[]): void {
    const now = decoder.holding;
    if (now === before) return;
    this.held += now - before;
    if (now === 0) this.undecided.delete(decoder);
    else if (before === 0) this.undecided.add(decoder);
    while (this.held > MAX_UNDECIDED_SESSION_RECORDS) {
      const oldest = this.undecidedLine.take();
      if (oldest === undefined) break;
      this.held -= oldest.holding;
      this.undecided.delete(oldest);
      oldest.settleNow(out);
    }
  }

  private connection(conn: string, out: SessionRecord[]): ConnectionDecoder {
    const now = ++this.clock;
    let decoder = this.connections.get(conn);
    if (decoder === undefined) {
      if (this.connections.size >= MAX_DECODED_CONNECTIONS) this.setAsideOne(now, out);
      decoder = new ConnectionDecoder(conn, this.options);
      decoder.placed = now;
      this.connections.set(conn, decoder);
    }
    decoder.used = now;
    return decoder;
  }

  /**
   * Sets aside the connection least recently used, near enough (a second chance, as an OS pages out):
   * the front of the line goes unless it was used since it took its place, then it goes to the back.
   */
  private setAsideOne(now: number, out: SessionRecord[]): void {
    for (let next = this.line.take(); next !== undefined; next = this.line.take()) {
      const [conn, decoder] = next;
      this.connections.delete(conn);
      if (decoder.used > decoder.placed) {
        decoder.placed = now;
        this.connections.set(conn, decoder);
        continue;
      }
      const held = decoder.holding;
      if (held > 0) {
        this.held -= held;
        this.undecided.delete(decoder);
      }
      const limit = MAX_DECODED_CONNECTIONS.toLocaleString('en-US');
      decoder.setAside(out, `the connection was set aside (more than ${limit} connections at once)`);
      if (this.setAsideCount++ === 0)
        out.push({
          t: this.lastT,
          conn,
          event: 'note',
          message: `${SET_ASIDE_NOTE} more than ${limit} connections at once; the least recently active are set aside, ${conn} first: one that sends again is decoded afresh, its Engine.IO version detected again`,
        });
      return;
    }
  }

  end(out: SessionRecord[]): void {
    for (const decoder of this.connections.values()) decoder.end(out);
    this.undecided.clear();
    this.held = 0;
  }
}

/** Decoded records (a session file's) decoded again with other options: see SessionDecoder.redecode. */
export function redecodeRecords(records: Iterable<SessionRecord>, options: DecoderOptions): SessionRecord[] {
  const decoder = new SessionDecoder(options);
  const out: SessionRecord[] = [];
  for (const record of records) decoder.redecode(record, out);
  decoder.end(out);
  return out;
}

export function decodeFrames(frames: Iterable<FrameInput>, options: DecoderOptions = {}): SessionRecord[] {
  const decoder = new SessionDecoder(options);
  const out: SessionRecord[] = [];
  for (const frame of frames) decoder.push(frame, out);
  decoder.end(out);
  return out;
}

function isFrame(item: NumberedFrame | LifecycleRecord): item is NumberedFrame {
  return 'frame' in item && typeof item.frame === 'object';
}

/**
 * Builds a packet record in one fixed shape, without spreads: a million records go through here and
 * through JSON.stringify, and same-shaped objects keep both on V8's fast paths.
 */
function packetRecord(
  base: PacketBase,
  size: number,
  eio?: EioField,
  sio?: SioField,
  error?: DecodeError,
  raw?: string | BinaryJson,
): Mutable<PacketRecord> {
  const record: Mutable<PacketRecord> = {
    t: base.t,
    conn: base.conn,
    frame: base.frame,
    dir: base.dir,
    transport: base.transport,
    size,
    eioVersion: base.eioVersion,
  };
  if (eio !== undefined) record.eio = eio;
  if (sio !== undefined) record.sio = sio;
  if (error !== undefined) {
    record.error = error;
    if (raw !== undefined) record.raw = raw;
  }
  return record;
}

function sioField(packet: SioPacket, data: Json | undefined): SioField {
  const { type, id, attachments } = packet;
  const field: Mutable<SioField> = { type, nsp: packet.nsp };
  if (id !== undefined) field.id = id;
  switch (type) {
    case 'EVENT':
    case 'BINARY_EVENT': {
      const event = Array.isArray(data) ? data[0] : undefined;
      if (typeof event === 'string' || typeof event === 'number') {
        field.event = event;
        field.args = (data as Json[]).slice(1);
      } else if (Array.isArray(data)) field.args = data;
      else if (data !== undefined) field.data = data;
      break;
    }
    case 'ACK':
    case 'BINARY_ACK':
      if (Array.isArray(data)) field.args = data;
      else if (data !== undefined) field.data = data;
      break;
    case 'CONNECT':
    case 'CONNECT_ERROR':
    case 'ERROR':
    case 'DISCONNECT':
      if (data !== undefined) field.data = data;
      break;
    default:
      assertNever(type);
  }
  if (attachments !== undefined) field.attachments = attachments;
  return field;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
