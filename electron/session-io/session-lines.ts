// Turns the lines of an input into records, whatever it holds: a session file (header line, then
// records), a bare record stream (`capture`/`decode --format ndjson` output), or frame lines (decoded
// here). The first non-empty line decides. A bad line further down becomes an input-error record and
// reading goes on (docs/architecture.md §6: never a crash).
import { SessionDecoder, type DecoderOptions } from '../../shared/protocol/session-decoder';
import type { SessionRecord } from '../../shared/record';
import { MAX_LINE_CHARS } from '../../shared/limits';
import { inputErrorRecord, parseFrameLine, readFrameLine } from '../../shared/session/frame-lines';
import { lineTooLong } from '../../shared/session/line-splitter';
import {
  parseSessionHeader,
  parseSessionLine,
  SESSION_FORMAT,
  SessionLineReader,
  type SessionHeader,
} from '../../shared/session/session-file';
import { UserError } from '../../shared/user-error';
import type { LineBatch } from './input-lines';

export type LineFormat = 'session' | 'records' | 'frames';

/** Records read, with the line each came from when it is that record's JSON as is (saves serialising it again). */
export interface ReadBatch {
  readonly records: SessionRecord[];
  readonly texts: (string | undefined)[];
}

export interface LineReaderOptions {
  /** How errors refer to the input. */
  readonly name: string;
  /** How frame lines are decoded (decode's --eio and --parser). */
  readonly decoder?: DecoderOptions;
  /** Decode a session file's or record stream's records again with `decoder` (decode --parser). */
  readonly redecode?: boolean;
  /**
   * `decode`'s reading: a first line that is no header, record or frame line is a bad frame line (an
   * input-error record), and an empty input holds no records. Otherwise both are refused.
   */
  readonly lenient?: boolean;
}

export class SessionLineSource {
  private format: LineFormat | undefined;
  private header: SessionHeader | undefined;
  private readonly lines = new SessionLineReader();
  private decoder: SessionDecoder | undefined;
  private readonly redecoder: SessionDecoder | undefined;

  constructor(private readonly options: LineReaderOptions) {
    if (options.redecode === true) this.redecoder = new SessionDecoder(options.decoder);
  }

  get detected(): LineFormat | undefined {
    return this.format;
  }

  get sessionHeader(): SessionHeader | undefined {
    return this.header;
  }

  /** The records of one batch of lines; throws UserError when the first line shows it is no session. */
  read(batch: LineBatch): ReadBatch {
    const out: ReadBatch = { records: [], texts: [] };
    const { lines, firstLine, unterminated, tooLong } = batch;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const length = tooLong?.get(i);
      if (length !== undefined) {
        this.readTooLong(line, firstLine + i, length, out);
        continue;
      }
      if (line.trim().length === 0) continue;
      if (this.format === undefined && this.detect(line)) continue;
      this.readLine(line, firstLine + i, unterminated && i === lines.length - 1, out);
    }
    return out;
  }

  /** What the end of the input releases: binary packets still waiting for attachments. */
  end(): ReadBatch {
    if (this.format === undefined) {
      if (this.options.lenient !== true)
        throw new UserError('input', `${this.options.name} is empty: no session in it`);
      this.format = 'frames';
    }
    const records: SessionRecord[] = [];
    this.decoder?.end(records);
    this.redecoder?.end(records);
    return { records, texts: [] };
  }

  /** Settles the format from the first line; true when that line was consumed (a header). */
  private detect(line: string): boolean {
    const lenient = this.options.lenient === true;
    if (line.includes(`"${SESSION_FORMAT}"`)) {
      const parsed = parseSessionHeader(line);
      if ('header' in parsed) {
        this.format = 'session';
        this.header = parsed.header;
        return true;
      }
      if (!lenient) throw new UserError('input', `${this.options.name}: ${parsed.error.message}`);
    }
    if ('record' in parseSessionLine(line)) {
      this.format = 'records';
      return false;
    }
    if (lenient || 'frame' in parseFrameLine(line)) {
      this.format = 'frames';
      this.decoder = new SessionDecoder(this.options.decoder);
      return false;
    }
    throw new UserError(
      'input',
      `${this.options.name} is not a session: its first line is neither a session header, a record nor a frame line`,
    );
  }

  /** A line past MAX_LINE_CHARS (`head` is its start): an input-error record, and reading goes on. */
  private readTooLong(head: string, lineNo: number, length: number, out: ReadBatch): void {
    if (this.format === undefined) {
      if (this.options.lenient !== true)
        throw new UserError(
          'input',
          `${this.options.name}: line ${lineNo} is longer than ${MAX_LINE_CHARS} characters`,
        );
      this.format = 'frames';
      this.decoder = new SessionDecoder(this.options.decoder);
    }
    if (this.decoder === undefined) {
      out.records.push(this.lines.tooLong(head, lineNo, length));
      out.texts[out.records.length - 1] = undefined;
      return;
    }
    const error = lineTooLong('FRAME_LINE_INVALID', lineNo, length, MAX_LINE_CHARS);
    this.decoder.pushLifecycle(inputErrorRecord(this.decoder.time, lineNo, error, head), out.records);
  }

  private readLine(line: string, lineNo: number, torn: boolean, out: ReadBatch): void {
    if (this.decoder === undefined) {
      const record = this.lines.read(line, lineNo, torn);
      if (this.redecoder !== undefined) return this.redecoder.redecode(record, out.records);
      const made = 'event' in record && record.event === 'input-error' && record.line === lineNo;
      out.records.push(record);
      out.texts[out.records.length - 1] = made ? undefined : line;
      return;
    }
    readFrameLine(this.decoder, line, lineNo, out.records);
  }
}
