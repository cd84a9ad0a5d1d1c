// `sio-inspector decode <file|-> [--eio 3|4] [--format pretty|ndjson|har] [--summary] [--parser …]`
// Input: frame lines, a session file, a bare record stream (`--format ndjson` output) or a HAR, told apart
// by session-io; --format har writes the records as HAR. Recorded records are shown as recorded, or with
// --parser decoded again with that parser.
import type { Readable } from 'node:stream';
import { SessionFold } from '../../shared/analysis/summary';
import { PARSERS, recordLine, type EioVersion, type Parser, type SessionRecord } from '../../shared/record';
import {
  openSessionInput,
  type ReadBatch,
  type ReadWatcher,
  type SessionInput,
} from '../session-io/open-input';
import { parseCommandArgs } from './args';
import { prefixError } from './cli-error';
import type { CommandIo } from './command-io';
import { harText } from './decode-har';
import { formatPretty, palette, useColour } from './pretty';
import { readProgress } from './progress';
import { LineWriter } from './record-writer';
import { formatSummaryTable } from './summary-table';

export const DECODE_USAGE =
  'decode <file|-> [--eio 3|4] [--format pretty|ndjson|har] [--summary] [--parser socket.io|msgpack|none]';

interface DecodeOptions {
  readonly input: string;
  readonly eio: EioVersion | undefined;
  readonly format: 'pretty' | 'ndjson' | 'har';
  readonly summary: boolean;
  /** Absent: socket.io with msgpack detection, and recorded records as they were recorded. */
  readonly parser: Parser | undefined;
}

export async function runDecode(argv: readonly string[], io: CommandIo): Promise<void> {
  const options = parseDecodeArgs(argv);
  const progress = readProgress(io, `decode ${options.input}`);
  try {
    await decode(options, io, await openInput(options, io.stdin, progress.watch));
  } finally {
    progress.end();
  }
}

async function decode(options: DecodeOptions, io: CommandIo, input: SessionInput): Promise<void> {
  const colour = useColour(io);
  const writer = new LineWriter(io.stdout);
  const p = palette(colour);
  const asHar = options.format === 'har';
  const kept: SessionRecord[] | undefined = asHar ? [] : undefined;
  // The summary record lists no ack pairs (the app's Acks view does): none are kept for it.
  const fold = options.summary
    ? new SessionFold({ ...(options.eio !== undefined && { eio: options.eio }), ackPairsKept: 0 })
    : undefined;
  const format = options.format === 'ndjson' ? recordLine : (r: SessionRecord) => formatPretty(r, p);
  // Record time 0 as a wall-clock time, for --format har: the session file's or the HAR's start, else now.
  let startedAt = Date.now();
  const target = input.header?.target;
  if (input.header !== undefined) startedAt = Date.parse(input.header.created);
  const { har } = input;
  if (har !== undefined) {
    startedAt = har.startedAt ?? startedAt;
    if (har.engineIoEntries === 0)
      io.stderr.write(
        `sio-inspector: decode: ${options.input} is a HAR with ${har.entries} entries, none of them Engine.IO requests (EIO= in the URL)\n`,
      );
  }

  // Records are handled synchronously batch by batch; we only wait when the output asks us to.
  for await (const { records } of readBatches(input)) {
    for (const record of records) {
      kept?.push(record);
      fold?.push(record);
      if (asHar) continue;
      // One batch can be a whole HAR: wait each time the output asks, not once at the end.
      const wait = writer.write(format(record));
      if (wait !== undefined) await wait;
      if (writer.isClosed) return;
    }
  }
  if (asHar) {
    await writer.write(harText(kept ?? [], startedAt, target));
    await writer.flush();
    return;
  }
  if (fold !== undefined) {
    const summary = fold.summary();
    const line = options.format === 'ndjson' ? JSON.stringify({ summary }) : formatSummaryTable(summary, p);
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
      parser: { type: 'string', choices: PARSERS },
    },
    { min: 1, max: 1, name: 'input: a frame-lines, session or HAR file, or - for standard input' },
  );
  return {
    input: positionals[0]!,
    eio: values.eio === undefined ? undefined : (Number(values.eio) as EioVersion),
    format: (values.format as DecodeOptions['format'] | undefined) ?? 'pretty',
    summary: values.summary === true,
    parser: values.parser as Parser | undefined,
  };
}

/** Frame lines, a session file, a record stream or a HAR (session-io sniffs which). */
async function openInput(options: DecodeOptions, stdin: Readable, watch: ReadWatcher): Promise<SessionInput> {
  const source = options.input === '-' ? { stream: stdin } : { path: options.input, maxBytes: Infinity };
  try {
    return await openSessionInput(
      source,
      {
        name: options.input === '-' ? 'standard input' : options.input,
        decoder: {
          ...(options.eio !== undefined && { eio: options.eio }),
          ...(options.parser !== undefined && { parser: options.parser }),
        },
        redecode: options.parser !== undefined,
        lenient: true,
      },
      watch,
    );
  } catch (error) {
    throw inputError(error);
  }
}

async function* readBatches(input: SessionInput): AsyncGenerator<ReadBatch> {
  try {
    yield* input.batches;
  } catch (error) {
    throw inputError(error);
  }
}

function inputError(error: unknown): unknown {
  return prefixError('decode', error);
}
