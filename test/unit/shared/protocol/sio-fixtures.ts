// Helpers shared by the Socket.IO packet tests: binary values in record form, placeholders, and the
// conversion between `{$binary}` records and the Buffers the official parsers use.
import type { Json } from '../../../../shared/record';

/** `{$binary}` of the given bytes, base64 by Node (independent of shared/protocol/bytes.ts). */
export function bin(...bytes: number[]): { $binary: string } {
  return { $binary: Buffer.from(bytes).toString('base64') };
}

/** `{$binary}` of n zero bytes (socket.io-parser's `new ArrayBuffer(n)` vectors). */
export function zeros(n: number): { $binary: string } {
  return bin(...new Array<number>(n).fill(0));
}

/** `{$binary}` of an ASCII string's bytes (socket.io-parser's `Buffer.from("abc")` vectors). */
export function ascii(s: string): { $binary: string } {
  return { $binary: Buffer.from(s, 'latin1').toString('base64') };
}

export function placeholder(num: Json): { _placeholder: true; num: Json } {
  return { _placeholder: true, num };
}

export function toUint8Arrays(list: readonly (readonly number[])[] | undefined): Uint8Array[] {
  return (list ?? []).map((bytes) => Uint8Array.from(bytes));
}

/** Record form → what the official parsers take: every `{$binary}` becomes a Buffer. */
export function toOfficial(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toOfficial);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]?.[0] === '$binary' && typeof entries[0][1] === 'string') {
    return Buffer.from(entries[0][1], 'base64');
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, toOfficial(v)]));
}

/** What the official decoders produce → record form: Buffers and ArrayBuffers become `{$binary}`. */
export function fromOfficial(value: unknown): unknown {
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString('base64') };
  if (ArrayBuffer.isView(value)) {
    return { $binary: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  if (Array.isArray(value)) return value.map(fromOfficial);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromOfficial(v)]));
}
