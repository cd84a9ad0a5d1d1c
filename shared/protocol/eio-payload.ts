// HTTP long-polling bodies: several Engine.IO packets in one body (docs/protocol.md §1.7;
// docs/test-vectors.md §1.2, §2.2, §2.3). v4 separates records with \x1e; v3 prefixes each packet with its
// length, as text or as the XHR2 binary payload.
//
// Decoding is total and more helpful than engine.io-parser, which drops the whole body at the first bad
// packet: a bad v4 record, or a bad v3 packet whose length prefix is sound, becomes an error packet and
// decoding goes on. A bad v3 length prefix loses sync, so one error packet covers the rest of the body.
// `at`/`length` cover the packet itself (type digit or byte and data), not its length prefix or separator;
// they are UTF-16 units in text bodies and bytes in binary ones.
import type { EioVersion } from '../record';
import { base64Encode, utf8Decode, utf8EncodeInto, utf8Length } from './bytes';
import {
  decodeEioBinaryFrame,
  decodeEioTextAt,
  eioTypeCode,
  errorPacket,
  requireBinaryMessage,
  type EioDecoded,
  type EioPacketInput,
} from './eio-packet';

export interface PollingEncodeOptions {
  /** v3 only: send a payload that contains binary as the XHR2 binary payload instead of `b4` base64. */
  readonly binary?: boolean;
}

const RECORD_SEPARATOR = '\x1e';
const RS_CODE = 0x1e;
const COLON = 0x3a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LENGTH_END = 0xff;
/** v3 binary payload part markers (docs/protocol.md §1.7, "Binary payload"). */
const STRING_PART = 0;
const BINARY_PART = 1;
/** How much of a runaway length prefix an error message quotes. */
const QUOTE_MAX = 20;

/**
 * Decodes a text polling body. v4: records split on \x1e; `""` is one empty record, an error (as in
 * engine.io-parser). v3: `<length>:<packet>` with the length in UTF-16 code units; `0:` is the empty
 * payload and zero-length packets are skipped (as engine.io-parser 2 does); `""` is an error.
 */
export function decodePollingText(body: string, version: EioVersion): EioDecoded[] {
  return version === 4 ? decodeV4Text(body) : decodeV3Text(body);
}

/**
 * Decodes a binary polling body; positions are bytes. v4 bodies are UTF-8 text: records are split on the
 * 0x1e byte (which never occurs inside a multi-byte sequence), so one record with invalid UTF-8 does not
 * spoil the others. v3: the XHR2 binary payload; a body starting with an ASCII digit cannot be one (parts
 * start with 0x00 or 0x01) and is read as a UTF-8 text payload, as when a text body was captured as bytes.
 */
export function decodePollingBinary(body: Uint8Array, version: EioVersion): EioDecoded[] {
  if (version === 4) return decodeV4Bytes(body);
  const first = body[0];
  if (first !== undefined && first >= DIGIT_0 && first <= DIGIT_9) return decodeV3TextBytes(body);
  return decodeV3Binary(body);
}

/**
 * Encodes packets as a polling body. v4: records joined by \x1e, binary as `b<base64>` (messages only;
 * anything else throws). v3: `<length>:<packet>`, binary as `b<digit><base64>`, `0:` for no packets; with
 * `binary: true` a payload that contains binary becomes the XHR2 binary payload (engine.io 3 does so when
 * the client did not ask for `b64`).
 */
export function encodePollingPayload(
  packets: readonly EioPacketInput[],
  version: EioVersion,
  options: PollingEncodeOptions = {},
): string | Uint8Array {
  if (version === 4) return encodeV4(packets);
  if (options.binary === true && packets.some((p) => p.data instanceof Uint8Array))
    return encodeV3Binary(packets);
  return encodeV3Text(packets);
}

function decodeV4Text(body: string): EioDecoded[] {
  const packets: EioDecoded[] = [];
  let start = 0;
  for (;;) {
    const sep = body.indexOf(RECORD_SEPARATOR, start);
    const end = sep < 0 ? body.length : sep;
    packets.push(decodeEioTextAt(body, start, end, 4, start, end - start));
    if (sep < 0) return packets;
    start = sep + 1;
  }
}

function decodeV4Bytes(body: Uint8Array): EioDecoded[] {
  const packets: EioDecoded[] = [];
  let start = 0;
  for (;;) {
    const sep = body.indexOf(RS_CODE, start);
    const end = sep < 0 ? body.length : sep;
    packets.push(decodeUtf8Packet(body, start, end, 4));
    if (sep < 0) return packets;
    start = sep + 1;
  }
}

function decodeV3Text(body: string): EioDecoded[] {
  const n = body.length;
  if (n === 0) return [errorPacket('EIO_BAD_PAYLOAD', 0, 0, 'empty body (no packets is "0:")')];
  const packets: EioDecoded[] = [];
  let i = 0;
  while (i < n) {
    let len = 0;
    let j = i;
    for (; j < n; j++) {
      const c = body.charCodeAt(j);
      if (c < DIGIT_0 || c > DIGIT_9) break;
      // A runaway length grows to Infinity at worst, which still compares as too long.
      len = len * 10 + (c - DIGIT_0);
    }
    const problem = textLengthProblem(body, i, j, len);
    if (problem !== undefined) {
      packets.push(errorPacket('EIO_BAD_LENGTH', i, n - i, problem));
      return packets;
    }
    const start = j + 1;
    if (len > 0) packets.push(decodeEioTextAt(body, start, start + len, 3, start, len));
    i = start + len;
  }
  return packets;
}

/** A v3 text payload that arrived as bytes: decode, then map UTF-16 positions to byte positions. */
function decodeV3TextBytes(body: Uint8Array): EioDecoded[] {
  const text = utf8Decode(body);
  if (text === undefined) return [errorPacket('EIO_INVALID_UTF8', 0, body.length)];
  const packets = decodeV3Text(text);
  // Packets come in order, so one cursor walks the text once.
  let unit = 0;
  let byte = 0;
  for (let k = 0; k < packets.length; k++) {
    const p = packets[k] as EioDecoded;
    byte += utf8Span(text, unit, p.at);
    const size = utf8Span(text, p.at, p.at + p.length);
    packets[k] = { ...p, at: byte, length: size };
    byte += size;
    unit = p.at + p.length;
  }
  return packets;
}

function decodeV3Binary(body: Uint8Array): EioDecoded[] {
  const n = body.length;
  if (n === 0) return [errorPacket('EIO_BAD_PAYLOAD', 0, 0, 'empty body')];
  const packets: EioDecoded[] = [];
  let i = 0;
  while (i < n) {
    const marker = body[i] as number;
    if (marker !== STRING_PART && marker !== BINARY_PART) {
      packets.push(errorPacket('EIO_BAD_PAYLOAD', i, n - i, `part marker 0x${hex(marker)} is not 00 or 01`));
      return packets;
    }
    // The length is decimal with one byte per digit (values 0-9), ended by 0xff.
    let len = 0;
    let j = i + 1;
    for (; j < n; j++) {
      const d = body[j] as number;
      if (d > 9) break;
      len = len * 10 + d;
    }
    const problem = binaryLengthProblem(body, i, j, len);
    if (problem !== undefined) {
      packets.push(errorPacket('EIO_BAD_LENGTH', i, n - i, problem));
      return packets;
    }
    const start = j + 1;
    const end = start + len;
    // String parts are UTF-8 text packets; binary parts are v3 binary frames (type byte first).
    packets.push(
      marker === STRING_PART
        ? decodeUtf8Packet(body, start, end, 3)
        : decodeEioBinaryFrame(body, 3, start, end),
    );
    i = end;
  }
  return packets;
}

/** Why the v3 length prefix from `i` to the char at `j` (worth `len`) is unusable, if it is. */
function textLengthProblem(body: string, i: number, j: number, len: number): string | undefined {
  const left = body.length - j - 1;
  if (j === body.length) return 'no ":" after the length';
  if (body.charCodeAt(j) !== COLON) return `${JSON.stringify(body.charAt(j))} in the length`;
  if (j === i) return 'empty length';
  if (len > left) return `length ${quote(body.slice(i, j))}, but only ${left} characters follow`;
  return undefined;
}

/** The same for a binary payload, whose length digits run from `i + 1` to the 0xff at `j`. */
function binaryLengthProblem(body: Uint8Array, i: number, j: number, len: number): string | undefined {
  const left = body.length - j - 1;
  if (j === body.length) return 'no 0xff after the length';
  if (body[j] !== LENGTH_END) return `byte 0x${hex(body[j] as number)} in the length`;
  if (j === i + 1) return 'empty length';
  if (len > left) {
    return `length ${quote(Array.from(body.subarray(i + 1, j)).join(''))}, but only ${left} bytes follow`;
  }
  return undefined;
}

function decodeUtf8Packet(body: Uint8Array, start: number, end: number, version: EioVersion): EioDecoded {
  const text = utf8Decode(body.subarray(start, end));
  if (text === undefined) return errorPacket('EIO_INVALID_UTF8', start, end - start);
  return decodeEioTextAt(text, 0, text.length, version, start, end - start);
}

function encodeV4(packets: readonly EioPacketInput[]): string {
  let out = '';
  for (let k = 0; k < packets.length; k++) {
    const { type, data } = packets[k] as EioPacketInput;
    if (k > 0) out += RECORD_SEPARATOR;
    if (data instanceof Uint8Array) {
      requireBinaryMessage(type);
      out += 'b' + base64Encode(data);
    } else {
      out += String.fromCharCode(DIGIT_0 + eioTypeCode(type)) + (data ?? '');
    }
  }
  return out;
}

function encodeV3Text(packets: readonly EioPacketInput[]): string {
  if (packets.length === 0) return '0:';
  let out = '';
  for (const { type, data } of packets) {
    const digit = String.fromCharCode(DIGIT_0 + eioTypeCode(type));
    const packet = data instanceof Uint8Array ? 'b' + digit + base64Encode(data) : digit + (data ?? '');
    out += packet.length + ':' + packet;
  }
  return out;
}

function encodeV3Binary(packets: readonly EioPacketInput[]): Uint8Array {
  // Size everything first so the body is written once, with no intermediate arrays.
  let total = 0;
  for (const { data } of packets) {
    const len = 1 + (data instanceof Uint8Array ? data.length : data === undefined ? 0 : utf8Length(data));
    total += 2 + decimalDigits(len) + len;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const { type, data } of packets) {
    const code = eioTypeCode(type);
    const binary = data instanceof Uint8Array;
    const len = 1 + (binary ? data.length : data === undefined ? 0 : utf8Length(data));
    out[o++] = binary ? BINARY_PART : STRING_PART;
    const digits = String(len);
    for (let k = 0; k < digits.length; k++) out[o++] = digits.charCodeAt(k) - DIGIT_0;
    out[o++] = LENGTH_END;
    if (binary) {
      out[o++] = code;
      out.set(data, o);
      o += data.length;
    } else {
      out[o++] = DIGIT_0 + code;
      if (data !== undefined) o = utf8EncodeInto(data, out, o);
    }
  }
  return out;
}

/**
 * UTF-8 bytes from unit `from` to unit `to`, counted as the difference of the byte offsets of the two
 * prefixes, so that a v3 length that cuts a surrogate pair still yields offsets inside the body.
 */
function utf8Span(text: string, from: number, to: number): number {
  if (from >= to) return 0;
  const cutsPair =
    from > 0 &&
    (text.charCodeAt(from) & 0xfc00) === 0xdc00 &&
    (text.charCodeAt(from - 1) & 0xfc00) === 0xd800;
  // The prefix already counted the high half as 3 bytes; the pair is 4.
  return cutsPair ? 1 + utf8Length(text, from + 1, to) : utf8Length(text, from, to);
}

function decimalDigits(n: number): number {
  let digits = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    digits++;
  }
  return digits;
}

function quote(digits: string): string {
  return digits.length > QUOTE_MAX ? digits.slice(0, QUOTE_MAX) + '…' : digits;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
