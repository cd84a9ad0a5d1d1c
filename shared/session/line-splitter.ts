// Cuts a stream of text chunks into lines (LF or CRLF) in linear time. A line that spans chunks is kept
// as its pieces and joined once, when its end arrives: searching a growing concatenation for the next
// newline, chunk after chunk, made one 50 MB line take minutes. A line longer than `maxLineChars` is not
// held: its first characters are kept, the rest is counted and dropped, and it comes out marked as cut.
import { decodeError, type DecodeError, type ErrorCode } from '../protocol/errors';

export interface SplitLine {
  readonly text: string;
  /** Set when the line was longer than the limit: `text` is only its start; this is its full length. */
  readonly cutFrom?: number;
}

/** What of an overlong line is kept, for the error that reports it. */
const KEPT_CHARS = 4096;

export class LineSplitter {
  private pieces: string[] = [];
  private partial = 0;
  private lineNo = 0;

  constructor(private readonly maxLineChars: number = Infinity) {}

  /** 1-based number of the next line to come out. */
  get nextLine(): number {
    return this.lineNo + 1;
  }

  /** The lines `chunk` completes. */
  push(chunk: string): SplitLine[] {
    const lines: SplitLine[] = [];
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      lines.push(this.complete(chunk.slice(start, end)));
      start = end + 1;
    }
    if (start < chunk.length) this.hold(start === 0 ? chunk : chunk.slice(start));
    return lines;
  }

  /** The last line, when the input did not end with a newline. */
  end(): SplitLine | undefined {
    if (this.partial === 0) return undefined;
    return this.complete('');
  }

  private hold(piece: string): void {
    if (this.partial <= this.maxLineChars) {
      this.pieces.push(piece);
      if (this.partial + piece.length > this.maxLineChars) {
        // Past the limit: keep the start for the error, drop the rest as it comes.
        this.pieces = [this.pieces.join('').slice(0, KEPT_CHARS)];
      }
    }
    this.partial += piece.length;
  }

  private complete(last: string): SplitLine {
    this.lineNo++;
    const length = this.partial + last.length;
    const cut = length > this.maxLineChars;
    let text: string;
    if (cut) text = (this.pieces.length > 0 ? (this.pieces[0] as string) : last).slice(0, KEPT_CHARS);
    else if (this.pieces.length === 0) text = last;
    else {
      this.pieces.push(last);
      text = this.pieces.join('');
    }
    this.pieces = [];
    this.partial = 0;
    if (text.charCodeAt(text.length - 1) === 13 && !cut) text = text.slice(0, -1);
    return cut ? { text, cutFrom: length } : { text };
  }
}

/** The error for a line cut at `limit` characters: the readers report it as a bad line and read on. */
export function lineTooLong(code: ErrorCode, lineNo: number, length: number, limit: number): DecodeError {
  return decodeError(code, `line ${lineNo}: ${length} characters, longer than the limit of ${limit}`);
}
