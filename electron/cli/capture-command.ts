// `sio-inspector capture <url> ...`: drives one connection with the engine and shows every record as it
// happens on stdout (pretty or ndjson), or with --out records it to a session file instead, as
// `tcpdump -w` does: the file is the record, and a busy capture pays for one serialisation, not two
// (`decode FILE` shows it afterwards; --summary still prints to stdout). It ends after
// --duration, when the server sends --until's event, when the server closes, or on Ctrl-C; each way the
// records are flushed, the summary (--summary) printed, and one line on stderr says how it ended.
// Failures (unreachable, refused handshake or namespace, TLS, connection lost) end with that line and
// a non-zero status.
import { summarizeSession } from '../../shared/analysis/summary';
import { isLifecycle, type SessionRecord } from '../../shared/record';
import { startClock } from '../engine/clock';
import { Connection, type ConnectionEnd, type ConnectionEvent } from '../engine/connection';
import { describeFailure } from '../engine/failure';
import { SessionWriter } from '../recorder/session-writer';
import { parseCaptureArgs, type CaptureOptions } from './capture-args';
import { CliError } from './cli-error';
import type { CommandIo } from './decode-command';
import { formatPretty, palette } from './pretty';
import { LineWriter } from './record-writer';

export { CAPTURE_USAGE } from './capture-args';

/** How a capture ended: asked for (exit 0) or a failure (its message is the stderr line). */
type Outcome =
  | { readonly kind: 'duration' | 'until' | 'interrupted' | 'server-closed' | 'output-closed' }
  | { readonly kind: 'failed'; readonly message: string };

/** How long a clean close may take before the transport is cut. */
const CLOSE_GRACE_MS = 2_000;
/** Lines wait at most this long before reaching stdout, so a live capture reads live. */
const STDOUT_FLUSH_MS = 50;

export async function runCapture(argv: readonly string[], io: CommandIo): Promise<void> {
  const options = parseCaptureArgs(argv);
  const clock = startClock();
  const writer = options.out === undefined ? undefined : await createWriter(options);
  const output = new RecordOutput(io, options, writer);
  let settle: (outcome: Outcome) => void = () => undefined;
  const ended = new Promise<Outcome>((resolve) => (settle = resolve));

  const connection = new Connection(
    options.connect,
    {
      records: (batch) => {
        if (output.take(batch)) settle({ kind: 'until' });
        else if (output.closed) settle({ kind: 'output-closed' });
      },
      event: (event) => onEvent(event, settle),
    },
    clock,
  );
  void connection.ended.then((end) => settle(endOutcome(end, options)));

  const stop = (): void => settle({ kind: 'interrupted' });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const timer =
    options.durationMs === undefined
      ? undefined
      : setTimeout(() => settle({ kind: 'duration' }), options.durationMs);

  connection.start();
  for (const { event, args } of options.emits)
    connection.emit(options.emitNamespace, event, args, { ack: options.ack });

  const outcome = await ended;
  clearTimeout(timer);
  await closeWithin(connection, CLOSE_GRACE_MS);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await output.finish(connection);
  if (outcome.kind === 'failed') throw new CliError(outcome.message);
  process.stderr.write(
    `sio-inspector: capture ended (${describeOutcome(outcome, options)}): ${output.summaryLine(clock.now())}\n`,
  );
}

/** Records to stdout, to the session file, and kept for --summary; spots the --until event. */
class RecordOutput {
  private readonly stdout: LineWriter;
  private readonly kept: SessionRecord[] | undefined;
  private readonly format: (record: SessionRecord) => string;
  private flushTimer: NodeJS.Timeout | undefined;
  private count = 0;

  constructor(
    io: CommandIo,
    private readonly options: CaptureOptions,
    private readonly writer: SessionWriter | undefined,
  ) {
    this.stdout = new LineWriter(io.stdout);
    this.kept = options.summary ? [] : undefined;
    const p = palette(useColour(io));
    this.format = options.format === 'ndjson' ? (r) => JSON.stringify(r) : (r) => formatPretty(r, p);
  }

  /** Whoever read stdout went away (`| head`): there is no one left to show records to. */
  get closed(): boolean {
    return this.writer === undefined && this.stdout.isClosed;
  }

  /** True when the batch holds the --until event. */
  take(batch: readonly SessionRecord[]): boolean {
    const { until } = this.options;
    let reached = false;
    for (const record of batch) {
      this.count++;
      this.kept?.push(record);
      if (this.writer !== undefined) this.writer.append(record);
      else void this.stdout.write(this.format(record));
      if (until !== undefined && !reached && !isLifecycle(record) && record.dir === 'in')
        reached = record.sio?.event !== undefined && String(record.sio.event) === until;
    }
    if (this.writer === undefined)
      this.flushTimer ??= setTimeout(() => {
        this.flushTimer = undefined;
        void this.stdout.flush();
      }, STDOUT_FLUSH_MS);
    return reached;
  }

  async finish(connection: Connection): Promise<void> {
    clearTimeout(this.flushTimer);
    if (this.kept !== undefined) {
      const summary = summarizeSession(this.kept, { eio: connection.version });
      void this.stdout.write(
        this.options.format === 'ndjson'
          ? JSON.stringify({ summary })
          : `summary\n${JSON.stringify(summary, null, 2)}`,
      );
    }
    await this.stdout.flush();
    try {
      await this.writer?.close();
    } catch (error) {
      throw new CliError(`could not write ${this.options.out}: ${(error as Error).message}`);
    }
  }

  summaryLine(ms: number): string {
    const where = this.options.out === undefined ? '' : ` to ${this.options.out}`;
    return `${this.count} records in ${(ms / 1000).toFixed(2)} s${where}`;
  }
}

function onEvent(event: ConnectionEvent, settle: (outcome: Outcome) => void): void {
  if (event.type !== 'namespace' || event.status !== 'refused') return;
  const why = errorText(event.error);
  settle({
    kind: 'failed',
    message: `namespace ${event.nsp} refused${why === '' ? '' : `: ${why}`} (check --auth and --namespace)`,
  });
}

function endOutcome(end: ConnectionEnd, options: CaptureOptions): Outcome {
  if (end.failure !== undefined) return { kind: 'failed', message: describeFailure(end.failure) };
  if (options.until !== undefined)
    return {
      kind: 'failed',
      message: `the connection closed (${end.reason}) before event "${options.until}" arrived`,
    };
  return { kind: 'server-closed' };
}

async function closeWithin(connection: Connection, ms: number): Promise<void> {
  if (connection.state === 'closed') return;
  const timer = setTimeout(() => connection.fault({ type: 'drop' }), ms);
  await connection.close();
  clearTimeout(timer);
}

async function createWriter(options: CaptureOptions): Promise<SessionWriter> {
  const path = options.out as string;
  try {
    return await SessionWriter.create(path, { target: options.connect.url, options: options.headerOptions });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such directory'
        : code === 'EACCES'
          ? 'permission denied'
          : (error as Error).message;
    throw new CliError(`cannot write ${path}: ${why} (check --out)`);
  }
}

function describeOutcome(outcome: Outcome, options: CaptureOptions): string {
  switch (outcome.kind) {
    case 'duration':
      return `--duration ${(options.durationMs ?? 0) / 1000} s`;
    case 'until':
      return `--until "${options.until}" arrived`;
    case 'interrupted':
      return 'interrupted';
    case 'server-closed':
      return 'the server closed the session';
    case 'output-closed':
      return 'the output was closed';
    case 'failed':
      return outcome.message;
  }
}

/** A CONNECT_ERROR / ERROR payload in words: v5 `{message}`, v4 a string. */
function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  )
    return (error as { message: string }).message;
  return error === undefined ? '' : JSON.stringify(error);
}

/** NO_COLOR and FORCE_COLOR count when set to something (no-color.org: "present and not empty"). */
function useColour(io: CommandIo): boolean {
  const { NO_COLOR, FORCE_COLOR } = io.env;
  if (NO_COLOR !== undefined && NO_COLOR !== '') return false;
  if (FORCE_COLOR !== undefined && FORCE_COLOR !== '' && FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}
