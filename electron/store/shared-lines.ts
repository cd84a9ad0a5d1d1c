// Lines as UTF-8 in SharedArrayBuffers: the JSON of the records the analyses must parse whole (see
// analysis-records.ts), kept where the analysis worker can read them without a copy. Only appended:
// bytes below `used` are never written again, and growth copies into new buffers, so a snapshot stays
// valid while lines keep coming.
import { TextDecoder, TextEncoder } from 'node:util';

const INITIAL_BYTES = 64 * 1024;
const INITIAL_LINES = 1024;
/** UTF-8 bytes per UTF-16 code unit at most (3 for a BMP character or a lone surrogate's U+FFFD). */
const MAX_BYTES_PER_UNIT = 3;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The first `count` lines: line k is bytes [ends[k - 1] ?? 0, ends[k]). */
export interface LinesSnapshot {
  readonly count: number;
  readonly bytes: Uint8Array;
  readonly ends: Float64Array;
}

export class SharedLines {
  private bytes = new Uint8Array(new SharedArrayBuffer(INITIAL_BYTES));
  private ends = new Float64Array(new SharedArrayBuffer(INITIAL_LINES * Float64Array.BYTES_PER_ELEMENT));
  private count = 0;
  private used = 0;

  get length(): number {
    return this.count;
  }

  push(line: string): void {
    this.reserve(line.length * MAX_BYTES_PER_UNIT);
    const { written } = encoder.encodeInto(line, this.bytes.subarray(this.used));
    this.used += written;
    this.ends[this.count++] = this.used;
  }

  snapshot(): LinesSnapshot {
    return { count: this.count, bytes: this.bytes, ends: this.ends };
  }

  private reserve(bytes: number): void {
    if (this.used + bytes > this.bytes.length) {
      const grown = new Uint8Array(new SharedArrayBuffer(Math.max(this.bytes.length * 2, this.used + bytes)));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    if (this.count === this.ends.length) {
      const grown = new Float64Array(new SharedArrayBuffer(this.ends.byteLength * 2));
      grown.set(this.ends);
      this.ends = grown;
    }
  }
}

/** Line `k` of a snapshot. */
export function snapshotLine(lines: LinesSnapshot, k: number): string {
  const start = k === 0 ? 0 : (lines.ends[k - 1] ?? 0);
  const end = lines.ends[k] ?? start;
  return decoder.decode(lines.bytes.subarray(start, end));
}
