// Writes a session file as it happens (format: shared/session/session-file.ts). Lines collect in memory
// and go to the file at least every 100 ms, and at once when 256 KiB have piled up: a crash of this
// process loses at most the last 100 ms (what reached write(2) sits in the OS and survives us), and a
// busy capture still makes one write per chunk rather than one per record. Writes are chained, so the
// file is always a prefix of the session: whole lines, except maybe a last one cut by a crash.
import { open, type FileHandle } from 'node:fs/promises';
import { SESSION_FORMAT, SESSION_VERSION, type SessionHeader } from '../../shared/session/session-file';
import type { Json, SessionRecord } from '../../shared/record';
import { TOOL } from './tool';

export interface SessionWriterOptions {
  /** The most a line may wait in memory; the crash-loss bound. */
  readonly flushMs?: number;
  /** Buffered characters that trigger a write before the timer does. */
  readonly chunkChars?: number;
}

const FLUSH_MS = 100;
const CHUNK_CHARS = 256 * 1024;

export class SessionWriter {
  private buffer = '';
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private closed = false;
  private records = 0;

  private constructor(
    private readonly file: FileHandle,
    private readonly flushMs: number,
    private readonly chunkChars: number,
  ) {}

  /** Creates (or truncates) `path` and writes the header line at once. Rejects when it cannot. */
  static async create(
    path: string,
    session: { readonly target: string; readonly options: { readonly [key: string]: Json } },
    options: SessionWriterOptions = {},
  ): Promise<SessionWriter> {
    const file = await open(path, 'w');
    const writer = new SessionWriter(file, options.flushMs ?? FLUSH_MS, options.chunkChars ?? CHUNK_CHARS);
    const header: SessionHeader = {
      format: SESSION_FORMAT,
      version: SESSION_VERSION,
      created: new Date().toISOString(),
      target: session.target,
      options: session.options,
      tool: TOOL,
    };
    writer.buffer = `${JSON.stringify(header)}\n`;
    await writer.flush();
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

  append(record: SessionRecord): void {
    this.appendLine(JSON.stringify(record));
  }

  /** Appends a record already serialised (the CLI's ndjson output shares the string). */
  appendLine(line: string): void {
    if (this.closed || this.failure !== undefined) return;
    this.records++;
    this.buffer += `${line}\n`;
    if (this.buffer.length >= this.chunkChars) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Hands what is buffered to the OS; resolves when every earlier write is done. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length > 0 && this.failure === undefined) {
      const data = this.buffer;
      this.buffer = '';
      this.writing = this.writing.then(() => this.write(data));
    }
    return this.writing;
  }

  /** Flushes and closes the file; rejects with the first write error. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.file.close();
    if (this.failure !== undefined) throw this.failure;
  }

  private async write(data: string): Promise<void> {
    if (this.failure !== undefined) return;
    try {
      await this.file.write(data);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }
}
