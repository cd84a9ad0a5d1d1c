// Byte helpers for the protocol layer: base64 (RFC 4648 §4) and UTF-8 (RFC 3629) without Buffer, because
// shared/ also runs in the renderer. They sit on the decoding hot path (every `b...` record, every v3 binary
// payload string part, every record size), so they work on char codes and lookup tables. Measured on Node
// 20: TextDecoder is as fast as String.fromCharCode even for 8 bytes, but TextEncoder costs ~0.7 µs per
// call, so short strings are encoded by hand.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d; // '='

/**
 * Decoding tables by char code (0-255), one per position in a quad, holding the digit's value already
 * shifted into place, so a quad is four lookups OR-ed together. Anything outside the standard alphabet
 * (including the URL-safe `-_`) holds a negative sentinel that makes the OR negative.
 */
const INVALID = -1 << 24;
const SHIFTED_18 = new Int32Array(256).fill(INVALID);
const SHIFTED_12 = new Int32Array(256).fill(INVALID);
const SHIFTED_6 = new Int32Array(256).fill(INVALID);
const SHIFTED_0 = new Int32Array(256).fill(INVALID);
/** Char code of each base64 digit. */
const DIGIT_CODE = new Uint8Array(64);
for (let i = 0; i < 64; i++) {
  const c = ALPHABET.charCodeAt(i);
  DIGIT_CODE[i] = c;
  SHIFTED_18[c] = i << 18;
  SHIFTED_12[c] = i << 12;
  SHIFTED_6[c] = i << 6;
  SHIFTED_0[c] = i;
}

/** Strings up to this length are UTF-8 encoded by hand; longer ones by TextEncoder. */
const SHORT_STRING = 32;

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// ignoreBOM keeps a leading U+FEFF in the text: an inspector shows what was sent, it does not strip it.
const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const encoder = new TextEncoder();

/** Standard base64 with `=` padding, as engine.io writes it (Node `Buffer#toString('base64')`). */
export function base64Encode(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(((n + 2) / 3) << 2);
  const whole = n - (n % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = DIGIT_CODE[v >>> 18] as number;
    out[o++] = DIGIT_CODE[(v >>> 12) & 63] as number;
    out[o++] = DIGIT_CODE[(v >>> 6) & 63] as number;
    out[o++] = DIGIT_CODE[v & 63] as number;
  }
  if (n - whole === 1) {
    const v = bytes[whole] as number;
    out[o++] = DIGIT_CODE[v >>> 2] as number;
    out[o++] = DIGIT_CODE[(v & 3) << 4] as number;
    out[o++] = PAD;
    out[o] = PAD;
  } else if (n - whole === 2) {
    const v = ((bytes[whole] as number) << 8) | (bytes[whole + 1] as number);
    out[o++] = DIGIT_CODE[v >>> 10] as number;
    out[o++] = DIGIT_CODE[(v >>> 4) & 63] as number;
    out[o++] = DIGIT_CODE[(v & 15) << 2] as number;
    out[o] = PAD;
  }
  // The digits are ASCII, hence valid UTF-8.
  return lenientDecoder.decode(out);
}

/**
 * Strict base64 decoding (RFC 4648 §4): standard alphabet only, no whitespace, and the length must be a
 * multiple of 4 with at most two `=` at the very end. Unpadded input is rejected: every Engine.IO
 * implementation pads (Node Buffer, python `base64.b64encode`), and python-engineio's decoder refuses
 * unpadded input, so an inspector should flag it rather than guess. Non-zero pad bits are ignored, as
 * RFC 4648 §3.5 permits. `""` decodes to zero bytes (engine.io's empty binary message `b`).
 */
export function base64Decode(text: string, start = 0, end = text.length): Uint8Array | undefined {
  const len = end - start;
  if (len % 4 !== 0) return undefined;
  if (len === 0) return new Uint8Array(0);
  let pads = 0;
  if (text.charCodeAt(end - 1) === PAD) pads = text.charCodeAt(end - 2) === PAD ? 2 : 1;
  const out = new Uint8Array((len >>> 2) * 3 - pads);
  // Full quads, excluding the last one (which may be padded).
  const lastQuad = end - 4;
  let o = 0;
  let i = start;
  for (; i < lastQuad; i += 4) {
    const v = quad(text, i, text.charCodeAt(i + 2), text.charCodeAt(i + 3));
    if (v < 0) return undefined;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  // Padding reads as "A" (zero) here; its position was checked above.
  const v = quad(
    text,
    i,
    pads === 2 ? 0x41 : text.charCodeAt(i + 2),
    pads >= 1 ? 0x41 : text.charCodeAt(i + 3),
  );
  if (v < 0) return undefined;
  out[o++] = v >>> 16;
  if (pads < 2) out[o++] = (v >>> 8) & 0xff;
  if (pads < 1) out[o] = v & 0xff;
  return out;
}

/** UTF-8 bytes of a string; lone surrogates become U+FFFD (EF BF BD), as TextEncoder does. */
export function utf8Encode(s: string): Uint8Array {
  if (s.length > SHORT_STRING) return encoder.encode(s);
  const out = new Uint8Array(utf8Length(s));
  utf8EncodeInto(s, out, 0);
  return out;
}

/**
 * Writes the UTF-8 bytes of `s` into `out` at `offset` and returns the offset after them. `out` must
 * have room for `utf8Length(s)` bytes. Used to build v3 binary payloads without intermediate arrays.
 */
export function utf8EncodeInto(s: string, out: Uint8Array, offset: number): number {
  let o = offset;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
    } else if (c < 0x800) {
      out[o++] = 0xc0 | (c >>> 6);
      out[o++] = 0x80 | (c & 63);
    } else {
      if ((c & 0xfc00) === 0xd800 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c & 0x3ff) << 10) + (s.charCodeAt(++i) & 0x3ff);
        out[o++] = 0xf0 | (c >>> 18);
        out[o++] = 0x80 | ((c >>> 12) & 63);
        out[o++] = 0x80 | ((c >>> 6) & 63);
        out[o++] = 0x80 | (c & 63);
        continue;
      }
      if ((c & 0xf800) === 0xd800) c = 0xfffd; // a lone surrogate
      out[o++] = 0xe0 | (c >>> 12);
      out[o++] = 0x80 | ((c >>> 6) & 63);
      out[o++] = 0x80 | (c & 63);
    }
  }
  return o;
}

/**
 * Text of UTF-8 bytes. `fatal` (the default): undefined when the bytes are not well-formed UTF-8
 * (overlongs, surrogates, truncated sequences, > U+10FFFF); otherwise malformed sequences become U+FFFD.
 * A leading BOM is kept.
 */
export function utf8Decode(bytes: Uint8Array, fatal = true): string | undefined {
  if (!fatal) return lenientDecoder.decode(bytes);
  try {
    return fatalDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Number of UTF-8 bytes the UTF-16 range `[start, end)` of `s` encodes to, without allocating. A
 * surrogate pair counts 4; a lone surrogate (also half a pair cut by the range) counts 3, like the U+FFFD
 * TextEncoder writes for it.
 */
export function utf8Length(s: string, start = 0, end: number = s.length): number {
  let bytes = end - start;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if ((c & 0xfc00) === 0xd800 && i + 1 < end && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A pair is two units and four bytes: two extra, and skip the low half.
      bytes += 2;
      i++;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

/** The 24 bits of the quad at `i` whose last two chars are `c2`, `c3`; negative when a char is invalid. */
function quad(text: string, i: number, c2: number, c3: number): number {
  const c0 = text.charCodeAt(i);
  const c1 = text.charCodeAt(i + 1);
  if ((c0 | c1 | c2 | c3) > 0xff) return -1;
  return (
    (SHIFTED_18[c0] as number) |
    (SHIFTED_12[c1] as number) |
    (SHIFTED_6[c2] as number) |
    (SHIFTED_0[c3] as number)
  );
}
