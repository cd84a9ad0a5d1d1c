import { describe, expect, it, vi } from 'vitest';
import { EMPTY_FILTER } from '../../../../renderer/state/filter-state';
import { rowCount } from '../../../../renderer/state/row-map';
import { SessionStore } from '../../../../renderer/state/session-store';
import type { SessionInfo } from '../../../../shared/bridge/api';
import { fakeApi, flush, makeRecords, SESSION } from '../support/fake-api';

function info(total: number, kind: SessionInfo['kind'] = 'file'): SessionInfo {
  return {
    session: SESSION,
    title: 't',
    kind,
    state: kind === 'live' ? 'open' : 'offline',
    total,
    connections: [],
  };
}

function setup(n: number, kind: SessionInfo['kind'] = 'file') {
  const api = fakeApi(makeRecords(n), { kind });
  const store = new SessionStore(api, info(n, kind), { pageSize: 16, refreshGapMs: 0 });
  return { api, store };
}

describe('SessionStore', () => {
  it('starts with every record as a row and holds none of them', () => {
    const { store } = setup(1000);
    const s = store.getSnapshot();
    expect(rowCount(s.rows)).toBe(1000);
    expect(store.record(0)).toBeUndefined();
    expect(store.cache.cachedPages).toBe(0);
  });

  it('pages in what the view wants and notifies', async () => {
    const { store, api } = setup(100);
    let notified = 0;
    store.subscribe(() => notified++);
    store.want([40, 41]);
    await flush();
    expect(store.record(40)).toBe(api.records[40]);
    expect(notified).toBeGreaterThan(0);
    expect(api.calls.filter((c) => c.method === 'sessions.page')).toHaveLength(1);
  });

  it('filters on the Node side and maps rows to the matching indices', async () => {
    const { store } = setup(100);
    store.setFilter({ ...EMPTY_FILTER, hideHeartbeats: true });
    expect(store.getSnapshot().filterPending).toBe(true);
    await flush();
    const s = store.getSnapshot();
    expect(s.filterPending).toBe(false);
    expect(s.rows.kind).toBe('filtered');
    expect(rowCount(s.rows)).toBe(91);
  });

  it("shows a sliced filter's rows as they come, with how far it got, until the last slice", async () => {
    const { store, api } = setup(100);
    api.filterSlice = 30;
    api.hold = true;
    store.setFilter({ ...EMPTY_FILTER, hideHeartbeats: true });
    await api.release();
    let s = store.getSnapshot();
    expect(s.filterPending).toBe(true);
    expect(s.filterScan).toEqual({ scanned: 30, stopped: false });
    expect(rowCount(s.rows)).toBeGreaterThan(0);
    expect(rowCount(s.rows)).toBeLessThan(30);
    for (let i = 0; i < 3; i++) await api.release();
    s = store.getSnapshot();
    expect(s.filterPending).toBe(false);
    expect(s.filterScan).toBeUndefined();
    expect(rowCount(s.rows)).toBe(91);
    const froms = api.calls
      .filter((c) => c.method === 'sessions.filter')
      .map((c) => (c.params as { from: number }).from);
    expect(froms).toEqual([0, 30, 60, 90]);
  });

  it('stops a sliced filter or search where it got, keeping what it found', async () => {
    const { store, api } = setup(100);
    api.filterSlice = 30;
    api.hold = true;
    store.setFilter({ ...EMPTY_FILTER, hideHeartbeats: true });
    store.setSearch('e1');
    await api.release();
    store.stopFilter();
    store.stopSearch();
    const calls = api.calls.length;
    await api.release();
    await api.release();
    expect(api.calls.length).toBe(calls);
    const s = store.getSnapshot();
    expect(s.filterPending).toBe(false);
    expect(s.filterScan).toEqual({ scanned: 30, stopped: true });
    const heartbeat = (r: (typeof api.records)[number]): boolean =>
      'eio' in r && (r.eio?.type === 'ping' || r.eio?.type === 'pong');
    expect(rowCount(s.rows)).toBe(api.records.slice(0, 30).filter((r) => !heartbeat(r)).length);
    expect(s.search.pending).toBe(false);
    expect(s.search.scan).toEqual({ scanned: 30, stopped: true });
    expect(s.search.hits?.length).toBeGreaterThan(0);
    // A new filter starts over from the first record.
    api.hold = false;
    api.filterSlice = undefined;
    store.setFilter({ ...EMPTY_FILTER, dir: 'in' });
    await flush();
    expect(store.getSnapshot().filterScan).toBeUndefined();
    expect(store.getSnapshot().filterPending).toBe(false);
  });

  it('fetches filtered rows by index (pick), not by page', async () => {
    const { store, api } = setup(100);
    store.setFilter({ ...EMPTY_FILTER, event: 'e55' });
    await flush();
    store.want([55]);
    await flush();
    expect(store.record(55)).toBe(api.records[55]);
    expect(api.calls.map((c) => c.method)).toContain('sessions.pick');
    expect(api.calls.map((c) => c.method)).not.toContain('sessions.page');
  });

  it('clearing the filter goes back to all rows without a round trip', async () => {
    const { store, api } = setup(50);
    store.setFilter({ ...EMPTY_FILTER, dir: 'in' });
    await flush();
    const calls = api.calls.length;
    store.setFilter(EMPTY_FILTER);
    expect(store.getSnapshot().rows).toEqual({ kind: 'all', count: 50 });
    expect(api.calls.length).toBe(calls);
  });

  it('re-filters a live session incrementally: only records appended since the last scan', async () => {
    const { store, api } = setup(20, 'live');
    api.onEvent((e) => e.type === 'records' && store.onRecords(e.from, e.records, e.total));
    store.setFilter({ ...EMPTY_FILTER, dir: 'out' });
    await flush();
    const before = rowCount(store.getSnapshot().rows);
    api.append(makeRecords(40).slice(20));
    await flush();
    await new Promise((r) => setTimeout(r, 5));
    await flush();
    const filters = api.calls
      .filter((c) => c.method === 'sessions.filter')
      .map((c) => (c.params as { from: number }).from);
    expect(filters).toEqual([0, 20]);
    expect(rowCount(store.getSnapshot().rows)).toBeGreaterThan(before);
    const s = store.getSnapshot();
    if (s.rows.kind !== 'filtered') throw new Error('expected filtered rows');
    expect([...s.rows.indices]).toEqual(
      api.records.flatMap((r, i) => ('dir' in r && r.dir === 'out' ? [i] : [])),
    );
  });

  it('ignores a filter answer once the filter has changed', async () => {
    const { store, api } = setup(30);
    api.hold = true;
    store.setFilter({ ...EMPTY_FILTER, dir: 'in' });
    store.setFilter({ ...EMPTY_FILTER, dir: 'out' });
    api.hold = false;
    await api.release();
    await new Promise((r) => setTimeout(r, 5));
    await flush();
    const s = store.getSnapshot();
    if (s.rows.kind !== 'filtered') throw new Error('expected filtered rows');
    expect([...s.rows.indices].every((i) => (api.records[i] as { dir?: string }).dir === 'out')).toBe(true);
  });

  it('search marks hits and steps through them, wrapping around', async () => {
    const { store } = setup(100);
    store.setSearch('"e1');
    await flush();
    const hits = store.getSnapshot().search.hits;
    expect(hits === null ? [] : [...hits]).toEqual([1, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(store.searchStep(1)).toBe(true);
    expect(store.getSnapshot().selected).toBe(1);
    store.searchStep(-1);
    expect(store.getSnapshot().selected).toBe(19);
    store.searchStep(1);
    expect(store.getSnapshot().selected).toBe(1);
    store.searchStep(1);
    expect(store.getSnapshot().selected).toBe(11);
  });

  it('a step asked for while the search still runs is taken once its hits arrive', async () => {
    const { store } = setup(100);
    store.setSearch('"e3');
    await flush();
    // A new text, and Enter at once: the step waits for the new hits instead of using the old ones.
    store.setSearch('"e5');
    expect(store.getSnapshot().search.pending).toBe(true);
    expect(store.searchStep(1)).toBe(true);
    await flush();
    expect(store.getSnapshot().selected).toBe(5);
    // Cleared before its hits came: nothing is selected later.
    store.select(null);
    store.setSearch('"e7');
    store.searchStep(1);
    store.setSearch('');
    await flush();
    expect(store.getSnapshot().selected).toBeNull();
  });

  it('selecting a record stops follow-tail; following clears the selection', () => {
    const { store } = setup(10, 'live');
    expect(store.getSnapshot().follow).toBe(true);
    store.select(3);
    expect(store.getSnapshot().follow).toBe(false);
    store.setFollow(true);
    expect(store.getSnapshot().selected).toBeNull();
  });

  it('moves the selection by rows, clamped to the list', async () => {
    const { store } = setup(30);
    store.moveSelection(1);
    expect(store.getSnapshot().selected).toBe(0);
    store.moveSelection(100);
    expect(store.getSnapshot().selected).toBe(29);
    store.setFilter({ ...EMPTY_FILTER, hideHeartbeats: true });
    await flush();
    store.select(11);
    store.moveSelection(-1);
    expect(store.getSnapshot().selected).toBe(9);
  });

  it('finds the record of a frame and clears a filter that hides it', async () => {
    const { store } = setup(1000);
    store.setFilter({ ...EMPTY_FILTER, hideHeartbeats: true });
    await flush();
    expect(await store.selectFrame(730)).toBe(true);
    expect(store.getSnapshot().selected).toBe(730);
    expect(store.getSnapshot().rows.kind).toBe('all');
    expect(await store.selectFrame(5000)).toBe(false);
  });

  it('loads the analysis once per total', async () => {
    const { store, api } = setup(30);
    await store.loadAnalysis();
    await store.loadAnalysis();
    const a = store.getSnapshot().analysis;
    expect(a.status).toBe('ready');
    if (a.status === 'ready') expect(a.analyses[0]?.summary.conn).toBe('c1');
    expect(api.calls.filter((c) => c.method === 'sessions.analyse')).toHaveLength(1);
  });

  it('lists connections as they opened (by id), not as their records first came', async () => {
    // A browser recording: c10's and c2's records came before c1's.
    const records = ['c10', 'c2', 'c1'].flatMap((conn) => makeRecords(3).map((r) => ({ ...r, conn })));
    const api = fakeApi(records);
    const store = new SessionStore(api, { ...info(records.length), connections: ['c10', 'c2', 'c1'] });
    expect(store.getSnapshot().info.connections).toEqual(['c1', 'c2', 'c10']);
    store.onInfo({ ...info(records.length), connections: ['c10', 'c2', 'c1', 'c11'] });
    expect(store.getSnapshot().info.connections).toEqual(['c1', 'c2', 'c10', 'c11']);
    await store.loadAnalysis();
    const a = store.getSnapshot().analysis;
    expect(a.status === 'ready' && a.analyses.map((x) => x.summary.conn)).toEqual(['c1', 'c2', 'c10']);
  });

  it('tells of batches and pages once per frame, with the snapshot current at once', async () => {
    const api = fakeApi(makeRecords(100), { kind: 'live' });
    const frames: (() => void)[] = [];
    const store = new SessionStore(api, info(100, 'live'), {
      pageSize: 16,
      nextFrame: (run) => frames.push(run),
    });
    let notified = 0;
    store.subscribe(() => notified++);
    store.onRecords(100, makeRecords(3), 103);
    store.onRecords(103, makeRecords(2), 105);
    store.want([0]);
    await flush();
    expect(store.getSnapshot().total).toBe(105);
    expect(store.record(0)).toBe(api.records[0]);
    expect(notified).toBe(0);
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    expect(notified).toBe(1);
    // What the user does is told at once, and a frame due meanwhile has nothing left to tell.
    store.onRecords(105, makeRecords(1), 106);
    store.select(3);
    expect(notified).toBe(2);
    frames.shift()?.();
    expect(notified).toBe(2);
  });

  it('while the user scrolls, tells of batches at most once per gap; what the user does, at once', () => {
    vi.useFakeTimers();
    try {
      const api = fakeApi(makeRecords(100), { kind: 'live' });
      const frames: (() => void)[] = [];
      let now = 0;
      const store = new SessionStore(api, info(100, 'live'), {
        nextFrame: (run) => frames.push(run),
        scrollingGapMs: 500,
        now: () => now,
      });
      let notified = 0;
      store.subscribe(() => notified++);
      store.onRecords(100, makeRecords(1), 101);
      frames.shift()?.();
      expect(notified).toBe(1);
      // Scrolling 100 ms later: the next batch waits for the gap since the last telling, then a frame.
      now = 100;
      store.scrolling();
      store.onRecords(101, makeRecords(1), 102);
      store.onRecords(102, makeRecords(1), 103);
      expect(frames).toHaveLength(0);
      expect(store.getSnapshot().total).toBe(103);
      vi.advanceTimersByTime(399);
      expect(frames).toHaveLength(0);
      vi.advanceTimersByTime(1);
      expect(frames).toHaveLength(1);
      now = 500;
      frames.shift()?.();
      expect(notified).toBe(2);
      // A selection is told at once, scrolling or not.
      store.scrolling();
      store.select(3);
      expect(notified).toBe(3);
      // Once the scrolling stopped, batches go out at the next frame again.
      now = 700;
      store.onRecords(103, makeRecords(1), 104);
      expect(frames).toHaveLength(1);
      frames.shift()?.();
      expect(notified).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps appended records in the cache for the tail and counts them', () => {
    const { store, api } = setup(0, 'live');
    const more = makeRecords(5);
    store.onRecords(0, more, 5);
    expect(store.getSnapshot().total).toBe(5);
    expect(store.record(4)).toBe(more[4]);
    expect(api.calls).toHaveLength(0);
  });
});
