// fast-check generators and comparison helpers shared by the Engine.IO tests.
import fc from 'fast-check';
import { expect } from 'vitest';
import { ERROR_CODES } from '../../../../shared/protocol/errors';
import type { EioDecoded, EioPacketInput } from '../../../../shared/protocol/eio-packet';
import type { EioPacketType } from '../../../../shared/record';

export const EIO_TYPES: readonly EioPacketType[] = [
  'open',
  'close',
  'ping',
  'pong',
  'message',
  'upgrade',
  'noop',
];

/** One UTF-16 code unit anywhere in 0-FFFF (so possibly a lone surrogate), or a well-formed astral char. */
export const utf16Unit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('€', '😀', '\ud800', '\udc00', ':', '\x1e', '4', 'b'),
  fc.string({ unit: 'binary', maxLength: 1, minLength: 1 }),
);

/** Any UTF-16 string, lone surrogates included. */
export function utf16String(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: utf16Unit, maxLength });
}

/** Text biased towards payload syntax (digits, `:`, `b`, base64, \x1e, halves of pairs), so that structure
 * and near misses are common. */
export const syntaxText = fc.string({
  unit: fc.oneof(fc.constantFrom(...'0123456789:b4AQ=\x1e€', '😀', '\ud83d', '\ude00'), utf16Unit),
  maxLength: 40,
});

/** Bytes biased towards v3 binary payload syntax (markers, digit bytes, 0xff) and UTF-8 pieces. */
export const syntaxBytes = fc
  .array(
    fc.oneof(fc.constantFrom(0, 1, 2, 4, 9, 10, 0x1e, 0x30, 0x34, 0x62, 0xe2, 0x82, 0xac, 0xff), fc.nat(255)),
    {
      maxLength: 40,
    },
  )
  .map((values) => Uint8Array.from(values));

/** A body from `valid` with one edit (insert, delete or replace one unit): the near misses. */
export function nearMiss(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom('insert', 'delete', 'replace'),
      syntaxText.filter((t) => t.length > 0),
    )
    .map(([body, where, edit, text]) => {
      const at = where % (body.length + 1);
      const unit = text.charAt(0);
      if (edit === 'insert') return body.slice(0, at) + unit + body.slice(at);
      if (edit === 'delete') return body.slice(0, at) + body.slice(at + 1);
      return body.slice(0, at) + unit + body.slice(at + 1);
    });
}

/** Text well-formed enough to survive UTF-8 (no lone surrogates). */
export const wellFormedString = fc.string({ unit: 'binary', maxLength: 30 });

export const eioType = fc.constantFrom(...EIO_TYPES);
export const binaryData = fc.uint8Array({ maxLength: 40 });

/** A text packet, data optional. `text` generates the data. */
export function textPacket(text: fc.Arbitrary<string>): fc.Arbitrary<EioPacketInput> {
  return fc.record({ type: eioType, data: text }, { requiredKeys: ['type'] });
}

/** A binary packet; v4 can only carry binary in messages (docs/protocol.md §1.8). */
export function binaryPacket(version: 3 | 4): fc.Arbitrary<EioPacketInput> {
  return fc.record({ type: version === 4 ? fc.constant('message' as const) : eioType, data: binaryData });
}

/** The comparable content of a packet: binary as a plain array, "" data the same as no data. */
export type Plain =
  | { readonly type: EioPacketType; readonly text?: string; readonly bytes?: number[] }
  | { readonly type: 'error'; readonly code: string };

export function plain(packet: EioDecoded | EioPacketInput | { type: string; data?: unknown }): Plain {
  if ('error' in packet) return { type: 'error', code: packet.error.code };
  const type = packet.type as EioPacketType;
  const data = packet.data;
  if (data instanceof Uint8Array) return { type, bytes: Array.from(data) };
  if (typeof data === 'string' && data !== '') return { type, text: data };
  if (data === undefined || data === '') return { type };
  throw new Error(`unexpected data ${String(data)}`);
}

/** What UTF-8 keeps of a string: lone surrogates become U+FFFD. */
export function throughUtf8(text: string): string {
  // ignoreBOM: a leading U+FEFF is data here, as it is to the decoders under test.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new TextEncoder().encode(text));
}

/**
 * Invariants of every decoder result: at least one entry unless allowed empty, positions inside the input,
 * in order and not overlapping, known error codes, the right data types.
 */
export function expectSane(decoded: readonly EioDecoded[], inputLength: number, allowEmpty = false): void {
  if (!allowEmpty) expect(decoded.length).toBeGreaterThan(0);
  let previousEnd = 0;
  for (const p of decoded) {
    expect(Number.isInteger(p.at) && Number.isInteger(p.length)).toBe(true);
    expect(p.at).toBeGreaterThanOrEqual(previousEnd);
    expect(p.length).toBeGreaterThanOrEqual(0);
    expect(p.at + p.length).toBeLessThanOrEqual(inputLength);
    previousEnd = p.at + p.length;
    if (p.type === 'error') {
      expect(Object.keys(ERROR_CODES)).toContain(p.error.code);
      expect(p.error.code.startsWith('EIO_')).toBe(true);
    } else {
      expect(EIO_TYPES).toContain(p.type);
      if (p.data !== undefined) expect(typeof p.data === 'string' || p.data instanceof Uint8Array).toBe(true);
      if (typeof p.data === 'string') expect(p.data).not.toBe('');
    }
  }
}
