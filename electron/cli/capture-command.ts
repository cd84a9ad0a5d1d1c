// `sio-inspector capture <url> ...`: drives one connection with the engine and shows every record as it
// happens on stdout (pretty or ndjson), or with --out records it to a session file instead, as
// `tcpdump -w` does (`decode FILE` shows it afterwards; --summary still prints to stdout). It ends after
// --duration, when the server sends --until's event, when the server closes, or on Ctrl-C; each way the
// records are flushed, the summary (--summary) printed, and one line on stderr says how it ended.
// With --reconnect a lost connection is followed by another (its own conn) instead of ending.
// Failures (unreachable, refused handshake or namespace, TLS, connection lost) end with that line and
// a non-zero status.
import { isLifecycle, type SessionRecord } from '../../shared/record';
import { startClock } from '../engine/clock';
import type { ConnectionEnd } from '../engine/connection';
import { ReconnectingConnection, type ReconnectingEvent } from '../engine/reconnecting-connection';
import { parseCaptureArgs, type CaptureOptions } from './capture-args';
import type { CommandIo } from './command-io';
import { RecordSink } from './record-sink';
import { UserError } from '../../shared/user-error';

export { CAPTURE_USAGE } from './capture-args';

/** How a capture ended: asked for (exit 0) or a failure (its message is the stderr line). */
type Outcome =
  | { readonly kind: 'duration' | 'until' | 'interrupted' | 'server-closed' | 'output-closed' }
  | { readonly kind: 'failed'; readonly error: UserError };

/** How long a clean close may take before the transport is cut. */
const CLOSE_GRACE_MS = 2_000;

export async function runCapture(argv: readonly string[], io: CommandIo): Promise<void> {
  const options = parseCaptureArgs(argv);
  const clock = startClock();
  const output = await RecordSink.open(
    io,
    { ...options, echoWithOut: false },
    { target: options.connect.url, options: options.origin },
  );
  let settle: (outcome: Outcome) => void = () => undefined;
  const ended = new Promise<Outcome>((resolve) => (settle = resolve));

  const connection = new ReconnectingConnection(
    options.connect,
    options.reconnect,
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

  const stopListening = io.onInterrupt(() => settle({ kind: 'interrupted' }));
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
  stopListening();
  await output.finish({ eio: connection.version });
  if (outcome.kind === 'failed') throw outcome.error;
  const where = options.out === undefined ? '' : ` to ${options.out}`;
  const seconds = (clock.now() / 1000).toFixed(2);
  io.stderr.write(
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

function onEvent(event: ReconnectingEvent, settle: (outcome: Outcome) => void): void {
  if (event.type === 'parser-mismatch') return settle({ kind: 'failed', error: UserError.of(event.failure) });
  if (event.type !== 'namespace' || event.status !== 'refused') return;
  const why = errorText(event.error);
  settle({
    kind: 'failed',
    error: new UserError('protocol', `namespace ${event.nsp} refused${why === '' ? '' : `: ${why}`}`, {
      hint: 'check {auth} and {namespaces}',
      why: { cause: 'namespace-refused' },
    }),
  });
}

function endOutcome(
  end: ConnectionEnd,
  options: CaptureOptions,
  connection: ReconnectingConnection,
): Outcome {
  if (end.failure !== undefined) return { kind: 'failed', error: UserError.of(end.failure) };
  const unanswered = connection.namespaces.filter((n) => n.status === 'connecting').map((n) => n.nsp);
  const all = connection.namespaces.length > 0 && unanswered.length === connection.namespaces.length;
  if (all) {
    // A Socket.IO server that cannot read the CONNECT (another parser) closes the session unanswered.
    const msgpack = options.connect.parser === 'msgpack';
    const likely = msgpack
      ? 'it likely uses the default Socket.IO parser'
      : 'it likely uses socket.io-msgpack-parser';
    return {
      kind: 'failed',
      error: new UserError(
        'protocol',
        `the server closed the session without answering the CONNECT for ${unanswered.join(', ')}: ${likely}`,
        { why: { cause: 'parser', setting: 'parser', value: msgpack ? 'socket.io' : 'msgpack' } },
      ),
    };
  }
  if (options.until !== undefined)
    return {
      kind: 'failed',
      error: new UserError(
        'protocol',
        `the connection closed (${end.reason}) before event "${options.until}" arrived`,
      ),
    };
  return { kind: 'server-closed' };
}

async function closeWithin(connection: ReconnectingConnection, ms: number): Promise<void> {
  if (connection.state === 'closed') return;
  const timer = setTimeout(() => connection.fault({ kind: 'drop-transport' }), ms);
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
      return outcome.error.message;
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
