import { describe, expect, it } from 'vitest';
import type { BridgeEvent } from '../../../../shared/bridge/api';
import type { SessionRecord } from '../../../../shared/record';
import { AppendBatcher, type BatcherClock } from '../../../../electron/store/append-batcher';

/** A clock the test moves by hand: timers fire only when `advance` passes them. */
class ManualClock implements BatcherClock {
  private time = 0;
  private timers: { at: number; run: () => void; id: number }[] = [];
  private ids = 0;

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, run, id });
    return id;
  }

  clearTimeout(timer: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== timer);
  }

  get scheduled(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.run();
    }
    this.time = until;
  }
}

const record = (t: number): SessionRecord => ({ t, conn: 'c1', event: 'ws-open' });
const records = (from: number, count: number): SessionRecord[] =>
  Array.from({ length: count }, (_, i) => record(from + i));

function setup(maxRecords = 1000): { clock: ManualClock; events: BridgeEvent[]; batcher: AppendBatcher } {
  const clock = new ManualClock();
  const events: BridgeEvent[] = [];
  const batcher = new AppendBatcher((e) => events.push(e), { intervalMs: 50, maxRecords, clock });
  return { clock, events, batcher };
}

describe('AppendBatcher', () => {
  it('sends a burst of single-record appends as one batch, after the current tick', () => {
    const { clock, events, batcher } = setup();
    for (let i = 0; i < 500; i++) batcher.appended('s1', [record(i)], i + 1);
    expect(events).toEqual([]);
    clock.advance(0);
    expect(events).toEqual([
      { type: 'records', session: 's1', from: 0, records: records(0, 500), total: 500 },
    ]);
  });

  it('sends at most one batch per interval per session while appends keep coming', () => {
    const { clock, events, batcher } = setup();
    let total = 0;
    // 1000 appends, one every ms for a second.
    for (let ms = 0; ms < 1000; ms++) {
      batcher.appended('s1', [record(total)], ++total);
      clock.advance(1);
    }
    clock.advance(50);
    const batches = events.filter((e) => e.type === 'records');
    expect(batches.length).toBeLessThanOrEqual(1000 / 50 + 1);
    expect(batches.length).toBeGreaterThanOrEqual(1000 / 50 - 1);
    // Nothing lost, nothing repeated: the batches tile [0, total).
    let expectedFrom = 0;
    for (const batch of batches) {
      if (batch.type !== 'records') continue;
      expect(batch.from).toBe(expectedFrom);
      expectedFrom = batch.total;
    }
    expect(expectedFrom).toBe(1000);
  });

  it('keeps sessions apart', () => {
    const { clock, events, batcher } = setup();
    batcher.appended('a', [record(1)], 1);
    batcher.appended('b', [record(2)], 1);
    batcher.appended('a', [record(3)], 2);
    clock.advance(0);
    expect(events.map((e) => e.type === 'records' && [e.session, e.total, e.records.length])).toEqual([
      ['a', 2, 2],
      ['b', 1, 1],
    ]);
  });

  it('carries only the newest records after a burst larger than a batch, with from pointing at them', () => {
    const { clock, events, batcher } = setup(100);
    batcher.appended('s1', records(0, 30), 30);
    batcher.appended('s1', records(30, 250), 280);
    for (let i = 280; i < 400; i++) batcher.appended('s1', [record(i)], i + 1);
    clock.advance(0);
    expect(events).toEqual([
      { type: 'records', session: 's1', from: 300, records: records(300, 100), total: 400 },
    ]);
  });

  it('sends only counts for appends that do not carry records (a file loading)', () => {
    const { clock, events, batcher } = setup();
    batcher.appended('f1', records(0, 5000), 5000, false);
    batcher.appended('f1', records(5000, 5000), 10_000, false);
    clock.advance(0);
    expect(events).toEqual([{ type: 'records', session: 'f1', from: 10_000, records: [], total: 10_000 }]);
  });

  it('flushes on demand and forgets a session without sending', () => {
    const { clock, events, batcher } = setup();
    batcher.appended('s1', [record(0)], 1);
    batcher.flush('s1');
    expect(events).toHaveLength(1);
    batcher.flush('s1');
    expect(events).toHaveLength(1);
    batcher.appended('s1', [record(1)], 2);
    batcher.forget('s1');
    expect(clock.scheduled).toBe(0);
    clock.advance(100);
    expect(events).toHaveLength(1);
  });
});
