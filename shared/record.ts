// The record stream: one schema for the CLI's ndjson output, the session file body and the append
// batches sent to the renderer (README.md, "Records").
import { stringifyJson } from './bounded-json';
import { decodeError, type DecodeError } from './protocol/errors';

export type Direction = 'in' | 'out';
export type Transport = 'polling' | 'websocket';
export type EioVersion = 3 | 4;

/** Engine.IO packet types in the order of their digit, the same in v3 and v4 (docs/protocol.md §1.1). */
export const EIO_PACKET_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
export type EioPacketType = (typeof EIO_PACKET_TYPES)[number];

/** Socket.IO packet names of both protocols; type 4 is CONNECT_ERROR in protocol v5 and ERROR in v4. */
export const SIO_PACKET_TYPES = [
  'CONNECT',
  'DISCONNECT',
  'EVENT',
  'ACK',
  'CONNECT_ERROR',
  'ERROR',
  'BINARY_EVENT',
  'BINARY_ACK',
] as const;
export type SioPacketType = (typeof SIO_PACKET_TYPES)[number];

/**
 * How Socket.IO packets ride in Engine.IO messages: socket.io-parser's text grammar (with binary
 * attachments), socket.io-msgpack-parser's one msgpack map per binary message, or no Socket.IO layer
 * at all (a plain Engine.IO server).
 */
export const PARSERS = ['socket.io', 'msgpack', 'none'] as const;
export type Parser = (typeof PARSERS)[number];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** How binary travels through JSON records: `{"$binary": "<base64>"}`. */
export interface BinaryJson {
  readonly $binary: string;
}

export interface EioField {
  readonly type: EioPacketType;
  /**
   * open: the parsed handshake object (or the raw text when it is not JSON); ping/pong: the text
   * (`"probe"`); message: the text, or `{"$binary"}` for binary. Absent when the packet has no data.
   */
  readonly data?: Json;
}

export interface SioField {
  readonly type: SioPacketType;
  readonly nsp: string;
  readonly id?: number;
  /** EVENT / BINARY_EVENT: the event name (a string, or a number as socket.io-parser allows). */
  readonly event?: string | number;
  /** EVENT: the arguments after the name; ACK: all arguments. Binary placeholders replaced by `$binary`. */
  readonly args?: Json[];
  /** CONNECT, CONNECT_ERROR / ERROR: the payload. */
  readonly data?: Json;
  /** BINARY_EVENT / BINARY_ACK: the declared number of attachments. */
  readonly attachments?: number;
  /**
   * A server EVENT on a namespace with connection-state recovery: its last argument (still in `args`) is
   * the offset the server appended, which a reconnecting client offers back.
   */
  readonly offset?: string;
}

export interface PacketRecord {
  readonly t: number;
  readonly conn: string;
  readonly frame: number;
  readonly dir: Direction;
  readonly transport: Transport;
  /** Bytes this packet took on the wire (UTF-8 text with its type digit, or binary length). */
  readonly size: number;
  /**
   * The Engine.IO version the decoder read this packet with: told, or detected from the connection's
   * first frames. The one answer to "which version is this connection"; absent in older session files.
   */
  readonly eioVersion?: EioVersion;
  readonly eio?: EioField;
  readonly sio?: SioField;
  /** On a binary attachment: the `frame` of the BINARY_EVENT / BINARY_ACK it belongs to. */
  readonly attachmentOf?: number;
  readonly error?: DecodeError;
  /** On error records only: the undecodable input, so nothing that was on the wire is lost. */
  readonly raw?: string | BinaryJson;
}

export const LIFECYCLE_EVENTS = [
  'http-request',
  'ws-open',
  'ws-close',
  'transport-error',
  'closed',
  // What the tool itself decided and why, in `message`: the Engine.IO version it settled on. Not an error.
  'note',
  // A line of the input (frame lines, session file) that could not be read; see `line` and `error`.
  'input-error',
  // The first record of a connection made to replace a lost one: `reconnectOf`, `attempt`, the wait in `ms`.
  'reconnect',
] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

export interface LifecycleRecord {
  readonly t: number;
  readonly conn: string;
  readonly event: LifecycleEvent;
  readonly frame?: number;
  readonly transport?: Transport;
  /** http-request */
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  readonly ms?: number;
  /**
   * http-request on polling, when the request carried an Origin (a browser's through the proxy, a
   * capture's `Origin` header): that Origin, and the Access-Control-Allow-Origin the server answered,
   * absent when it answered none.
   */
  readonly origin?: string;
  readonly allowOrigin?: string;
  /**
   * ws-open: the Sec-WebSocket-Extensions the server accepted (`permessage-deflate; …`), `""` for none.
   * Frames are recorded as messages, after decompression.
   */
  readonly extensions?: string;
  /**
   * The handshake's HTTP request and response headers as `Name: value` lines, in the order sent: on the
   * http-request of a polling handshake (the GET without a sid), on ws-open, and on the http-request of
   * a refused WebSocket upgrade. Credentials are masked where written, as in the session header.
   */
  readonly requestHeaders?: readonly string[];
  readonly responseHeaders?: readonly string[];
  /** ws-close */
  readonly code?: number;
  /** ws-close, closed */
  readonly reason?: string;
  /** transport-error, note, reconnect */
  readonly message?: string;
  /** reconnect: the connection this one replaces, and which attempt since it was lost (1 = the first). */
  readonly reconnectOf?: string;
  readonly attempt?: number;
  /** input-error: 1-based line number, what is wrong, and the line itself. */
  readonly line?: number;
  readonly error?: DecodeError;
  readonly raw?: string;
}

export type SessionRecord = PacketRecord | LifecycleRecord;

export function isLifecycle(record: SessionRecord): record is LifecycleRecord {
  return 'event' in record;
}

/**
 * A record as one line of JSON; never throws. Decoders refuse values nested past MAX_JSON_DEPTH, so every
 * record they make writes; one that does not (built some other way) keeps its place in the stream as its
 * scalar fields with an error, instead of ending the writer.
 */
export function recordLine(record: SessionRecord): string {
  const line = stringifyJson(record);
  if (line !== undefined) return line;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record))
    if (value === null || typeof value !== 'object') kept[key] = value;
  kept['error'] = decodeError('JSON_TOO_DEEP', 'the record could not be written as JSON');
  return JSON.stringify(kept);
}
