// Socket.IO packets as socket.io-msgpack-parser carries them: the whole packet is one msgpack map
// `{type, nsp, data?, id?}` in one binary Engine.IO message, binary values inline (msgpack `bin`), no
// attachments and no text grammar. Version 3.x of that parser speaks protocol v5 (types 0–4, type 4
// CONNECT_ERROR); 2.x, for socket.io 2, speaks v4 and also sends types 5/6 (BINARY_EVENT, BINARY_ACK)
// with the binary still inline.
// Extension type 0 is notepack.io's (the parser's codec): a fixext 1 is `undefined`, a fixext 8 a Date
// (ms, int64), any other length an ArrayBuffer (how browsers send binary). The library hands over only
// the data, so a 1- or 8-byte ArrayBuffer reads as undefined / a date. Other extension types come out
// as notepack gives them, `[type, bytes]`.
// Decoding never throws: bad input comes back as an error, with the packet when one was understood.
import { Decoder, Encoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import type { BinaryJson, Json } from '../record';
import { base64Decode, base64Encode } from './bytes';
import { decodeError, type DecodeError } from './errors';
import { isBinaryJson } from './sio-binary';
import {
  payloadError,
  typeCodeOf,
  V4_TYPES,
  V5_TYPES,
  type SioDecodeResult,
  type SioOutPacket,
  type SioPacket,
  type SioProtocol,
} from './sio-packet';

/** Deeper than any real payload; the conversion below stops there rather than walk a hostile tree. */
const MAX_DEPTH = 1_000;

const NOTEPACK_EXT = 0;

const extensions = new ExtensionCodec();
extensions.register({
  type: NOTEPACK_EXT,
  encode: () => null,
  decode: (data) => {
    if (data.length === 1) return undefined;
    if (data.length !== 8) return data;
    const view = new DataView(data.buffer, data.byteOffset, 8);
    return new Date(view.getInt32(0) * 2 ** 32 + view.getUint32(4));
  },
});

const encoder = new Encoder({ extensionCodec: extensions, ignoreUndefined: true });

/** Decodes one binary Engine.IO message as a msgpack Socket.IO packet. */
export function decodeSioMsgpack(bytes: Uint8Array, protocol: SioProtocol): SioDecodeResult {
  let value: unknown;
  try {
    // Every element takes at least one byte, so no honest length exceeds the input's.
    const limit = bytes.length;
    value = new Decoder({
      extensionCodec: extensions,
      maxStrLength: limit,
      maxBinLength: limit,
      maxArrayLength: limit,
      maxMapLength: limit,
      maxExtLength: limit,
    }).decode(bytes);
  } catch (e) {
    return { error: decodeError('SIO_MSGPACK_INVALID', (e as Error).message) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array)
    return { error: decodeError('SIO_MSGPACK_INVALID', `a msgpack ${describe(value)}, not a map`) };
  const map = value as { readonly [key: string]: unknown };
  const types = protocol === 5 ? V5_TYPES : V4_TYPES;
  const typeCode = map['type'];
  // socket.io-msgpack-parser 3.x accepts types 0–4 only; 2.x (protocol v4) also 5 and 6.
  const maxType = protocol === 5 ? 4 : 6;
  if (typeof typeCode !== 'number' || !Number.isInteger(typeCode) || typeCode < 0 || typeCode > maxType)
    return { error: decodeError('SIO_UNKNOWN_TYPE', `"type" is ${describe(typeCode)}`) };
  const nsp = map['nsp'];
  if (typeof nsp !== 'string')
    return { error: decodeError('SIO_INVALID_PAYLOAD', `"nsp" must be a string, got ${describe(nsp)}`) };
  const packet: Mutable<SioPacket> = { type: types[typeCode] as (typeof types)[number], nsp };
  const id = map['id'];
  if (id !== undefined) {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0)
      return {
        packet,
        error: decodeError('SIO_ID_OUT_OF_RANGE', `"id" must be a non-negative integer, got ${describe(id)}`),
      };
    packet.id = id;
  }
  const converted = toJson(map['data']);
  if ('error' in converted) return { packet, error: converted.error };
  if (converted.json !== undefined) packet.data = converted.json;
  const error = payloadError(typeCode, packet.data, protocol);
  return error === undefined ? { packet } : { packet, error };
}

/**
 * One binary message for the packet, as socket.io-msgpack-parser's encoder writes it: `{$binary}` values
 * become msgpack `bin`, the namespace is always written (its decoder requires it). Throws a RangeError
 * for a `$binary` that is not base64 or an id that is not a non-negative safe integer.
 */
export function encodeSioMsgpack(packet: SioOutPacket): Uint8Array {
  const map: { [key: string]: unknown } = { type: typeCodeOf(packet.type) };
  if (packet.data !== undefined && packet.data !== null) map['data'] = fromJson(packet.data);
  map['nsp'] = packet.nsp === undefined || packet.nsp === '' ? '/' : packet.nsp;
  if (packet.id !== undefined) {
    if (!Number.isSafeInteger(packet.id) || packet.id < 0)
      throw new RangeError(`ack id must be a non-negative safe integer: ${packet.id}`);
    map['id'] = packet.id;
  }
  return encoder.encode(map);
}

type Converted = { readonly json: Json | undefined } | { readonly error: DecodeError };

interface Frame {
  readonly src: unknown[] | { readonly [key: string]: unknown };
  readonly dst: Json[] | { [key: string]: Json };
  readonly keys: readonly string[] | undefined;
  readonly depth: number;
  index: number;
}

/**
 * msgpack values as record JSON, with an explicit stack (the input comes off the network): `bin` →
 * `{$binary}`, dates → ISO text, absent values dropped from maps and null in arrays (all three as
 * JSON.stringify writes them).
 */
function toJson(root: unknown): Converted {
  const top = leaf(root);
  if (top !== CONTAINER) return top;
  const out = emptyLike(root as Frame['src']);
  const stack: Frame[] = [frameOf(root as Frame['src'], out, 1)];
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    const keys = f.keys;
    const length = keys === undefined ? (f.src as unknown[]).length : keys.length;
    if (f.index >= length) {
      stack.pop();
      continue;
    }
    const key = keys === undefined ? f.index : (keys[f.index] as string);
    f.index++;
    const value = (f.src as { readonly [key: string | number]: unknown })[key];
    const converted = leaf(value);
    let result: Json | undefined;
    if (converted === CONTAINER) {
      if (f.depth >= MAX_DEPTH)
        return { error: decodeError('SIO_MSGPACK_INVALID', `nested deeper than ${MAX_DEPTH} levels`) };
      result = emptyLike(value as Frame['src']);
      stack.push(frameOf(value as Frame['src'], result as Frame['dst'], f.depth + 1));
    } else if ('error' in converted) return converted;
    else result = converted.json;
    if (Array.isArray(f.dst)) f.dst[key as number] = result ?? null;
    else if (result !== undefined) {
      // msgpack maps may hold `__proto__`; keep it an own key, not the prototype.
      Object.defineProperty(f.dst, key, {
        value: result,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return { json: out };
}

const CONTAINER = Symbol('container');

function leaf(value: unknown): Converted | typeof CONTAINER {
  if (value === undefined) return { json: undefined };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return { json: value };
  if (typeof value === 'number') return { json: Number.isFinite(value) ? value : null };
  if (value instanceof Uint8Array) return { json: binaryJson(value) };
  if (value instanceof Date) return { json: Number.isNaN(value.getTime()) ? null : value.toISOString() };
  if (value instanceof ExtData)
    return {
      json: [value.type, binaryJson(value.data instanceof Uint8Array ? value.data : new Uint8Array())],
    };
  if (typeof value === 'object') return CONTAINER;
  return { error: decodeError('SIO_MSGPACK_INVALID', `unexpected ${typeof value} value`) };
}

function emptyLike(src: Frame['src']): Frame['dst'] {
  return Array.isArray(src) ? new Array<Json>(src.length) : {};
}

function frameOf(src: Frame['src'], dst: Frame['dst'], depth: number): Frame {
  return { src, dst, keys: Array.isArray(src) ? undefined : Object.keys(src), depth, index: 0 };
}

/** Record JSON to msgpack values: `{$binary}` → bytes. Data we send is ours, so recursion is fine. */
function fromJson(value: Json): unknown {
  if (isBinaryJson(value)) {
    const bytes = base64Decode(value.$binary);
    if (bytes === undefined)
      throw new RangeError(`$binary is not valid base64: ${value.$binary.slice(0, 40)}`);
    return bytes;
  }
  if (Array.isArray(value)) return value.map(fromJson);
  if (typeof value === 'object' && value !== null) {
    const out: { [key: string]: unknown } = {};
    for (const [key, v] of Object.entries(value))
      Object.defineProperty(out, key, {
        value: fromJson(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return value;
}

function binaryJson(bytes: Uint8Array): BinaryJson & Json {
  return { $binary: base64Encode(bytes) } as BinaryJson & Json;
}

function describe(value: unknown): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'nil';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'bin';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value === 'object' ? 'map' : typeof value;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
