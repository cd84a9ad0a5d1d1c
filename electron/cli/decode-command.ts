// `sio-inspector decode <file|-> [--eio 3|4] [--format pretty|ndjson|har] [--summary] [--parser none]`
// Input: frame lines, a session file or a HAR (auto-detected); --format har writes the records as HAR.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { summarizeSession } from '../../shared/analysis/summary';
import type { EioVersion, SessionRecord } from '../../shared/record';
import { SessionDecoder } from '../../shared/protocol/session-decoder';
import { readFrameLine } from '../../shared/session/frame-lines';
import {
  isSessionHeaderLine,
  parseSessionHeader,
  SessionLineReader,
} from '../../shared/session/session-file';
import { parseCommandArgs } from './args';
import { CliError, usageError } from './cli-error';
import { harText, readHarInput } from './decode-har';
import { formatPretty, palette, useColour } from './pretty';
import { LineWriter } from './record-writer';

export const DECODE_USAGE =
  'decode <file|-> [--eio 3|4] [--format pretty|ndjson|har] [--summary] [--parser socket.io|none]';

interface DecodeOptions {
  readonly input: string;
  readonly eio: EioVersion | undefined;
  readonly format: 'pretty' | 'ndjson' | 'har';
  readonly summary: boolean;
  readonly parser: 'socket.io' | 'none';
}

export interface CommandIo {
  readonly stdin: Readable;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export async function runDecode(argv: readonly string[], io: CommandIo): Promise<void> {
  const options = parseDecodeArgs(argv);
  const input = await openInput(options.input, io.stdin);
  const colour = useColour(io);
  const writer = new LineWriter(io.stdout);
  const p = palette(colour);
  const decoder = new SessionDecoder({
    ...(options.eio !== undefined && { eio: options.eio }),
    parser: options.parser,
  });
  const asHar = options.format === 'har';
  const kept: SessionRecord[] | undefined = options.summary || asHar ? [] : undefined;
  const format =
    options.format === 'ndjson'
      ? (r: SessionRecord) => JSON.stringify(r)
      : (r: SessionRecord) => formatPretty(r, p);
  // Record time 0 as a wall-clock time, for --format har: the session file's or the HAR's start, else now.
  let startedAt = Date.now();
  let target: string | undefined;
  const batch: SessionRecord[] = [];
  const emit = (): Promise<void> | undefined => {
    let wait: Promise<void> | undefined;
    for (const record of batch) {
      if (kept !== undefined) kept.push(record);
      if (!asHar) wait = writer.write(format(record)) ?? wait;
    }
    batch.length = 0;
    return wait;
  };

  let lineNo = 0;
  // A session file (capture --out) starts with its header line; its lines are records already.
  let session: SessionLineReader | undefined;
  let first = true;
  const onLine = (line: string, unterminated: boolean): void => {
    lineNo++;
    if (line.length === 0) return;
    if (first) {
      first = false;
      if (isSessionHeaderLine(line)) {
        const parsed = parseSessionHeader(line);
        if ('header' in parsed) {
          startedAt = Date.parse(parsed.header.created);
          target = parsed.header.target;
        }
        session = new SessionLineReader();
        return;
      }
    }
    if (session !== undefined) {
      batch.push(session.read(line, lineNo, unterminated));
      return;
    }
    readFrameLine(decoder, line, lineNo, batch);
  };

  const har = await readHarInput(input, options.input);
  if (har !== undefined) {
    startedAt = har.startedAt ?? startedAt;
    batch.push(...har.records);
    if (har.engineIoEntries === 0)
      process.stderr.write(
        `sio-inspector: decode: ${options.input} is a HAR with ${har.entries} entries, none of them Engine.IO requests (EIO= in the URL)\n`,
      );
  } else {
    // Lines are handled synchronously chunk by chunk; we only wait when the output asks us to.
    for await (const _ of readLines(input, onLine)) {
      const wait = emit();
      if (wait !== undefined) await wait;
      if (writer.isClosed) return;
    }
    decoder.end(batch);
  }
  await emit();
  if (asHar) {
    await writer.write(harText(kept ?? [], startedAt, target));
    await writer.flush();
    return;
  }
  if (kept !== undefined) {
    const summary = summarizeSession(kept, options.eio === undefined ? {} : { eio: options.eio });
    const line = options.format === 'ndjson' ? JSON.stringify({ summary }) : formatSummary(summary, colour);
    await writer.write(line);
  }
  await writer.flush();
}

function parseDecodeArgs(argv: readonly string[]): DecodeOptions {
  const { values, positionals } = parseCommandArgs(
    'decode',
    argv,
    {
      eio: { type: 'string', choices: ['3', '4'] },
      format: { type: 'string', choices: ['pretty', 'ndjson', 'har'] },
      summary: { type: 'boolean' },
      parser: { type: 'string', choices: ['socket.io', 'none'] },
    },
    { min: 1, max: 1, name: 'input: a frame-lines, session or HAR file, or - for standard input' },
  );
  return {
    input: positionals[0]!,
    eio: values.eio === undefined ? undefined : (Number(values.eio) as EioVersion),
    format: (values.format as DecodeOptions['format'] | undefined) ?? 'pretty',
    summary: values.summary === true,
    parser: (values.parser as 'socket.io' | 'none' | undefined) ?? 'socket.io',
  };
}

async function openInput(path: string, stdin: Readable): Promise<Readable> {
  if (path === '-') return stdin;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw usageError(`decode: ${path} is a directory, not a file`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw usageError(`decode: cannot read ${path}: ${describeFsError(error)}`);
  }
  return createReadStream(path);
}

/** Splits a byte stream into lines without readline's per-line overhead; yields once per chunk. */
async function* readLines(
  stream: Readable,
  onLine: (line: string, unterminated: boolean) => void,
): AsyncGenerator<void> {
  stream.setEncoding('utf8'); // decodes UTF-8 sequences split across chunks correctly
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest.length === 0 ? chunk : rest + chunk;
    let start = 0;
    let end = text.indexOf('\n');
    while (end !== -1) {
      onLine(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end), false);
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    rest = text.slice(start);
    yield;
  }
  if (rest.length > 0) onLine(rest, true);
  yield;
}

function formatSummary(summary: ReturnType<typeof summarizeSession>, colour: boolean): string {
  const p = palette(colour);
  return `${p.bold('summary')}\n${JSON.stringify(summary, null, 2)}`;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
