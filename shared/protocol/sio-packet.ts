// The Socket.IO packet layer, protocol v5 (socket.io ≥3, over EIO4) and v4 (socket.io 1/2, over EIO3).
// One text grammar for both (docs/protocol.md §2.2):
//   <type>[<attachments>-][<nsp>,][<id>][JSON]
// Payload rules per type follow the reference decoders, socket.io-parser 4.2.x (v5) and 3.4.x (v4),
// which are more exact than the prose (§2.1). Decoding never throws: bad input comes back as an error.
import { isTooDeep, parseJson } from '../bounded-json';
import type { Json, SioPacketType } from '../record';
import { assertNever } from '../assert-never';
import { decodeError, type DecodeError } from './errors';
import { deconstructBinary } from './sio-binary';

export type SioProtocol = 4 | 5;

export interface SioPacket {
  readonly type: SioPacketType;
  /** `/` when the packet names none. v4 CONNECT keeps a `?query` here, as the reference decoder does. */
  readonly nsp: string;
  readonly id?: number;
  /** The parsed JSON payload, binary placeholders still in it (see reconstructBinary). */
  readonly data?: Json;
  /** BINARY_EVENT / BINARY_ACK: the declared number of attachments. */
  readonly attachments?: number;
}

/** Packet alone, error alone, or both: what was understood and what is wrong with it. */
export interface SioDecodeResult {
  readonly packet?: SioPacket;
  readonly error?: DecodeError;
}

/**
 * Where each field of the header sits in the text, for the decoder and for the detail view's field
 * highlighting. Ranges are [start, end) offsets; an absent field is an empty range.
 * An `error` of SIO_EMPTY_PACKET, SIO_UNKNOWN_TYPE or SIO_BAD_ATTACHMENTS means the scan stopped there:
 * the fields after it are empty ranges at the stop offset and `payloadStart` is the text length.
 * SIO_ID_OUT_OF_RANGE is reported with every range filled in and `id` absent.
 */
export interface SioHeader {
  /** 0–6 (§2.1), or -1 when the text is empty or does not start with a packet type digit. */
  readonly typeCode: number;
  /** Types 5/6: the count written in [attachmentsStart, attachmentsEnd); the `-` is at attachmentsEnd. */
  readonly attachments?: number;
  readonly attachmentsStart: number;
  readonly attachmentsEnd: number;
  /** The namespace without its terminating `,`; an empty range means `/`. */
  readonly nspStart: number;
  readonly nspEnd: number;
  /** A `,` ended the namespace (false when it ran to the end of the text, or there is none). */
  readonly nspTerminated: boolean;
  readonly idStart: number;
  readonly idEnd: number;
  readonly id?: number;
  /** The JSON payload is text.slice(payloadStart); none when it equals the text length. */
  readonly payloadStart: number;
  readonly error?: DecodeError;
}

export interface SioOutPacket {
  readonly type: SioPacketType;
  /** Must start with `/` and contain no `,` (the grammar has no escape for it); `/` or absent: omitted. */
  readonly nsp?: string;
  /** A non-negative safe integer. */
  readonly id?: number;
  /**
   * May contain `{$binary}` values; null and undefined are both written as no payload, as socket.io-parser
   * does.
   */
  readonly data?: Json;
}

export interface SioDecodeOptions {
  /** Attachments one packet may declare; socket.io-parser ≥4.2.6 / 3.4.4 default to 10. */
  readonly maxAttachments?: number;
}

/** Event names socket.io-parser 4.x refuses in v5 (they mean something to the socket itself). */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

export const V5_TYPES: readonly SioPacketType[] = [
  'CONNECT',
  'DISCONNECT',
  'EVENT',
  'ACK',
  'CONNECT_ERROR',
  'BINARY_EVENT',
  'BINARY_ACK',
];
export const V4_TYPES: readonly SioPacketType[] = [
  'CONNECT',
  'DISCONNECT',
  'EVENT',
  'ACK',
  'ERROR',
  'BINARY_EVENT',
  'BINARY_ACK',
];

const CHAR_0 = 0x30;
const CHAR_DASH = 0x2d;
const CHAR_SLASH = 0x2f;

/** The grammar of §2.2 and nothing else: no JSON work, so the detail view can call it per row. */
export function scanSioHeader(text: string): SioHeader {
  const len = text.length;
  if (len === 0) {
    // socket.io-parser reads '' as type Number('') = 0, a CONNECT to '/'; it is still nothing on the wire.
    return stopped(
      -1,
      0,
      len,
      decodeError('SIO_EMPTY_PACKET', "socket.io-parser would read it as a CONNECT to '/'"),
    );
  }
  const typeCode = text.charCodeAt(0) - CHAR_0;
  if (typeCode < 0 || typeCode > 6) {
    return stopped(-1, 0, len, decodeError('SIO_UNKNOWN_TYPE', JSON.stringify(text.slice(0, 1))));
  }
  let i = 1;
  let attachments: number | undefined;
  if (typeCode === 5 || typeCode === 6) {
    // Digits only: socket.io-parser also lets through what Number() accepts (`5+1-`, `50x1-`, `5 1-`).
    let n = 0;
    while (i < len && isDigit(text.charCodeAt(i))) n = n * 10 + (text.charCodeAt(i++) - CHAR_0);
    if (i === 1 || text.charCodeAt(i) !== CHAR_DASH) {
      const found = i < len ? JSON.stringify(text.charAt(i)) : 'the end of the packet';
      const detail =
        i === 1
          ? `no count after type ${typeCode}, found ${found}`
          : `no '-' after the count, found ${found}`;
      return stopped(typeCode, i, len, decodeError('SIO_BAD_ATTACHMENTS', detail));
    }
    attachments = n;
    i++;
  }
  const attachmentsEnd = attachments === undefined ? 1 : i - 1;
  const nspStart = i;
  let nspEnd = i;
  let nspTerminated = false;
  if (text.charCodeAt(i) === CHAR_SLASH) {
    // §2.2: the namespace ends at the first `,`, or at the end of the text (`0/admin` is accepted).
    const comma = text.indexOf(',', i);
    nspTerminated = comma !== -1;
    nspEnd = nspTerminated ? comma : len;
    i = nspTerminated ? comma + 1 : len;
  }
  const idStart = i;
  let id: number | undefined;
  let error: DecodeError | undefined;
  if (i < len && isDigit(text.charCodeAt(i))) {
    id = 0;
    while (i < len && isDigit(text.charCodeAt(i))) id = id * 10 + (text.charCodeAt(i++) - CHAR_0);
    if (id > Number.MAX_SAFE_INTEGER) {
      error = decodeError(
        'SIO_ID_OUT_OF_RANGE',
        `${abbreviate(text.slice(idStart, i))} is above ${Number.MAX_SAFE_INTEGER}`,
      );
      id = undefined;
    }
  }
  return {
    typeCode,
    attachments,
    attachmentsStart: 1,
    attachmentsEnd,
    nspStart,
    nspEnd,
    nspTerminated,
    idStart,
    idEnd: i,
    id,
    payloadStart: i,
    error,
  };
}

/**
 * Decodes one Socket.IO packet (the data of an Engine.IO message). A bad header gives an error alone;
 * anything found wrong after the header (payload shape, reserved name, attachment limit, id range) comes
 * with the packet as the receiver would read it. Only the first problem is reported.
 */
export function decodeSioPacket(
  text: string,
  protocol: SioProtocol,
  options?: SioDecodeOptions,
): SioDecodeResult {
  const header = scanSioHeader(text);
  let error = header.error;
  if (error !== undefined && error.code !== 'SIO_ID_OUT_OF_RANGE') return { error };
  const typeCode = header.typeCode;
  const packet: Mutable<SioPacket> = {
    type: (protocol === 5 ? V5_TYPES : V4_TYPES)[typeCode] as SioPacketType,
    nsp: header.nspEnd > header.nspStart ? text.slice(header.nspStart, header.nspEnd) : '/',
  };
  if (header.id !== undefined) packet.id = header.id;
  if (header.attachments !== undefined) {
    packet.attachments = header.attachments;
    error ??= attachmentsError(header.attachments, options?.maxAttachments ?? PARSER_MAX_ATTACHMENTS);
  }
  if (!header.nspTerminated && header.nspEnd > header.nspStart && looksLikePayload(packet.nsp)) {
    // socket.io-parser reads all of `2/admin["x"]` as the namespace; say what probably happened.
    return {
      packet,
      error: error ?? decodeError('SIO_INVALID_PAYLOAD', missingCommaHint(text, header.nspStart, packet.nsp)),
    };
  }
  if (header.payloadStart < text.length) {
    if (isJsonSpace(text.charCodeAt(header.payloadStart))) {
      // JSON.parse would skip it, but socket.io-parser's id scan takes whitespace for digits (Number(' ')
      // is 0): `2 ["x"]` reaches the server as an EVENT with ack id 0.
      error ??= invalid('whitespace before the payload; socket.io-parser reads it as (part of) an ack id');
    }
    const parsed = parseJson(text.slice(header.payloadStart));
    if ('error' in parsed) {
      const code = isTooDeep(parsed) ? 'JSON_TOO_DEEP' : 'SIO_INVALID_JSON';
      return { packet, error: error ?? decodeError(code, parsed.error) };
    }
    packet.data = parsed.value as Json;
  }
  error ??= payloadError(typeCode, packet.data, protocol);
  return error === undefined ? { packet } : { packet, error };
}

/**
 * EVENT / ACK whose data holds `{$binary}` values go out as BINARY_EVENT / BINARY_ACK with placeholders
 * (§2.2; socket.io-parser ≥4.0.1 promotes the same way). BINARY_* asked for explicitly keep their type,
 * even with no binary (`50-[...]`, as socket.io-parser 3.x writes it). Other types cannot carry
 * attachments, so their `{$binary}` values stay JSON. The grammar is the same in v4 and v5, so the
 * protocol changes nothing in the text. Throws a RangeError for an nsp or id the grammar cannot carry.
 */
export function encodeSioPacket(
  packet: SioOutPacket,
  _protocol: SioProtocol,
): { text: string; attachments: Uint8Array[] } {
  let typeCode = typeCodeOf(packet.type);
  let data = packet.data;
  let attachments: Uint8Array[] = [];
  if (data !== undefined && data !== null && (typeCode === 2 || typeCode === 3 || typeCode >= 5)) {
    const split = deconstructBinary(data);
    if (split.attachments.length > 0) {
      data = split.data;
      attachments = split.attachments;
      if (typeCode < 5) typeCode += 3;
    }
  }
  let text = String(typeCode);
  if (typeCode >= 5) text += `${attachments.length}-`;
  const nsp = packet.nsp;
  if (nsp !== undefined && nsp !== '' && nsp !== '/') {
    if (nsp.charCodeAt(0) !== CHAR_SLASH || nsp.includes(',')) {
      throw new RangeError(`namespace must start with '/' and contain no ',': ${JSON.stringify(nsp)}`);
    }
    text += `${nsp},`;
  }
  if (packet.id !== undefined) {
    if (!Number.isSafeInteger(packet.id) || packet.id < 0) {
      throw new RangeError(`ack id must be a non-negative safe integer: ${packet.id}`);
    }
    text += String(packet.id);
  }
  if (data !== undefined && data !== null) text += JSON.stringify(data);
  return { text, attachments };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function stopped(typeCode: number, at: number, len: number, error: DecodeError): SioHeader {
  return {
    typeCode,
    attachmentsStart: Math.min(1, at),
    attachmentsEnd: at,
    nspStart: at,
    nspEnd: at,
    nspTerminated: false,
    idStart: at,
    idEnd: at,
    payloadStart: len,
    error,
  };
}

function abbreviate(digits: string): string {
  return digits.length > 30 ? `${digits.slice(0, 30)}… (${digits.length} digits)` : digits;
}

/** The whitespace JSON allows around a value (RFC 8259 §2). */
function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= CHAR_0 && c <= CHAR_0 + 9;
}

/** socket.io-parser's own default `maxAttachments` (≥4.2.6, 3.4.5), which this decoder mirrors alone. */
const PARSER_MAX_ATTACHMENTS = 10;

function attachmentsError(n: number, max: number): DecodeError | undefined {
  if (n > max) return decodeError('SIO_TOO_MANY_ATTACHMENTS', `${n} declared, the limit is ${max}`);
  if (n === 0) {
    // socket.io-parser ≤4.2.4 emitted `50-[...]` at once; ≥4.2.6 and 3.4.4 throw "Illegal attachments".
    return decodeError(
      'SIO_BAD_ATTACHMENTS',
      '0 declared; socket.io-parser ≥4.2.6 and 3.4.4 reject a binary packet without attachments',
    );
  }
  return undefined;
}

/** A namespace that ran to the end and holds JSON punctuation was most likely missing its `,`. */
function looksLikePayload(nsp: string): boolean {
  return payloadCut(nsp) !== -1;
}

function payloadCut(nsp: string): number {
  for (let i = 1; i < nsp.length; i++) {
    const c = nsp.charAt(i);
    if (c === '[' || c === '{' || c === '"') return i;
  }
  return -1;
}

function missingCommaHint(text: string, nspStart: number, nsp: string): string {
  const cut = nspStart + payloadCut(nsp);
  const meant = `${text.slice(0, cut)},${text.slice(cut)}`;
  const shown = meant.length > 60 ? `${meant.slice(0, 60)}…` : meant;
  return `the namespace is not terminated by ',', so ${JSON.stringify(nsp.length > 40 ? `${nsp.slice(0, 40)}…` : nsp)} is read as the namespace and there is no payload; did you mean ${shown}?`;
}

/**
 * Payload rules per type, after socket.io-parser's isPayloadValid (4.2.x for v5, 3.4.x for v4); the
 * msgpack decoder applies the same rules to the packets socket.io-msgpack-parser carries.
 */
export function payloadError(
  typeCode: number,
  data: Json | undefined,
  protocol: SioProtocol,
): DecodeError | undefined {
  const type = (protocol === 5 ? V5_TYPES : V4_TYPES)[typeCode] as SioPacketType;
  switch (type) {
    case 'CONNECT':
      // v5: optional object (auth from the client, {sid} from the server). v4: the 3.x decoder only
      // checks `typeof === 'object'`, so `0[]` and `0null` pass there.
      if (data === undefined || (protocol === 5 ? isPlainObject(data) : typeof data === 'object'))
        return undefined;
      return invalid(
        `CONNECT payload must be ${protocol === 5 ? 'an object' : 'absent or a JSON object'}, got ${kind(data)}`,
      );
    case 'DISCONNECT':
      return data === undefined ? undefined : invalid(`DISCONNECT carries no payload, got ${kind(data)}`);
    case 'EVENT':
    case 'BINARY_EVENT':
      return eventError(type, data, protocol);
    case 'ACK':
    case 'BINARY_ACK':
      // socket.io-parser lets an ACK without payload through; the ack callback then gets no arguments.
      return data === undefined || Array.isArray(data)
        ? undefined
        : invalid(`${type} payload must be an array, got ${kind(data)}`);
    case 'CONNECT_ERROR':
      if (typeof data === 'string' || (data !== undefined && isPlainObject(data))) return undefined;
      return invalid(
        `CONNECT_ERROR payload must be an object {"message", "data"?} (or a string), got ${kind(data)}`,
      );
    case 'ERROR':
      if (typeof data === 'string' || (data !== undefined && typeof data === 'object')) return undefined;
      return invalid(`ERROR payload must be a string (or an object), got ${kind(data)}`);
    default:
      return assertNever(type, 'Socket.IO packet type');
  }
}

function eventError(
  type: SioPacketType,
  data: Json | undefined,
  protocol: SioProtocol,
): DecodeError | undefined {
  if (data === undefined) {
    // socket.io-parser accepts a bare `2`, but the receiver then emits an event without a name.
    return invalid(`${type} has no payload, so no event name`);
  }
  if (!Array.isArray(data) || data.length === 0) {
    return invalid(`${type} payload must be a non-empty array, got ${kind(data)}`);
  }
  const name = data[0];
  if (typeof name === 'number') return undefined;
  if (typeof name !== 'string')
    return invalid(`event name must be a string or a number, got ${kind(name as Json)}`);
  if (protocol === 5 && RESERVED_EVENTS.has(name)) {
    return decodeError('SIO_RESERVED_EVENT', `${JSON.stringify(name)} cannot be emitted in protocol v5`);
  }
  return undefined;
}

function invalid(detail: string): DecodeError {
  return decodeError('SIO_INVALID_PAYLOAD', detail);
}

function isPlainObject(v: Json): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kind(v: Json | undefined): string {
  if (v === undefined) return 'no payload';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function typeCodeOf(type: SioPacketType): number {
  switch (type) {
    case 'CONNECT':
      return 0;
    case 'DISCONNECT':
      return 1;
    case 'EVENT':
      return 2;
    case 'ACK':
      return 3;
    case 'CONNECT_ERROR':
    case 'ERROR':
      return 4;
    case 'BINARY_EVENT':
      return 5;
    case 'BINARY_ACK':
      return 6;
    default:
      return assertNever(type, 'Socket.IO packet type');
  }
}
