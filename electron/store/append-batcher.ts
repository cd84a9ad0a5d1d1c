// Coalesces appends into `records` events: at most one per session per interval (~100 ms), never one
// message per frame (docs/architecture.md, "Layout" and §8). A batch carries the newest appended
// records, up to MAX_BATCH_RECORDS; anything older the renderer pages in. A session receiving tens of
// thousands of packets a second then costs the renderer ten small messages a second, not a copy of
// every record: what it shows of a fast session is its tail, a screenful.
import { pushAll } from '../../shared/push-all';
import type { BridgeEvent } from '../../shared/bridge/api';
import { MAX_BATCH_RECORDS } from '../../shared/limits';
import type { SessionRecord } from '../../shared/record';

export interface BatcherClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

export interface BatcherOptions {
  readonly intervalMs?: number;
  readonly maxRecords?: number;
  readonly clock?: BatcherClock;
}

interface Pending {
  /** Newest appended records not yet sent, at most `maxRecords` (older ones are dropped). */
  records: SessionRecord[];
  total: number;
  timer: unknown;
  lastFlush: number;
}

export const BATCH_INTERVAL_MS = 100;

const SYSTEM_CLOCK: BatcherClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export class AppendBatcher {
  private readonly sessions = new Map<string, Pending>();
  private readonly intervalMs: number;
  private readonly maxRecords: number;
  private readonly clock: BatcherClock;

  constructor(
    private readonly emit: (event: BridgeEvent) => void,
    options: BatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? BATCH_INTERVAL_MS;
    this.maxRecords = options.maxRecords ?? MAX_BATCH_RECORDS;
    this.clock = options.clock ?? SYSTEM_CLOCK;
  }

  /**
   * `records` were appended and the session now holds `total`. With `carry` false (a file loading)
   * only the count travels: the renderer pages in what it shows.
   */
  appended(session: string, records: readonly SessionRecord[], total: number, carry = true): void {
    let pending = this.sessions.get(session);
    if (pending === undefined) {
      pending = { records: [], total, timer: undefined, lastFlush: -Infinity };
      this.sessions.set(session, pending);
    }
    pending.total = total;
    if (carry) this.keepNewest(pending, records);
    else pending.records = [];
    if (pending.timer !== undefined) return;
    // A burst appended in one go (one tick) goes out together: the first flush waits at least a tick.
    const wait = Math.max(0, pending.lastFlush + this.intervalMs - this.clock.now());
    pending.timer = this.clock.setTimeout(() => this.flush(session), wait);
  }

  /** Sends what is pending for `session` now, if anything (its state changed, or it is closing). */
  flush(session: string): void {
    const pending = this.sessions.get(session);
    // Every append arms the timer, so no timer means nothing is pending.
    if (pending?.timer === undefined) return;
    this.clock.clearTimeout(pending.timer);
    pending.timer = undefined;
    pending.lastFlush = this.clock.now();
    const { total } = pending;
    const kept = pending.records;
    const records = kept.length > this.maxRecords ? kept.slice(kept.length - this.maxRecords) : kept;
    pending.records = [];
    this.emit({ type: 'records', session, from: total - records.length, records, total });
  }

  /** Drops the session's pending batch without sending it. */
  forget(session: string): void {
    const pending = this.sessions.get(session);
    if (pending?.timer !== undefined) this.clock.clearTimeout(pending.timer);
    this.sessions.delete(session);
  }

  dispose(): void {
    for (const session of [...this.sessions.keys()]) this.forget(session);
  }

  private keepNewest(pending: Pending, records: readonly SessionRecord[]): void {
    const max = this.maxRecords;
    if (records.length >= max) {
      pending.records = records.slice(records.length - max);
      return;
    }
    pushAll(pending.records, records);
    // Trim in one splice once the array holds twice the cap: amortised O(1) per record.
    if (pending.records.length > 2 * max) pending.records.splice(0, pending.records.length - max);
  }
}
