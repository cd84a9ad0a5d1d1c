// `sio-inspector capture <url> ...`: drives one connection with the engine and shows every record as it
// happens on stdout (pretty or ndjson), or with --out records it to a session file instead, as
// `tcpdump -w` does (`decode FILE` shows it afterwards; --summary still prints to stdout). It ends after
// --duration, when the server sends --until's event, when the server closes, or on Ctrl-C; each way the
// records are flushed, the summary (--summary) printed, and one line on stderr says how it ended.
// Failures (unreachable, refused handshake or namespace, TLS, connection lost) end with that line and
// a non-zero status.
import { isLifecycle, type SessionRecord } from '../../shared/record';
import { startClock } from '../engine/clock';
import { Connection, type ConnectionEnd, type ConnectionEvent } from '../engine/connection';
import { describeFailure } from '../engine/failure';
import { parseCaptureArgs, type CaptureOptions } from './capture-args';
import { CliError } from './cli-error';
import type { CommandIo } from './decode-command';
import { RecordSink } from './record-sink';

export { CAPTURE_USAGE } from './capture-args';

/** How a capture ended: asked for (exit 0) or a failure (its message is the stderr line). */
type Outcome =
  | { readonly kind: 'duration' | 'until' | 'interrupted' | 'server-closed' | 'output-closed' }
  | { readonly kind: 'failed'; readonly message: string };

/** How long a clean close may take before the transport is cut. */
const CLOSE_GRACE_MS = 2_000;

export async function runCapture(argv: readonly string[], io: CommandIo): Promise<void> {
  const options = parseCaptureArgs(argv);
  const clock = startClock();
  const output = await RecordSink.open(io, {
    format: options.format,
    summary: options.summary,
    echoWithOut: false,
    ...(options.out !== undefined && {
      out: { path: options.out, target: options.connect.url, options: options.headerOptions },
    }),
  });
  let settle: (outcome: Outcome) => void = () => undefined;
  const ended = new Promise<Outcome>((resolve) => (settle = resolve));

  const connection = new Connection(
    options.connect,
    {
      records: (batch) => {
        output.take(batch);
        if (holdsUntil(batch, options.until)) settle({ kind: 'until' });
        else if (output.closed) settle({ kind: 'output-closed' });
      },
      event: (event) => onEvent(event, settle),
    },
    clock,
  );
  void connection.ended.then((end) => settle(endOutcome(end, options, connection)));

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
  for (const message of options.sends) connection.send(message);

  const outcome = await ended;
  clearTimeout(timer);
  await closeWithin(connection, CLOSE_GRACE_MS);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await output.finish({ eio: connection.version });
  if (outcome.kind === 'failed') throw new CliError(outcome.message);
  const where = options.out === undefined ? '' : ` to ${options.out}`;
  const seconds = (clock.now() / 1000).toFixed(2);
  process.stderr.write(
    `sio-inspector: capture ended (${describeOutcome(outcome, options)}): ${output.count} records in ${seconds} s${where}\n`,
  );
}

/** Whether the batch holds the --until event: an event of that name from the server. */
function holdsUntil(batch: readonly SessionRecord[], until: string | undefined): boolean {
  if (until === undefined) return false;
  return batch.some(
    (r) => !isLifecycle(r) && r.dir === 'in' && r.sio?.event !== undefined && String(r.sio.event) === until,
  );
}

function onEvent(event: ConnectionEvent, settle: (outcome: Outcome) => void): void {
  if (event.type === 'parser-mismatch') return settle({ kind: 'failed', message: event.message });
  if (event.type !== 'namespace' || event.status !== 'refused') return;
  const why = errorText(event.error);
  settle({
    kind: 'failed',
    message: `namespace ${event.nsp} refused${why === '' ? '' : `: ${why}`} (check --auth and --namespace)`,
  });
}

function endOutcome(end: ConnectionEnd, options: CaptureOptions, connection: Connection): Outcome {
  if (end.failure !== undefined) return { kind: 'failed', message: describeFailure(end.failure) };
  const unanswered = connection.namespaces.filter((n) => n.status === 'connecting').map((n) => n.nsp);
  const all = connection.namespaces.length > 0 && unanswered.length === connection.namespaces.length;
  if (all) {
    // A Socket.IO server that cannot read the CONNECT (another parser) closes the session unanswered.
    const likely =
      options.connect.parser === 'msgpack'
        ? 'it likely uses the default Socket.IO parser (drop --parser msgpack)'
        : 'it likely uses socket.io-msgpack-parser (try --parser msgpack)';
    return {
      kind: 'failed',
      message: `the server closed the session without answering the CONNECT for ${unanswered.join(', ')}: ${likely}`,
    };
  }
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
