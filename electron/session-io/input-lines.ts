// An input as batches of lines, whatever it comes from (a file streamed from disk, standard input, text
// the page uploaded), so a big input is read a slice at a time and the event loop stays free meanwhile.
import { MAX_LINE_CHARS } from '../../shared/limits';
import { LineSplitter, type SplitLine } from '../../shared/session/line-splitter';

export interface LineBatch {
  readonly lines: readonly string[];
  /** 1-based line number of `lines[0]`. */
  readonly firstLine: number;
  /** The last batch, when the input did not end with a newline: its last line may be torn. */
  readonly unterminated: boolean;
  /**
   * Lines longer than MAX_LINE_CHARS, by index in `lines`, with their length: only their start is in
   * `lines` (nothing that long is held), and they are read as bad lines.
   */
  readonly tooLong?: ReadonlyMap<number, number>;
}

/** Characters handed over per slice of text already in memory. */
export const SLICE_CHARS = 1024 * 1024;

/** Lines of text chunks (from a stream decoded as UTF-8), a batch per chunk. */
export async function* chunkLines(chunks: AsyncIterable<string>): AsyncGenerator<LineBatch> {
  const splitter = new BatchSplitter();
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

/** Lines in batches; a line longer than MAX_LINE_CHARS is passed on cut, and marked so. */
class BatchSplitter {
  private readonly splitter = new LineSplitter(MAX_LINE_CHARS);

  push(chunk: string): LineBatch | undefined {
    const first = this.splitter.nextLine;
    return this.batch(this.splitter.push(chunk), first, false);
  }

  end(): LineBatch | undefined {
    const first = this.splitter.nextLine;
    const last = this.splitter.end();
    return last === undefined ? undefined : this.batch([last], first, true);
  }

  private batch(split: readonly SplitLine[], first: number, unterminated: boolean): LineBatch | undefined {
    if (split.length === 0) return undefined;
    const lines: string[] = [];
    let tooLong: Map<number, number> | undefined;
    for (const line of split) {
      if (line.cutFrom !== undefined) (tooLong ??= new Map()).set(lines.length, line.cutFrom);
      lines.push(line.text);
    }
    return tooLong === undefined
      ? { lines, firstLine: first, unterminated }
      : { lines, firstLine: first, unterminated, tooLong };
  }
}

export function mib(bytes: number): string {
  return bytes >= 1024 * 1024 * 1024
    ? `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GiB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
