// Binary attachments of BINARY_EVENT / BINARY_ACK (docs/protocol.md §2.2, same in v4 and v5): on the
// wire each binary value is replaced by `{"_placeholder":true,"num":N}` and sent as the N-th attachment;
// in records it is `{"$binary":"<base64>"}` (README.md, "Records").
//
// Both directions walk the JSON tree with an explicit stack: the data comes off the network, and
// JSON.parse happily builds a million nested arrays that a recursive walk would overflow on.
import type { BinaryJson, Json } from '../record';
import { base64Decode, base64Encode } from './bytes';
import { decodeError, type DecodeError } from './errors';

type JsonContainer = Json[] | { [key: string]: Json };

/**
 * Replaces every placeholder by the attachment it names, as `{$binary}`. A placeholder whose `num` is
 * not an integer index into `attachments` is left as it is and reported (SIO_BAD_PLACEHOLDER, the
 * reference parsers' "illegal attachments"); the rest of the tree is still rebuilt. The input is not
 * modified.
 */
export function reconstructBinary(
  data: Json,
  attachments: readonly Uint8Array[],
): { data: Json; error?: DecodeError } {
  let firstBad: Json | undefined;
  let badCount = 0;
  const rebuilt = mapJson(data, (value) => {
    if (!isPlaceholder(value)) return undefined;
    const num = value['num'];
    // Stricter than socket.io-parser, which accepts any number in range and then indexes with 0.5.
    if (typeof num === 'number' && Number.isInteger(num) && num >= 0 && num < attachments.length) {
      return { $binary: base64Encode(attachments[num] as Uint8Array) };
    }
    if (badCount++ === 0) firstBad = num ?? null;
    return value;
  });
  if (badCount === 0) return { data: rebuilt };
  const more = badCount > 1 ? ` (and ${badCount - 1} more)` : '';
  const detail = `num ${JSON.stringify(firstBad)} does not name one of the ${attachments.length} attachment(s)${more}`;
  return { data: rebuilt, error: decodeError('SIO_BAD_PLACEHOLDER', detail) };
}

/**
 * Replaces every `{$binary}` by a placeholder and collects the bytes, numbered depth-first in key order
 * (§2.2; the order socket.io-parser's deconstructPacket uses). The input is not modified.
 * Throws a RangeError when a `$binary` value is not valid base64: that is a caller's bug, not wire input.
 */
export function deconstructBinary(data: Json): { data: Json; attachments: Uint8Array[] } {
  const attachments: Uint8Array[] = [];
  const stripped = mapJson(data, (value) => {
    if (!isBinaryJson(value)) return undefined;
    const bytes = base64Decode(value.$binary);
    if (bytes === undefined)
      throw new RangeError(`$binary is not valid base64: ${value.$binary.slice(0, 40)}`);
    attachments.push(bytes);
    return { _placeholder: true, num: attachments.length - 1 };
  });
  return { data: stripped, attachments };
}

/** `{"$binary": "<base64>"}` and nothing else: an object with more keys is ordinary data. */
export function isBinaryJson(v: unknown): v is BinaryJson {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  if (typeof (v as { $binary?: unknown }).$binary !== 'string') return false;
  return Object.keys(v).length === 1 && Object.prototype.hasOwnProperty.call(v, '$binary');
}

function isPlaceholder(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v['_placeholder'] === true;
}

interface Frame {
  readonly src: JsonContainer;
  readonly dst: JsonContainer;
  readonly keys: readonly string[] | undefined; // undefined for arrays
  index: number;
}

/**
 * Copies `root`, letting `replace` substitute any value (a substituted value is not descended into).
 * Visits values depth-first, pre-order, object keys in Object.keys order.
 */
function mapJson(root: Json, replace: (value: Json) => Json | undefined): Json {
  const top = replace(root);
  if (top !== undefined) return top;
  if (!isContainer(root)) return root;
  const out = emptyLike(root);
  const stack: Frame[] = [frame(root, out)];
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    const length = f.keys === undefined ? (f.src as Json[]).length : f.keys.length;
    if (f.index >= length) {
      stack.pop();
      continue;
    }
    const key = f.keys === undefined ? f.index : (f.keys[f.index] as string);
    f.index++;
    const value = (f.src as Record<string | number, Json>)[key] as Json;
    let result = replace(value);
    if (result === undefined) {
      if (isContainer(value)) {
        result = emptyLike(value);
        stack.push(frame(value, result as JsonContainer));
      } else {
        result = value;
      }
    }
    setKey(f.dst, key, result);
  }
  return out;
}

function isContainer(v: Json): v is JsonContainer {
  return typeof v === 'object' && v !== null;
}

function emptyLike(v: JsonContainer): JsonContainer {
  return Array.isArray(v) ? new Array<Json>(v.length) : {};
}

function frame(src: JsonContainer, dst: JsonContainer): Frame {
  return { src, dst, keys: Array.isArray(src) ? undefined : Object.keys(src), index: 0 };
}

function setKey(dst: JsonContainer, key: string | number, value: Json): void {
  // JSON.parse makes `__proto__` an own key; plain assignment would set the prototype instead.
  if (key === '__proto__') {
    Object.defineProperty(dst, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    (dst as Record<string | number, Json>)[key] = value;
  }
}
