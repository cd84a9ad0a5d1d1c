import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../../shared/record';
import { PageCache } from '../../../../renderer/state/page-cache';
import { flush, makeRecords } from '../support/fake-api';

function setup(records: SessionRecord[], options = {}) {
  const requests: [number, number][] = [];
  const pending: (() => void)[] = [];
  let hold = false;
  let fail = false;
  let changes = 0;
  let now = 0;
  const cache = new PageCache(
    async (from, count) => {
      requests.push([from, count]);
      if (hold) await new Promise<void>((r) => pending.push(r));
      if (fail) throw new Error('gone');
      return records.slice(from, from + count);
    },
    () => changes++,
    { pageSize: 10, capacity: 3, maxInFlight: 1, ...options },
    () => now,
  );
  cache.setTotal(records.length);
  return {
    cache,
    requests,
    changes: () => changes,
    holdOn: () => (hold = true),
    release: async () => {
      hold = false;
      pending.splice(0).forEach((r) => r());
      await flush();
    },
    failOn: (v: boolean) => (fail = v),
    tick: (ms: number) => (now += ms),
  };
}

describe('PageCache', () => {
  it('fetches the aligned page of a wanted index once, then serves it', async () => {
    const records = makeRecords(100);
    const t = setup(records);
    t.cache.want([13, 14, 15]);
    await flush();
    expect(t.requests).toEqual([[10, 10]]);
    expect(t.cache.get(13)).toBe(records[13]);
    t.cache.want([13]);
    await flush();
    expect(t.requests).toHaveLength(1);
    expect(t.changes()).toBe(1);
  });

  it('keeps at most `capacity` pages', async () => {
    const t = setup(makeRecords(100));
    for (const i of [0, 10, 20, 30]) {
      t.cache.want([i]);
      await flush();
    }
    expect(t.cache.cachedPages).toBe(3);
    expect(t.cache.get(0)).toBeUndefined();
  });

  it('is latest-wins: pages wanted earlier and not yet sent are dropped', async () => {
    const t = setup(makeRecords(100));
    t.holdOn();
    t.cache.want([0, 10, 20]);
    t.cache.want([50]);
    await t.release();
    await t.release();
    expect(t.requests).toEqual([
      [0, 10],
      [50, 10],
    ]);
  });

  it('extends the tail page with appended records, so follow-tail needs no fetch', async () => {
    const records = makeRecords(25);
    const t = setup(records);
    t.cache.want([20]);
    await flush();
    const more = makeRecords(40).slice(25);
    t.cache.append(25, more);
    expect(t.cache.get(29)).toBe(more[4]);
    expect(t.cache.get(30)).toBe(more[5]);
    t.cache.want([29, 35]);
    await flush();
    expect(t.requests).toEqual([[20, 10]]);
  });

  it('does not create a page with a hole from an append that starts mid-page', () => {
    const t = setup([]);
    t.cache.append(5, makeRecords(3));
    expect(t.cache.get(5)).toBeUndefined();
    expect(t.cache.cachedPages).toBe(0);
  });

  it('refetches a page that was short when more records came without an append', async () => {
    const records = makeRecords(15);
    const t = setup(records);
    t.cache.want([12]);
    await flush();
    records.push(...makeRecords(20).slice(15));
    t.cache.setTotal(20);
    t.cache.want([12]);
    await flush();
    expect(t.requests).toEqual([
      [10, 10],
      [10, 10],
    ]);
  });

  it('reports a failure and waits before asking for the same page again', async () => {
    const t = setup(makeRecords(30));
    t.failOn(true);
    t.cache.want([0]);
    await flush();
    expect(t.cache.error).toBe('gone');
    t.cache.want([0]);
    await flush();
    expect(t.requests).toHaveLength(1);
    t.tick(5000);
    t.failOn(false);
    t.cache.want([0]);
    await flush();
    expect(t.requests).toHaveLength(2);
    expect(t.cache.error).toBeNull();
  });

  it('drops answers that arrive after clear()', async () => {
    const t = setup(makeRecords(30));
    t.holdOn();
    t.cache.want([0]);
    t.cache.clear();
    await t.release();
    expect(t.cache.get(0)).toBeUndefined();
  });
});
