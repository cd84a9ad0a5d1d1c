// `sio-inspector replay <session> [--target URL] [--speed N] [--conn ID] [--out FILE]
// [--format pretty|ndjson] [--summary]`. Without --target: offline playback of the recorded records with
// their original timing (scaled by --speed; 0 = at once). With --target: new connections like the
// recorded ones, one after another, join, leave and emit as the client did and answer the server's acks
// as recorded, and a report says, join by join, how the new answers differ. Differences are output, not
// failure: exit 0 whenever the replay ran.
import type { AnswerDiff, AnswerSide, ReplayDiff } from '../../shared/analysis/replay-diff';
import { redecodeRecords } from '../../shared/protocol/session-decoder';
import { PARSERS, type Json, type Parser } from '../../shared/record';
import { startLiveReplay } from '../replay/live-replay';
import { loadSession, type LoadedSession } from '../replay/load-session';
import { startPlayback } from '../replay/playback';
import { fillSecrets, type SuppliedSecrets } from '../replay/replay-secrets';
import { planReplay, stepCounts, type ReplayPlan } from '../replay/replay-plan';
import { parseAuth, parseHeader, parseQuery } from './capture-args';
import { OUTPUT_FLAGS, outputOptions, parseCommandArgs, type OutputOptions } from './args';
import { prefixError, usageError } from './cli-error';
import type { CommandIo } from './command-io';
import { ProgressLine, readProgress } from './progress';
import { RecordSink } from './record-sink';

export const REPLAY_USAGE =
  'replay <session> [--target URL] [--parser socket.io|msgpack|none] [--speed N] [--conn ID] [--header "K: V"]... [--query k=v]... [--auth JSON] [--out FILE] [--format pretty|ndjson] [--summary] [--keep-secrets]';

interface ReplayOptions extends OutputOptions {
  readonly session: string;
  readonly target: string | undefined;
  readonly speed: number;
  readonly conn: string | undefined;
  /** Re-decode the recording with this parser, and replay with it. */
  readonly parser: Parser | undefined;
  /** --header, --query, --auth: the values a recording without --keep-secrets masked. */
  readonly secrets: SuppliedSecrets;
  readonly keepSecrets: boolean;
}

export async function runReplay(argv: readonly string[], io: CommandIo): Promise<void> {
  const options = parseReplayArgs(argv);
  let loaded: LoadedSession;
  const progress = readProgress(io, `replay: reading ${options.session}`);
  try {
    loaded = withParser(await loadSession(options.session, progress.watch), options.parser);
  } catch (error) {
    throw prefixError('replay', error);
  } finally {
    progress.end();
  }
  if (options.target === undefined) return playOffline(options, loaded, io);
  return replayLive(options, options.target, loaded, io);
}

function withParser(loaded: LoadedSession, parser: Parser | undefined): LoadedSession {
  if (parser === undefined) return loaded;
  return {
    ...loaded,
    records: redecodeRecords(loaded.records, { parser }),
    settings: { ...loaded.settings, parser },
  };
}

async function playOffline(options: ReplayOptions, loaded: LoadedSession, io: CommandIo): Promise<void> {
  const sink = await RecordSink.open(
    io,
    { ...options, echoWithOut: true },
    {
      target: loaded.target ?? '',
      options: { kind: 'playback', ...loaded.settings, playbackOf: options.session },
    },
  );
  const records =
    options.conn === undefined ? loaded.records : loaded.records.filter((r) => r.conn === options.conn);
  const line = ProgressLine.records(io, `replay: playing ${options.session}`, records.length);
  const playback = startPlayback(records, options.speed, (batch) => {
    sink.take(batch);
    line?.update(sink.count, records.length);
  });
  const stop = io.onInterrupt(() => playback.stop());
  await playback.done;
  stop();
  line?.end();
  await sink.finish();
  io.stderr.write(`sio-inspector: replay: played ${sink.count} records of ${options.session}\n`);
}

async function replayLive(
  options: ReplayOptions,
  target: string,
  loaded: LoadedSession,
  io: CommandIo,
): Promise<void> {
  let planned;
  try {
    planned = planReplay(loaded.records, loaded.settings, target, options.conn);
  } catch (error) {
    throw usageError(`replay: ${options.session}: ${(error as Error).message}`);
  }
  const { plan, missing } = fillSecrets(planned, options.secrets);
  if (missing.length > 0)
    throw usageError(
      `replay: ${options.session} was recorded with secrets masked (${missing.join(', ')}); ` +
        `give them with --header "K: V", --query k=v or --auth JSON, or record with --keep-secrets`,
    );
  const sink = await RecordSink.open(
    io,
    { ...options, echoWithOut: true },
    {
      target,
      options: { kind: 'replay', ...loaded.settings, replayOf: options.session, speed: options.speed },
    },
  );
  let replay;
  try {
    replay = startLiveReplay({ plan, speed: options.speed, onRecords: (batch) => sink.take(batch) });
  } catch (error) {
    await sink.finish();
    throw prefixError('replay', error);
  }
  const stop = io.onInterrupt(() => replay.stop());
  const result = await replay.done;
  stop();
  if (result.failure !== undefined) {
    await sink.finish();
    throw prefixError('replay', result.failure);
  }
  await sink.note({ replay: result.diff as unknown as Json }, formatDiff(result.diff));
  await sink.finish();
  const what = result.cancelled
    ? `cancelled; what ran of ${describePlan(plan)} was re-sent to ${target}`
    : `${describePlan(plan)} re-sent to ${target}`;
  io.stderr.write(`sio-inspector: replay: ${what}; answers: ${countLine(result.diff)}\n`);
}

/** "3 matched, 1 different, 0 missing, 0 extra, 1 with no answer in either run". */
function countLine({ counts }: ReplayDiff): string {
  return (
    `${counts.matched} matched, ${counts.different} different, ${counts.missing} missing, ` +
    `${counts.extra} extra, ${counts.unanswered} with no answer in either run`
  );
}

function describePlan(plan: ReplayPlan): string {
  const { join, leave, emit } = stepCounts(plan);
  const n = plan.connections.length;
  const connections = n === 1 ? '' : ` on ${n} connections`;
  return `${plural(join, 'join')}, ${plural(leave, 'leave')} and ${plural(emit, 'emit')}${connections}`;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function parseReplayArgs(argv: readonly string[]): ReplayOptions {
  const { values, positionals } = parseCommandArgs(
    'replay',
    argv,
    {
      target: { type: 'string' },
      speed: { type: 'string' },
      conn: { type: 'string' },
      parser: { type: 'string', choices: PARSERS },
      header: { type: 'string', multiple: true },
      query: { type: 'string', multiple: true },
      auth: { type: 'string' },
      ...OUTPUT_FLAGS,
      'keep-secrets': { type: 'boolean' },
    },
    { min: 1, max: 1, name: 'session: a session file or HAR to replay' },
  );
  const speedText = (values.speed as string | undefined) ?? '1';
  const speed = Number(speedText);
  if (speedText.trim() === '' || !Number.isFinite(speed) || speed < 0)
    throw usageError(
      `replay: --speed takes a number ≥ 0 (1 = recorded timing, 0 = at once; got "${speedText}")`,
    );
  return {
    session: positionals[0] as string,
    target: values.target as string | undefined,
    speed,
    conn: values.conn as string | undefined,
    parser: values.parser as Parser | undefined,
    secrets: {
      ...(values.auth !== undefined && { auth: parseAuth(values.auth as string, 'replay') }),
      headers: ((values.header as string[] | undefined) ?? []).map((h) => parseHeader(h, 'replay')),
      query: ((values.query as string[] | undefined) ?? []).map((q) => parseQuery(q, 'replay')),
    },
    keepSecrets: values['keep-secrets'] === true,
    ...outputOptions(values),
  };
}

/** The report for people: a count line, then one line per answer that is not a plain match. */
export function formatDiff(diff: ReplayDiff): string {
  const lines = [`replay: ${diff.answers.length} answers: ${countLine(diff)}`];
  const conns = new Set(diff.answers.map((a) => a.conn)).size > 1;
  for (const answer of diff.answers) lines.push(`  ${formatAnswer(answer, conns)}`);
  return lines.join('\n');
}

/** `/admin join #2: recorded accepted, now refused: unauthorized`, or an ack or event on its join. */
function formatAnswer(a: AnswerDiff, conns: boolean): string {
  const status = `${a.status.padEnd(10)} ${a.kind.padEnd(5)} ${conns ? `${a.conn} ` : ''}`;
  if (a.kind === 'join') {
    const then = outcome(a.recorded);
    const now = outcome(a.replayed);
    return `${status}${a.nsp} #${a.join}: ${then === now ? then : `recorded ${then}, now ${now}`}`;
  }
  const on = a.join > 1 ? ` (join #${a.join})` : '';
  const what = `${status}${a.nsp} ${String(a.event)} #${a.index}${on}`;
  const args = (side: AnswerDiff['recorded']): string => JSON.stringify(side?.args ?? []);
  const latency =
    a.latencyChangeMs === undefined
      ? ''
      : `  latency ${a.recorded?.latencyMs} → ${a.replayed?.latencyMs} ms (${a.latencyChangeMs >= 0 ? '+' : ''}${a.latencyChangeMs})`;
  switch (a.status) {
    case 'matched':
      return `${what}${latency}`;
    case 'different':
      return `${what}  recorded ${args(a.recorded)}  now ${args(a.replayed)}${latency}`;
    case 'missing':
      return `${what}  recorded ${args(a.recorded)}`;
    case 'extra':
      return `${what}  now ${args(a.replayed)}`;
    case 'unanswered':
      return `${what}  no answer in either run`;
  }
}

function outcome(side: AnswerSide | undefined): string {
  if (side === undefined) return 'no answer';
  return side.outcome === 'refused' ? `refused: ${side.error ?? ''}` : 'accepted';
}
