// Writes a session file as it happens (format: shared/session/session-file.ts). Lines are encoded into
// one reused buffer, which goes to the file at least every 100 ms, and at once when it fills: a crash of
// this process loses at most the last 100 ms (what reached write(2) sits in the OS and survives us), and
// a busy capture makes one write per 256 KiB rather than one per record.
//
// The writes are synchronous on purpose. A chunk to the page cache takes well under a millisecond, and
// writing it at once means no chunk waits in memory behind another: no queue of strings for the garbage
// collector to carry, one buffer for the whole session, and the file is always a prefix of the session
// (whole lines, except maybe a last one cut by a crash).
import { closeSync, openSync, writeSync } from 'node:fs';
import { SESSION_FORMAT, SESSION_VERSION, type SessionHeader } from '../../shared/session/session-file';
import { recordLine, type SessionRecord } from '../../shared/record';
import { redactHeader, redactRecord } from '../../shared/session/secrets';
import type { SessionOrigin } from '../../shared/session/session-origin';
import { TOOL } from './tool';

export interface SessionWriterOptions {
  /** The most a line may wait in memory; the crash-loss bound. */
  readonly flushMs?: number;
  /** Buffered bytes that trigger a write before the timer does. */
  readonly chunkBytes?: number;
  /** Fail with EEXIST rather than truncate a file that is there: no two sessions share a file. */
  readonly exclusive?: boolean;
  /** Write credentials in clear (`--keep-secrets`, for replay); by default they are masked (shared/session/secrets.ts). */
  readonly keepSecrets?: boolean;
}

/**
 * What a session file starts with: a new header about `target`, stamped `created` (the session's start;
 * default now), or the header of a session opened earlier, kept as it was (Save… of an opened file).
 */
export type SessionFileStart =
  | { readonly target: string; readonly options: SessionOrigin; readonly created?: Date }
  | { readonly header: SessionHeader };

const FLUSH_MS = 100;
const CHUNK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit: the room a line may need before encoding it. */
const MAX_BYTES_PER_UNIT = 3;

export class SessionWriter {
  private readonly chunk: Buffer;
  private used = 0;
  private timer: NodeJS.Timeout | undefined;
  private failure: Error | undefined;
  private closed = false;
  private records = 0;
  /** Bytes handed to put, header included: where the next line starts in the file. */
  private appended = 0;
  /** Bytes handed to the OS. */
  private inFile = 0;

  private constructor(
    /** The file written. */
    readonly path: string,
    private readonly fd: number,
    private readonly flushMs: number,
    chunkBytes: number,
    private readonly keepSecrets: boolean,
  ) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
  }

  /**
   * Creates (or truncates, unless `exclusive`) `path`, readable by its owner only, and writes the header
   * line at once. Rejects when it cannot.
   */
  static async create(
    path: string,
    session: SessionFileStart,
    options: SessionWriterOptions = {},
  ): Promise<SessionWriter> {
    const writer = new SessionWriter(
      path,
      openSync(path, options.exclusive === true ? 'wx' : 'w', 0o600),
      options.flushMs ?? FLUSH_MS,
      options.chunkBytes ?? CHUNK_BYTES,
      options.keepSecrets === true,
    );
    writer.put(JSON.stringify(sessionFileHeader(session, options.keepSecrets === true)));
    writer.flush();
    if (writer.failure !== undefined) throw writer.failure;
    return writer;
  }

  /** How many records were appended. */
  get count(): number {
    return this.records;
  }

  /** The first write error, if any; appends after it are dropped. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** The byte offset in the file where the next line goes (lines still buffered included). */
  get offset(): number {
    return this.appended;
  }

  /** Bytes the file holds so far: the lines before this offset can be read back from it. */
  get flushed(): number {
    return this.inFile;
  }

  /** The record as this writer writes it: itself, or a copy with its credentials masked. */
  written(record: SessionRecord): SessionRecord {
    return this.keepSecrets ? record : redactRecord(record);
  }

  append(record: SessionRecord): void {
    this.appendLine(recordLine(this.written(record)));
  }

  /**
   * Appends a record already serialised as one line of JSON (credentials masked already, where the
   * writer masks them). False when the line was dropped: the writer is closed or failed.
   */
  appendLine(line: string): boolean {
    if (this.closed || this.failure !== undefined) return false;
    this.records++;
    this.put(line);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
    return true;
  }

  /** Hands what is buffered to the OS. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.used === 0) return;
    const used = this.used;
    this.used = 0;
    this.write(this.chunk, used);
  }

  /** Flushes and closes the file; rejects with the first write error. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
    if (this.failure !== undefined) throw this.failure;
  }

  private put(line: string): void {
    const room = line.length * MAX_BYTES_PER_UNIT + 1;
    if (this.used + room > this.chunk.length) this.flush();
    if (room > this.chunk.length) {
      // A line bigger than the chunk (a large binary payload) goes out on its own.
      const bytes = Buffer.from(`${line}\n`);
      this.appended += bytes.length;
      this.write(bytes, -1);
      return;
    }
    const n = this.chunk.write(line, this.used);
    this.used += n;
    this.chunk[this.used++] = NEWLINE;
    this.appended += n + 1;
  }

  private write(bytes: Buffer, length: number): void {
    if (this.failure !== undefined) return;
    const end = length < 0 ? bytes.length : length;
    try {
      // writeSync may write less than asked (a full disk, a signal): go on until all of it is out.
      for (let done = 0; done < end;) {
        const n = writeSync(this.fd, bytes, done, end - done);
        done += n;
        this.inFile += n;
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }
}

/** The first line of a session file that starts as `session` says; its secrets masked unless kept. */
export function sessionFileHeader(session: SessionFileStart, keepSecrets: boolean): SessionHeader {
  const header: SessionHeader =
    'header' in session
      ? session.header
      : {
          format: SESSION_FORMAT,
          version: SESSION_VERSION,
          created: (session.created ?? new Date()).toISOString(),
          target: session.target,
          options: session.options,
          tool: TOOL,
        };
  return keepSecrets ? header : redactHeader(header);
}
