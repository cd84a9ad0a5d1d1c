// A session file as batches of lines, from disk (streamed) or from text the page uploaded, so a big
// file is read a slice at a time and the event loop stays free for page requests while it loads.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { BridgeError } from '../../shared/bridge/errors';

export interface LineBatch {
  readonly lines: readonly string[];
  /** 1-based line number of `lines[0]`. */
  readonly firstLine: number;
  /** The last batch, when the file did not end with a newline: its last line may be torn. */
  readonly unterminated: boolean;
}

/** A line longer than this ends the read: no frame of a real session comes near it. */
export const MAX_LINE_CHARS = 128 * 1024 * 1024;
/** Characters handed over per batch from uploaded text. */
const SLICE_CHARS = 1024 * 1024;

/** Lines of a file on disk; refuses directories and files over `maxBytes` before reading a byte. */
export async function* fileLines(path: string, maxBytes: number): AsyncGenerator<LineBatch> {
  const info = await stat(path).catch((error: unknown) => {
    throw new BridgeError('failed', `cannot read ${path}: ${describeFsError(error)}`);
  });
  if (info.isDirectory()) throw new BridgeError('failed', `${path} is a directory, not a session file`);
  if (info.size > maxBytes)
    throw new BridgeError(
      'failed',
      `${path} is ${mib(info.size)}; the largest session file opened is ${mib(maxBytes)}`,
    );
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: SLICE_CHARS });
  const splitter = new LineSplitter();
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const batch = splitter.push(chunk);
      if (batch !== undefined) yield batch;
    }
  } catch (error) {
    if (error instanceof BridgeError) throw error;
    throw new BridgeError('failed', `cannot read ${path}: ${describeFsError(error)}`);
  } finally {
    stream.destroy();
  }
  const last = splitter.end();
  if (last !== undefined) yield last;
}

/** Lines of text already in memory, a slice at a time. */
export function* textLines(text: string): Generator<LineBatch> {
  const splitter = new LineSplitter();
  for (let at = 0; at < text.length; at += SLICE_CHARS) {
    const batch = splitter.push(text.slice(at, at + SLICE_CHARS));
    if (batch !== undefined) yield batch;
  }
  const last = splitter.end();
  if (last !== undefined) yield last;
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
      throw new BridgeError(
        'failed',
        `line ${this.next + lines.length} is longer than ${mib(MAX_LINE_CHARS)}`,
      );
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

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}
