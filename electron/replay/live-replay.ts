// Replays a recorded connection against a live server through the engine: connects as planned, sends the
// client's emits at their recorded times (scaled by speed; 0 = one after the other at once), answers the
// server's ack requests as the client did, and once the answers are in (or stop coming) closes and
// compares them with the recorded ones.
import { diffReplay, type ReplayDiff } from '../../shared/analysis/replay-diff';
import { isLifecycle, type SessionRecord } from '../../shared/record';
import { startClock, type Clock } from '../engine/clock';
import { Connection, type ConnectionEnd } from '../engine/connection';
import { describeFailure } from '../engine/failure';
import type { ReplayPlan } from './replay-plan';

export interface LiveReplayOptions {
  readonly plan: ReplayPlan;
  /** 1 = recorded timing, 2 = twice as fast, 0 = as fast as possible. */
  readonly speed: number;
  readonly onRecords?: (batch: readonly SessionRecord[]) => void;
  readonly clock?: Clock;
  /** How long to wait for answers after the recorded ones were due. */
  readonly graceMs?: number;
}

export interface LiveReplayResult {
  readonly records: readonly SessionRecord[];
  readonly diff: ReplayDiff;
  /** Why the replay could not run (unreachable server, refused handshake); the diff is then empty. */
  readonly failure?: string;
}

export interface LiveReplay {
  readonly connection: Connection;
  readonly done: Promise<LiveReplayResult>;
  /** Ends the replay early (Ctrl-C): closes the connection and compares what arrived. */
  stop(): void;
}

const GRACE_MS = 2_000;
const CLOSE_GRACE_MS = 2_000;

/** Throws OptionsError for options the engine cannot use (a bad target URL). */
export function startLiveReplay(options: LiveReplayOptions): LiveReplay {
  const { plan, speed } = options;
  const records: SessionRecord[] = [];
  const expected = expectations(plan);
  let sent = 0;
  // Done when every emit is out and as many answers came as the recording had.
  const complete = (): boolean => sent === plan.emits.length && allAnswered(records, expected);
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  let connected: () => void = () => undefined;
  const namespaceUp = new Promise<void>((resolve) => (connected = resolve));
  const connection = new Connection(
    plan.connect,
    {
      records: (batch) => {
        records.push(...batch);
        options.onRecords?.(batch);
        if (complete()) settle();
      },
      event: (event) => {
        if (event.type === 'namespace' && event.status !== 'connecting') connected();
      },
    },
    options.clock ?? startClock(),
  );
  void connection.ended.then(() => {
    connected();
    settle();
  });
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, act: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      act();
    }, ms);
    timers.add(timer);
  };

  const run = async (): Promise<LiveReplayResult> => {
    connection.start();
    await namespaceUp;
    if (connection.state === 'open') {
      const scale = (ms: number): number => (speed === 0 ? 0 : ms / speed);
      for (const emit of plan.emits) {
        const send = (): void => {
          sent++;
          connection.emit(emit.nsp, emit.event, emit.args, { ack: emit.ack });
          if (complete()) settle();
        };
        if (speed === 0) send();
        else later(scale(emit.at), send);
      }
      if (complete()) settle();
      later(scale(expected.dueMs) + (options.graceMs ?? GRACE_MS), settle);
    }
    await settled;
    for (const timer of timers) clearTimeout(timer);
    const end = connection.state === 'closed' ? await connection.ended : await closeWithin(connection);
    const failure =
      end.failure !== undefined && !records.some((r) => !isLifecycle(r) && r.sio?.type === 'CONNECT')
        ? describeFailure(end.failure)
        : undefined;
    return { records, diff: diffReplay(plan.recorded, records), ...(failure !== undefined && { failure }) };
  };
  return { connection, done: run(), stop: () => settle() };
}

interface Expectations {
  /** Server ACKs the replayed emits should get, and server EVENTs the recording saw. */
  readonly acks: number;
  readonly events: number;
  /** When, after the namespace connected, the recording's last server answer came. */
  readonly dueMs: number;
}

function expectations(plan: ReplayPlan): Expectations {
  const packets = plan.recorded.filter((r) => !isLifecycle(r));
  const connectedAt =
    packets.find((p) => !isLifecycle(p) && p.dir === 'in' && p.sio?.type === 'CONNECT')?.t ?? 0;
  const answers = packets.filter((p) => !isLifecycle(p) && p.dir === 'in' && isAnswer(p));
  const last = answers[answers.length - 1]?.t ?? connectedAt;
  return {
    // The ACKs that came then, not the emits that asked: a server may leave some unanswered.
    acks: answers.filter((p) => !isLifecycle(p) && (p.sio?.type === 'ACK' || p.sio?.type === 'BINARY_ACK'))
      .length,
    events: answers.filter((p) => !isLifecycle(p) && isServerEvent(p)).length,
    dueMs: Math.max(0, last - connectedAt, ...plan.emits.map((e) => e.at)),
  };
}

function allAnswered(records: readonly SessionRecord[], expected: Expectations): boolean {
  let acks = 0;
  let events = 0;
  for (const r of records) {
    if (isLifecycle(r) || r.dir !== 'in') continue;
    if (r.sio?.type === 'ACK' || r.sio?.type === 'BINARY_ACK') acks++;
    else if (isServerEvent(r)) events++;
  }
  return acks >= expected.acks && events >= expected.events;
}

function isAnswer(r: SessionRecord): boolean {
  if (isLifecycle(r)) return false;
  return r.sio?.type === 'ACK' || r.sio?.type === 'BINARY_ACK' || isServerEvent(r);
}

function isServerEvent(r: SessionRecord): boolean {
  return !isLifecycle(r) && (r.sio?.type === 'EVENT' || r.sio?.type === 'BINARY_EVENT');
}

async function closeWithin(connection: Connection): Promise<ConnectionEnd> {
  const timer = setTimeout(() => connection.fault({ type: 'drop' }), CLOSE_GRACE_MS);
  const end = await connection.close();
  clearTimeout(timer);
  return end;
}
