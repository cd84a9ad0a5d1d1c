// Turns the lines of a file the user opened into records, whatever it holds: a session file (header
// line, then records), a bare record stream (`decode --format ndjson` output), or frame lines (decoded
// here, as `decode` would). The first non-empty line decides. Anything else is refused in one line;
// a bad line further down becomes an input-error record and reading goes on (DESIGN.md: never a crash).
import { BridgeError } from '../../shared/bridge/errors';
import { SessionDecoder } from '../../shared/protocol/session-decoder';
import type { SessionRecord } from '../../shared/record';
import { parseFrameLine, readFrameLine } from '../../shared/session/frame-lines';
import {
  parseSessionHeader,
  parseSessionLine,
  SESSION_FORMAT,
  SessionLineReader,
  type SessionHeader,
} from '../../shared/session/session-file';
import type { LineBatch } from './line-source';

export type FileFormat = 'session' | 'records' | 'frames';

/** Records read, with the line each came from when it is that record's JSON as is (saves serialising it again). */
export interface ReadBatch {
  readonly records: SessionRecord[];
  readonly texts: (string | undefined)[];
}

export class SessionFileReader {
  private format: FileFormat | undefined;
  private header: SessionHeader | undefined;
  private readonly lines = new SessionLineReader();
  private decoder: SessionDecoder | undefined;

  /** `name` is how errors refer to the file. */
  constructor(private readonly name: string) {}

  get detected(): FileFormat | undefined {
    return this.format;
  }

  get sessionHeader(): SessionHeader | undefined {
    return this.header;
  }

  /** The records of one batch of lines; throws BridgeError when the first line shows it is no session. */
  read(batch: LineBatch): ReadBatch {
    const out: ReadBatch = { records: [], texts: [] };
    const { lines, firstLine, unterminated } = batch;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line.trim().length === 0) continue;
      const lineNo = firstLine + i;
      if (this.format === undefined) {
        if (this.detect(line)) continue;
      }
      this.readLine(line, lineNo, unterminated && i === lines.length - 1, out);
    }
    return out;
  }

  /** What the end of the file releases: binary packets still waiting for attachments. */
  end(): ReadBatch {
    if (this.format === undefined) throw new BridgeError('failed', `${this.name} is empty: no session in it`);
    const records: SessionRecord[] = [];
    this.decoder?.end(records);
    return { records, texts: [] };
  }

  /** Settles the format from the first line; true when that line was consumed (a header). */
  private detect(line: string): boolean {
    if (line.includes(`"${SESSION_FORMAT}"`)) {
      const parsed = parseSessionHeader(line);
      if ('error' in parsed) throw new BridgeError('failed', `${this.name}: ${parsed.error.message}`);
      this.format = 'session';
      this.header = parsed.header;
      return true;
    }
    if ('record' in parseSessionLine(line)) {
      this.format = 'records';
      return false;
    }
    if ('frame' in parseFrameLine(line)) {
      this.format = 'frames';
      this.decoder = new SessionDecoder();
      return false;
    }
    throw new BridgeError(
      'failed',
      `${this.name} is not a session: its first line is neither a session header, a record nor a frame line`,
    );
  }

  private readLine(line: string, lineNo: number, torn: boolean, out: ReadBatch): void {
    if (this.decoder === undefined) {
      const record = this.lines.read(line, lineNo, torn);
      const made = 'event' in record && record.event === 'input-error' && record.line === lineNo;
      out.records.push(record);
      out.texts[out.records.length - 1] = made ? undefined : line;
      return;
    }
    readFrameLine(this.decoder, line, lineNo, out.records);
  }
}
