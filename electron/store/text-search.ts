// What a text search finds in a span of the record store's file: the lines whose JSON contains the
// needle, ignoring case as a RegExp's `i` flag does (no Unicode folding: `ſ` is not `s`). One function
// for the main thread and the search workers (search-worker.ts), so both find the same lines.
//
// The bytes are searched in pieces of about PIECE_BYTES, whole lines each, as strings: a string that
// small is made in V8's young generation, many times faster than a big one, and V8's compiled regular
// expression is faster than anything byte-wise from JavaScript (Buffer.indexOf once per case variant
// takes a pass per variant, 2^letters of them; lowering the bytes in a loop costs more than the search).
// An ASCII needle is searched in the bytes read as Latin-1, a straight copy where a character is a
// byte: UTF-8 encodes every other character in bytes ≥ 0x80, which no ASCII character matches, even
// ignoring case.

/** Bytes searched as one string. */
const PIECE_BYTES = 32 << 10;
const NEWLINE = 0x0a;

/** A needle ready to search with; null when no line can contain it (a newline: no JSON line has one). */
export interface TextPattern {
  readonly needle: string;
  readonly ascii: boolean;
}

export function textPattern(needle: string): TextPattern | null {
  if (needle === '' || needle.includes('\n')) return null;
  return { needle, ascii: isAscii(needle) };
}

/** Whether one line (as text) contains the needle, by the same rule. */
export function lineMatches(pattern: TextPattern, line: string): boolean {
  return new RegExp(escapeRegExp(pattern.needle), 'i').test(line);
}

/**
 * The byte offsets, in `bytes` (whole lines, each ending in a newline), of one place inside each line
 * that contains the needle, in order: the line holding an offset is the line found.
 */
export function findInLines(pattern: TextPattern, bytes: Uint8Array): number[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const regex = new RegExp(escapeRegExp(pattern.needle), 'gi');
  const found: number[] = [];
  for (let at = 0; at < buffer.length;) {
    const cut = buffer.indexOf(NEWLINE, Math.min(at + PIECE_BYTES, buffer.length - 1));
    const end = cut === -1 ? buffer.length : cut + 1;
    if (pattern.ascii) findLatin1(regex, buffer, at, end, found);
    else findUtf8(regex, buffer, at, end, found);
    at = end;
  }
  return found;
}

/**
 * A character is a byte: where a match ends is its offset. `test` rather than `exec`: no match object
 * is made, which counts when most lines match.
 */
function findLatin1(regex: RegExp, buffer: Buffer, at: number, end: number, found: number[]): void {
  const text = buffer.toString('latin1', at, end);
  regex.lastIndex = 0;
  while (regex.test(text)) {
    found.push(at + regex.lastIndex - 1);
    // One offset per line: on to the next line.
    const lineEnd = text.indexOf('\n', regex.lastIndex);
    if (lineEnd === -1) break;
    regex.lastIndex = lineEnd + 1;
  }
}

/** Characters and bytes differ in length: the lines are walked in both, side by side, up to each match. */
function findUtf8(regex: RegExp, buffer: Buffer, at: number, end: number, found: number[]): void {
  const text = buffer.toString('utf8', at, end);
  let lineEnd = text.indexOf('\n');
  let lineStart = at;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    while (lineEnd !== -1 && lineEnd < match.index) {
      lineStart = buffer.indexOf(NEWLINE, lineStart) + 1;
      lineEnd = text.indexOf('\n', lineEnd + 1);
    }
    found.push(lineStart);
    if (lineEnd === -1) break;
    regex.lastIndex = lineEnd + 1;
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
