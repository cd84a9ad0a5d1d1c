// Opens anything that holds a session, after looking at its start once: a HAR (one JSON document, read
// entry by entry as it streams and imported), or lines (a session file, a bare record stream, frame
// lines: session-lines.ts). decode, replay and the app all open their inputs here. An input is user
// input: every failure to open it is one UserError line; a bad line inside becomes a record.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { HarReader, looksLikeHar, type HarImport } from '../../shared/session/har';
import type { SessionHeader } from '../../shared/session/session-file';
import { UserError } from '../../shared/user-error';
import { fileError } from '../errors/file-error';
import { chunkLines, mib, textSlices } from './input-lines';
import { SessionLineSource, type LineFormat, type LineReaderOptions, type ReadBatch } from './session-lines';

export type InputSource =
  /** A file on disk, refused before reading a byte when larger than `maxBytes`. */
  | { readonly path: string; readonly maxBytes: number }
  /** A stream of bytes (standard input), read as UTF-8. */
  | { readonly stream: Readable }
  /** Text already in memory (an upload). */
  | { readonly text: string };

export type InputFormat = 'har' | LineFormat;

export interface SessionInput {
  readonly format: InputFormat;
  /** A session file's header line. */
  readonly header: SessionHeader | undefined;
  /** A HAR's import (its records are also the one batch of `batches`). */
  readonly har: HarImport | undefined;
  /** Every record, batch by batch, from the first; can be iterated once. */
  readonly batches: AsyncIterable<ReadBatch>;
}

export type { ReadBatch } from './session-lines';

/**
 * Told as the input is read, for a progress line: characters read so far (a UTF-8 file's bytes, as
 * near as a progress line needs), and the file's size in bytes when it is a file.
 */
export type ReadWatcher = (read: number, size: number | undefined) => void;

/** Characters enough to tell a HAR from lines. */
const HEAD_CHARS = 4096;

/**
 * Resolves once the input's kind is known (the first non-empty line, or the HAR read); rejects with a
 * UserError when the input cannot be read or is no session.
 */
export async function openSessionInput(
  source: InputSource,
  options: LineReaderOptions,
  watch?: ReadWatcher,
): Promise<SessionInput> {
  const read = await chunksOf(source);
  const chunks = (watch === undefined ? read : watched(read.chunks, read.size, watch))[
    Symbol.asyncIterator
  ]();
  try {
    const head: string[] = [];
    let headLength = 0;
    let ended = false;
    while (headLength < HEAD_CHARS) {
      const next = await chunks.next();
      if (next.done === true) {
        ended = true;
        break;
      }
      head.push(next.value);
      headLength += next.value.length;
    }
    const start = head.join('');
    if (looksLikeHar(start.slice(0, HEAD_CHARS))) {
      const har = await readHar(start, ended ? undefined : chunks, options);
      return { format: 'har', header: undefined, har, batches: once({ records: har.records, texts: [] }) };
    }
    return await openLines(start, ended ? undefined : chunks, options);
  } catch (error) {
    await chunks.return?.();
    throw error;
  }
}

async function openLines(
  start: string,
  rest: AsyncIterator<string> | undefined,
  options: LineReaderOptions,
): Promise<SessionInput> {
  const reader = new SessionLineSource(options);
  const lines = chunkLines(withStart(start, rest))[Symbol.asyncIterator]();
  // Read until the format is known: blank lines first are allowed, a wrong first line is not.
  const read: ReadBatch[] = [];
  let done = false;
  while (reader.detected === undefined) {
    const next = await lines.next();
    if (next.done === true) {
      read.push(reader.end());
      done = true;
      break;
    }
    read.push(reader.read(next.value));
  }
  async function* batches(): AsyncGenerator<ReadBatch> {
    try {
      yield* read;
      if (done) return;
      for (let next = await lines.next(); next.done !== true; next = await lines.next())
        yield reader.read(next.value);
      yield reader.end();
    } finally {
      // A reader that stops early (a session closed while loading) closes the file.
      await lines.return?.(undefined);
    }
  }
  return {
    format: reader.detected ?? 'frames',
    header: reader.sessionHeader,
    har: undefined,
    batches: batches(),
  };
}

async function chunksOf(source: InputSource): Promise<AsyncIterable<string> & Sized> {
  if ('text' in source) return sized(toAsync(textSlices(source.text)), source.text.length);
  if ('stream' in source) {
    source.stream.setEncoding('utf8'); // decodes UTF-8 sequences split across chunks correctly
    return sized(readErrors(source.stream as AsyncIterable<string>, 'the input'), undefined);
  }
  const { path, maxBytes } = source;
  const info = await stat(path).catch((error: unknown) => {
    throw fileError(error, path, 'read');
  });
  if (info.isDirectory()) throw new UserError('input', `${path} is a directory, not a file`);
  if (info.size > maxBytes)
    throw new UserError(
      'input',
      `${path} is ${mib(info.size)}; the largest session file opened is ${mib(maxBytes)}`,
    );
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: READ_CHUNK_BYTES });
  return sized(readErrors(stream as AsyncIterable<string>, path), info.size);
}

/**
 * Bytes read from a file at a time. A chunk's lines become one batch of records, alive until the batch is
 * handled: at 64 KiB (about 500 frame lines) it dies young in V8's new space; at 1 MiB it outlived the
 * scavenges, went to the old space as garbage and the heap grew with it (decode of 1M frame lines: 195
 * MB peak RSS and 8.5 s of CPU, against 93 MB and 4.7 s at 64 KiB).
 */
const READ_CHUNK_BYTES = 64 * 1024;

/** An input's chunks and its size when known. */
interface Sized {
  readonly chunks: AsyncIterable<string>;
  readonly size: number | undefined;
}

function sized(chunks: AsyncIterable<string>, size: number | undefined): AsyncIterable<string> & Sized {
  return { chunks, size, [Symbol.asyncIterator]: () => chunks[Symbol.asyncIterator]() };
}

async function* watched(
  chunks: AsyncIterable<string>,
  size: number | undefined,
  watch: ReadWatcher,
): AsyncGenerator<string> {
  let read = 0;
  for await (const chunk of chunks) {
    read += chunk.length;
    watch(read, size);
    yield chunk;
  }
}

/** A HAR, entry by entry as it streams (shared/session/har.ts holds only its Engine.IO entries). */
async function readHar(
  start: string,
  rest: AsyncIterator<string> | undefined,
  { name, decoder }: LineReaderOptions,
): Promise<HarImport> {
  const reader = new HarReader(decoder);
  reader.push(start);
  for (let next = await rest?.next(); next !== undefined && next.done !== true; next = await rest?.next())
    reader.push(next.value);
  const result = reader.end();
  if ('error' in result) throw new UserError('input', `${name}: ${result.error.message}`);
  return result.har;
}

async function* withStart(start: string, rest: AsyncIterator<string> | undefined): AsyncGenerator<string> {
  try {
    if (start.length > 0) yield start;
    if (rest === undefined) return;
    for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
  } finally {
    // Stopped early (a session closed or stopped while loading): the file is closed, not left open.
    await rest?.return?.();
  }
}

/** A read error partway (a disk error, a pipe torn down) is the input's failure, said in one line. */
async function* readErrors(chunks: AsyncIterable<string>, name: string): AsyncGenerator<string> {
  try {
    yield* chunks;
  } catch (error) {
    throw fileError(error, name, 'read');
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

async function* once<T>(item: T): AsyncGenerator<T> {
  yield item;
}
