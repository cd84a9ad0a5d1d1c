// The records themselves, kept as their JSON lines (the session file's own form) rather than as
// objects: a million records cost their text, not a million object graphs. Lines are sealed into
// chunks of CHUNK_LINES joined by "\n", with the offset of each line, so a case-insensitive search
// is one regular-expression scan over a few hundred kilobytes per chunk instead of a million calls.

export const CHUNK_LINES = 4096;

interface SealedChunk {
  /** The chunk's lines joined with "\n" (JSON text never holds a raw newline). */
  readonly text: string;
  /** Start of each line in `text`, plus one past the end of the last line + 1 (a virtual "\n"). */
  readonly starts: Uint32Array;
}

export class LineChunks {
  private readonly sealed: SealedChunk[] = [];
  private open: string[] = [];
  private count = 0;
  private chars = 0;

  get length(): number {
    return this.count;
  }

  /** UTF-16 code units held, for the size figures. */
  get size(): number {
    return this.chars;
  }

  push(line: string): void {
    this.open.push(line);
    this.count++;
    this.chars += line.length + 1;
    if (this.open.length === CHUNK_LINES) this.seal();
  }

  line(index: number): string | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const chunk = this.sealed[Math.floor(index / CHUNK_LINES)];
    const local = index % CHUNK_LINES;
    if (chunk === undefined) return this.open[local];
    return chunk.text.slice(chunk.starts[local], (chunk.starts[local + 1] ?? 0) - 1);
  }

  /**
   * Marks in `hits` (indexed by record − from) every line in [from, length) that contains `needle`,
   * ignoring case. One scan per sealed chunk; a match moves the scan to the next line, so a line with
   * many matches costs one.
   */
  search(needle: string, from: number, hits: Uint8Array): void {
    // No JSON line holds a raw newline; without this a needle could match across two lines.
    if (needle.includes('\n')) return;
    const pattern = new RegExp(escapeRegExp(needle), 'gi');
    const firstChunk = Math.floor(from / CHUNK_LINES);
    for (let c = firstChunk; c < this.sealed.length; c++) {
      const chunk = this.sealed[c];
      if (chunk !== undefined) this.searchChunk(chunk, c * CHUNK_LINES, from, pattern, hits);
    }
    const openBase = this.sealed.length * CHUNK_LINES;
    const single = new RegExp(escapeRegExp(needle), 'i');
    for (let local = Math.max(0, from - openBase); local < this.open.length; local++) {
      const line = this.open[local];
      if (line !== undefined && single.test(line)) hits[openBase + local - from] = 1;
    }
  }

  private searchChunk(
    chunk: SealedChunk,
    base: number,
    from: number,
    pattern: RegExp,
    hits: Uint8Array,
  ): void {
    const { text, starts } = chunk;
    let local = Math.max(0, from - base);
    pattern.lastIndex = starts[local] ?? 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      // Matches come in text order, so the line pointer only moves forward.
      while ((starts[local + 1] ?? Infinity) <= match.index) local++;
      hits[base + local - from] = 1;
      const next = starts[local + 1];
      if (next === undefined || next >= text.length) break;
      pattern.lastIndex = next;
      local++;
    }
  }

  private seal(): void {
    const starts = new Uint32Array(this.open.length + 1);
    let at = 0;
    for (let i = 0; i < this.open.length; i++) {
      starts[i] = at;
      at += (this.open[i]?.length ?? 0) + 1;
    }
    starts[this.open.length] = at;
    this.sealed.push({ text: this.open.join('\n'), starts });
    this.open = [];
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
