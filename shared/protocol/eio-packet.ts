// One Engine.IO packet: a WebSocket frame or one record of a polling payload (docs/protocol.md §1.1, §1.2;
// docs/test-vectors.md §1.1, §2.1). Decoding is total: malformed input becomes an error packet, never an
// exception.
import { assertNever } from '../assert-never';
import { isTooDeep, parseJson } from '../bounded-json';
import { EIO_PACKET_TYPES, type EioPacketType, type EioVersion, type Json } from '../record';
import { base64Decode } from './bytes';
import { decodeError, type DecodeError, type ErrorCode } from './errors';

/**
 * A decoded packet. `at`/`length` locate it in the frame or payload it came from: UTF-16 code units for
 * text, bytes for binary input. Binary `data` decoded from binary input is a view into that input (the
 * input itself for a whole v4 frame), not a copy, so do not mutate the input afterwards. `data` is absent
 * when a text packet has nothing after its type digit (`3` → `{type: "pong"}`, like engine.io-parser);
 * binary packets always carry a Uint8Array, possibly empty (`b` → zero bytes).
 */
export interface EioPacket {
  readonly type: EioPacketType;
  readonly data?: string | Uint8Array;
  readonly at: number;
  readonly length: number;
}

export interface EioErrorPacket {
  readonly type: 'error';
  readonly error: DecodeError;
  readonly at: number;
  readonly length: number;
}

export type EioDecoded = EioPacket | EioErrorPacket;

/** What the encoders take. */
export interface EioPacketInput {
  readonly type: EioPacketType;
  readonly data?: string | Uint8Array;
}

export interface Handshake {
  readonly sid: string;
  readonly upgrades: readonly string[];
  readonly pingInterval: number;
  readonly pingTimeout: number;
  /** Absent from v3 and from python-engineio 4.3 handshakes (docs/protocol.md §1.3). */
  readonly maxPayload?: number;
}

export type HandshakeResult =
  | { readonly handshake: Handshake; readonly json: Json }
  | { readonly error: DecodeError; readonly json?: Json };

const DIGIT_0 = 0x30;
const LETTER_B = 0x62;

/** Decodes the text packet `text.slice(start, end)` (a WS text frame by default). */
export function decodeEioText(text: string, version: EioVersion, start = 0, end = text.length): EioDecoded {
  return decodeEioTextAt(text, start, end, version, start, end - start);
}

/**
 * Decodes the packet `text.slice(start, end)` but reports it at `at`/`length`: the payload decoders pass
 * byte positions here when the text came out of a UTF-8 body.
 */
export function decodeEioTextAt(
  text: string,
  start: number,
  end: number,
  version: EioVersion,
  at: number,
  length: number,
): EioDecoded {
  if (start >= end) return errorPacket('EIO_EMPTY_PACKET', at, length);
  const c = text.charCodeAt(start);
  const type = typeOfCode(c - DIGIT_0);
  if (type !== undefined) {
    return end - start === 1 ? { type, at, length } : { type, data: text.slice(start + 1, end), at, length };
  }
  if (c === LETTER_B) return decodeBase64(text, start + 1, end, version, at, length);
  return errorPacket('EIO_UNKNOWN_TYPE', at, length, JSON.stringify(text.charAt(start)));
}

/**
 * Decodes a WebSocket binary frame (docs/protocol.md §1.2): v4 frames are raw message data; v3 frames start
 * with the packet type as a byte (`04` = message).
 */
export function decodeEioBinaryFrame(
  bytes: Uint8Array,
  version: EioVersion,
  start = 0,
  end = bytes.length,
): EioDecoded {
  const length = end - start;
  if (version === 4) {
    // A whole frame is its own data: skipping subarray() matters at hundreds of thousands of frames.
    const data = start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
    return { type: 'message', data, at: start, length };
  }
  if (length <= 0) return errorPacket('EIO_EMPTY_PACKET', start, length, 'no type byte');
  const code = bytes[start] as number;
  const type = typeOfCode(code);
  if (type === undefined) return errorPacket('EIO_UNKNOWN_TYPE', start, length, `type byte 0x${hex(code)}`);
  return { type, data: bytes.subarray(start + 1, end), at: start, length };
}

/**
 * Encodes one packet as a WebSocket frame: text `<digit><data>`; binary data as a v4 raw frame (returned
 * as is, not copied) or a v3 frame with the type byte first. v4 has no way to send binary in anything but
 * a message, so asking for that is a programmer error and throws.
 */
export function encodeEioFrame(packet: EioPacketInput, version: EioVersion): string | Uint8Array {
  const code = eioTypeCode(packet.type);
  const data = packet.data;
  if (data === undefined) return String.fromCharCode(DIGIT_0 + code);
  if (typeof data === 'string') return String.fromCharCode(DIGIT_0 + code) + data;
  if (version === 4) {
    requireBinaryMessage(packet.type);
    return data;
  }
  const frame = new Uint8Array(data.length + 1);
  frame[0] = code;
  frame.set(data, 1);
  return frame;
}

/**
 * Parses the data of an `open` packet (docs/protocol.md §1.3). Requires a JSON object with a non-empty string
 * `sid` and non-negative `pingInterval` / `pingTimeout`. `maxPayload` is optional (v3, python-engineio
 * 4.3). A missing `upgrades` reads as `[]`: the v3 spec's WebSocket-only example omits it. Extra keys are
 * kept in `json` for the findings.
 */
export function parseHandshake(text: string): HandshakeResult {
  const parsed = parseJson(text);
  if ('error' in parsed)
    return { error: decodeError('EIO_INVALID_HANDSHAKE', isTooDeep(parsed) ? parsed.error : 'not JSON') };
  const json = parsed.value as Json;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { error: decodeError('EIO_INVALID_HANDSHAKE', 'not a JSON object'), json };
  }
  const wrong = handshakeProblem(json);
  if (wrong !== undefined) return { error: decodeError('EIO_INVALID_HANDSHAKE', wrong), json };
  const { sid, upgrades = [], pingInterval, pingTimeout, maxPayload } = json;
  const handshake: Handshake = {
    sid: sid as string,
    upgrades: upgrades as string[],
    pingInterval: pingInterval as number,
    pingTimeout: pingTimeout as number,
    ...(maxPayload === undefined ? {} : { maxPayload: maxPayload as number }),
  };
  return { handshake, json };
}

/** The type digit's value (0-6). Throws on a type that is not an Engine.IO packet type. */
export function eioTypeCode(type: EioPacketType): number {
  switch (type) {
    case 'open':
      return 0;
    case 'close':
      return 1;
    case 'ping':
      return 2;
    case 'pong':
      return 3;
    case 'message':
      return 4;
    case 'upgrade':
      return 5;
    case 'noop':
      return 6;
    default:
      return assertNever(type, 'Engine.IO packet type');
  }
}

/** v4 binary is always a message (docs/protocol.md §1.8 items 3 and 4). */
export function requireBinaryMessage(type: EioPacketType): void {
  if (type !== 'message') throw new TypeError(`Engine.IO v4 sends binary data only in messages, not ${type}`);
}

export function errorPacket(code: ErrorCode, at: number, length: number, detail?: string): EioErrorPacket {
  return { type: 'error', error: decodeError(code, detail), at, length };
}

/** `b<base64>` (v4) or `b<digit><base64>` (v3), docs/protocol.md §1.7. */
function decodeBase64(
  text: string,
  start: number,
  end: number,
  version: EioVersion,
  at: number,
  length: number,
): EioDecoded {
  let type: EioPacketType | undefined = 'message';
  if (version === 3) {
    if (start >= end) return errorPacket('EIO_UNKNOWN_TYPE', at, length, 'no type digit after "b"');
    type = typeOfCode(text.charCodeAt(start) - DIGIT_0);
    if (type === undefined) {
      return errorPacket('EIO_UNKNOWN_TYPE', at, length, `${JSON.stringify(text.charAt(start))} after "b"`);
    }
    start++;
  }
  const data = base64Decode(text, start, end);
  if (data === undefined) return errorPacket('EIO_INVALID_BASE64', at, length);
  return { type, data, at, length };
}

/** Why a handshake object is unusable, or undefined when it is fine. */
function handshakeProblem(json: { readonly [key: string]: Json }): string | undefined {
  const { sid, upgrades = [], pingInterval, pingTimeout, maxPayload } = json;
  if (typeof sid !== 'string' || sid === '') return '"sid" must be a non-empty string';
  if (!Array.isArray(upgrades) || !upgrades.every((u) => typeof u === 'string')) {
    return '"upgrades" must be an array of strings';
  }
  if (!isNonNegativeNumber(pingInterval)) return '"pingInterval" must be a non-negative number';
  if (!isNonNegativeNumber(pingTimeout)) return '"pingTimeout" must be a non-negative number';
  if (maxPayload !== undefined && !isNonNegativeNumber(maxPayload))
    return '"maxPayload" must be a non-negative number';
  return undefined;
}

/** The packet type of a digit value or type byte; undefined outside 0-6 (no out-of-range array reads). */
function typeOfCode(code: number): EioPacketType | undefined {
  return code >= 0 && code <= 6 ? EIO_PACKET_TYPES[code] : undefined;
}

function isNonNegativeNumber(value: Json | undefined): boolean {
  return typeof value === 'number' && value >= 0 && Number.isFinite(value);
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
