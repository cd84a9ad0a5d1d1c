// Writes record lines to a stream in large chunks (one write per ~64 KiB, not one per record) and
// honours back-pressure, so a million records print at disk speed and `| head` ends quietly.
import type { Writable } from 'node:stream';

const CHUNK = 64 * 1024;

export class LineWriter {
  private buffer = '';
  private closed = false;

  constructor(private readonly stream: Writable) {
    // A reader that went away (`| head`) is not an error for us: stop writing.
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.closed = true;
      else throw error;
    });
  }

  /** Appends one line; resolves at once unless the stream asked us to wait. */
  write(line: string): Promise<void> | undefined {
    this.buffer += line + '\n';
    return this.buffer.length >= CHUNK ? this.flush() : undefined;
  }

  flush(): Promise<void> | undefined {
    if (this.buffer.length === 0 || this.closed) {
      this.buffer = '';
      return undefined;
    }
    const chunk = this.buffer;
    this.buffer = '';
    if (this.stream.write(chunk)) return undefined;
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
