// An input as batches of lines, whatever it comes from (a file streamed from disk, standard input, text
// the page uploaded), so a big input is read a slice at a time and the event loop stays free meanwhile.
import { SessionInputError } from './input-error';

export interface LineBatch {
  readonly lines: readonly string[];
  /** 1-based line number of `lines[0]`. */
  readonly firstLine: number;
  /** The last batch, when the input did not end with a newline: its last line may be torn. */
  readonly unterminated: boolean;
}

/** A line longer than this ends the read: no frame of a real session comes near it. */
export const MAX_LINE_CHARS = 128 * 1024 * 1024;
/** Characters handed over per slice of text already in memory. */
export const SLICE_CHARS = 1024 * 1024;

/** Lines of text chunks (from a stream decoded as UTF-8), a batch per chunk. */
export async function* chunkLines(chunks: AsyncIterable<string>): AsyncGenerator<LineBatch> {
  const splitter = new LineSplitter();
  for await (const chunk of chunks) {
    const batch = splitter.push(chunk);
    if (batch !== undefined) yield batch;
  }
  const last = splitter.end();
  if (last !== undefined) yield last;
}

/** Text already in memory, a slice at a time. */
export function* textSlices(text: string): Generator<string> {
  for (let at = 0; at < text.length; at += SLICE_CHARS) yield text.slice(at, at + SLICE_CHARS);
}

/** Cuts chunks into lines (CRLF or LF), carrying a partial line over to the next chunk. */
class LineSplitter {
  private rest = '';
  private next = 1;

  push(chunk: string): LineBatch | undefined {
    const text = this.rest.length === 0 ? chunk : this.rest + chunk;
    const lines: string[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      lines.push(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end));
      start = end + 1;
    }
    this.rest = text.slice(start);
    if (this.rest.length > MAX_LINE_CHARS)
      throw new SessionInputError(`line ${this.next + lines.length} is longer than ${mib(MAX_LINE_CHARS)}`);
    return this.batch(lines, false);
  }

  end(): LineBatch | undefined {
    if (this.rest.length === 0) return undefined;
    const line = this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest;
    this.rest = '';
    return this.batch([line], true);
  }

  private batch(lines: string[], unterminated: boolean): LineBatch | undefined {
    if (lines.length === 0) return undefined;
    const batch = { lines, firstLine: this.next, unterminated };
    this.next += lines.length;
    return batch;
  }
}

export function mib(bytes: number): string {
  return bytes >= 1024 * 1024 * 1024
    ? `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GiB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
