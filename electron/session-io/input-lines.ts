// An input as batches of lines, whatever it comes from (a file streamed from disk, standard input, text
// the page uploaded), so a big input is read a slice at a time and the event loop stays free meanwhile.
import { MAX_LINE_CHARS } from '../../shared/limits';
import { LineSplitter, type SplitLine } from '../../shared/session/line-splitter';
import { UserError } from '../../shared/user-error';

export interface LineBatch {
  readonly lines: readonly string[];
  /** 1-based line number of `lines[0]`. */
  readonly firstLine: number;
  /** The last batch, when the input did not end with a newline: its last line may be torn. */
  readonly unterminated: boolean;
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

/** Lines in batches; a line longer than MAX_LINE_CHARS ends the read (without being held whole). */
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
    for (const line of split) {
      if (line.cutFrom !== undefined)
        throw new UserError('input', `line ${first + lines.length} is longer than ${mib(MAX_LINE_CHARS)}`);
      lines.push(line.text);
    }
    return { lines, firstLine: first, unterminated };
  }
}

export function mib(bytes: number): string {
  return bytes >= 1024 * 1024 * 1024
    ? `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GiB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
