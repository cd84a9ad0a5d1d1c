// Replays a recorded session against a live server through the engine: its connections one after
// another, each doing its client's steps (joins with their auth, leaves, emits) at their recorded times
// scaled by speed (0 = as fast as the answers come), answering the server's ack requests as the client
// did, and closing once the answers are in (or stop coming). Then the answers are compared, join by join.
import { pushAll } from '../../shared/push-all';
import { performance } from 'node:perf_hooks';
import { JoinTracker } from '../../shared/analysis/joins';
import { diffReplay, type ReplayDiff } from '../../shared/analysis/replay-diff';
import { isLifecycle, type SessionRecord } from '../../shared/record';
import { startClock, type Clock } from '../engine/clock';
import { Connection, type ConnectionEnd } from '../engine/connection';
import { UserError } from '../../shared/user-error';
import { resolveOptions } from '../engine/options';
import type { ConnectionPlan, Heard, ReplayPlan, ReplayStep } from './replay-plan';

export interface LiveReplayOptions {
  readonly plan: ReplayPlan;
  /** 1 = recorded timing, 2 = twice as fast, 0 = as fast as possible. */
  readonly speed: number;
  readonly onRecords?: (batch: readonly SessionRecord[]) => void;
  readonly clock?: Clock;
  /** How long to wait for answers the recording had by then, before going on without them. */
  readonly graceMs?: number;
}

export interface LiveReplayResult {
  readonly records: readonly SessionRecord[];
  readonly diff: ReplayDiff;
  /** Stopped before the plan's end: the diff compares only what ran. */
  readonly cancelled: boolean;
  /** Why the replay could not run (unreachable server, refused handshake). */
  readonly failure?: UserError;
}

export interface LiveReplay {
  readonly done: Promise<LiveReplayResult>;
  /** Ends the replay early (Ctrl-C): closes the connection and compares what arrived. */
  stop(): void;
}

const GRACE_MS = 2_000;
const CLOSE_GRACE_MS = 2_000;

/** Throws a usage UserError for options the engine cannot use (a bad target URL), before connecting. */
export function startLiveReplay(options: LiveReplayOptions): LiveReplay {
  const { plan } = options;
  for (const connection of plan.connections) resolveOptions(connection.connect);
  const records: SessionRecord[] = [];
  const run: ReplayRun = {
    speed: options.speed,
    graceMs: options.graceMs ?? GRACE_MS,
    clock: options.clock ?? startClock(),
    conditions: new Conditions(),
    stopped: false,
    take: (batch) => {
      pushAll(records, batch);
      options.onRecords?.(batch);
    },
  };
  const replay = async (): Promise<LiveReplayResult> => {
    const started = performance.now();
    let failure: UserError | undefined;
    for (const connection of plan.connections) {
      const due = started + scale(connection.start, run.speed) - performance.now();
      await run.conditions.wait(() => run.stopped, due);
      if (run.stopped) break;
      const { end, opened } = await new ConnectionReplay(connection, run).run();
      // A connection the recording had and the replay cannot get: nothing after it can run either.
      if (!opened && end.failure !== undefined && openedIn(plan.recorded, connection.conn)) {
        failure = UserError.of(end.failure);
        break;
      }
    }
    const cancelled = run.stopped;
    const diff = diffReplay(plan.recorded, records, { cancelled });
    return { records, diff, cancelled, ...(failure !== undefined && { failure }) };
  };
  return {
    done: replay(),
    stop: () => {
      run.stopped = true;
      run.conditions.changed();
    },
  };
}

/** What the connections of one replay share. */
interface ReplayRun {
  readonly speed: number;
  readonly graceMs: number;
  readonly clock: Clock;
  readonly conditions: Conditions;
  stopped: boolean;
  readonly take: (batch: readonly SessionRecord[]) => void;
}

/** One recorded connection done again on a new one. */
class ConnectionReplay {
  private readonly connection: Connection;
  private readonly joins = new JoinTracker();
  /** `<nsp> <join>` whose recorded answers did not come in time: later steps stop waiting for them. */
  private readonly givenUp = new Set<string>();
  private openedAt: number | undefined;
  private closed = false;

  constructor(
    private readonly plan: ConnectionPlan,
    private readonly shared: ReplayRun,
  ) {
    this.connection = new Connection(
      plan.connect,
      {
        records: (batch) => {
          for (const r of batch) if (!isLifecycle(r)) this.joins.push(r);
          shared.take(batch);
          shared.conditions.changed();
        },
        event: (event) => {
          if (event.type === 'open') this.openedAt = performance.now();
          else if (event.type === 'closed') this.closed = true;
          shared.conditions.changed();
        },
      },
      shared.clock,
    );
  }

  async run(): Promise<{ readonly end: ConnectionEnd; readonly opened: boolean }> {
    const { conditions, graceMs } = this.shared;
    this.connection.start();
    await conditions.wait(() => this.over() || this.openedAt !== undefined);
    const opened = this.openedAt;
    if (opened !== undefined) {
      for (const step of this.plan.steps) {
        await conditions.wait(() => this.over(), opened + this.scale(step.at) - performance.now());
        await this.hear(step.after);
        if (this.over()) break;
        this.take(step);
      }
      const due = Math.max(0, opened + this.scale(this.plan.lastAnswerAt) - performance.now());
      await conditions.wait(() => this.over() || this.plan.joins.every((j) => this.heard(j)), due + graceMs);
    }
    const end = this.closed ? await this.connection.ended : await closeWithin(this.connection);
    return { end, opened: opened !== undefined };
  }

  private take(step: ReplayStep): void {
    switch (step.type) {
      case 'join':
        return this.connection.join(step.nsp, step.auth);
      case 'leave':
        return this.connection.leave(step.nsp);
      case 'emit':
        try {
          this.connection.emit(step.nsp, step.event, step.args, { ack: step.ack });
        } catch (error) {
          // The server refused the namespace this time: the emit cannot go, and what it was answered in
          // the recording is reported missing.
          if (!(error instanceof UserError)) throw error;
        }
        return;
    }
  }

  private async hear(after: readonly Heard[]): Promise<void> {
    const { conditions, graceMs } = this.shared;
    if (await conditions.wait(() => this.over() || after.every((h) => this.heard(h)), graceMs)) return;
    for (const h of after) if (!this.heard(h)) this.givenUp.add(`${h.nsp} ${h.join}`);
  }

  /** Whether the replay has heard on a join what the recording had, or an outcome that differs. */
  private heard(recorded: Heard): boolean {
    if (this.givenUp.has(`${recorded.nsp} ${recorded.join}`)) return true;
    const join = this.joins.find(this.plan.conn, recorded.nsp, recorded.join);
    if (join === undefined) return false;
    if (recorded.outcome === 'pending') return true;
    if (join.outcome === 'pending') return false;
    if (join.outcome !== recorded.outcome || join.endedBy !== null) return true;
    return !recorded.ended && join.answers >= recorded.answers;
  }

  private over(): boolean {
    return this.shared.stopped || this.closed;
  }

  private scale(ms: number): number {
    return scale(ms, this.shared.speed);
  }
}

/** Waits for conditions over what has happened so far, checked again whenever something happens. */
class Conditions {
  private readonly waiters = new Set<() => void>();

  changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** True once `holds()` does; false when `ms` pass first (no limit when absent). */
  wait(holds: () => boolean, ms?: number): Promise<boolean> {
    if (holds()) return Promise.resolve(true);
    if (ms !== undefined && ms <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (value: boolean): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(value);
      };
      const waiter = (): void => {
        if (holds()) finish(true);
      };
      if (ms !== undefined) timer = setTimeout(() => finish(false), ms);
      this.waiters.add(waiter);
    });
  }
}

function scale(ms: number, speed: number): number {
  return speed === 0 ? 0 : ms / speed;
}

function openedIn(records: readonly SessionRecord[], conn: string): boolean {
  return records.some((r) => r.conn === conn && !isLifecycle(r) && r.dir === 'in' && r.eio?.type === 'open');
}

async function closeWithin(connection: Connection): Promise<ConnectionEnd> {
  const timer = setTimeout(() => connection.fault({ kind: 'drop-transport' }), CLOSE_GRACE_MS);
  const end = await connection.close();
  clearTimeout(timer);
  return end;
}
