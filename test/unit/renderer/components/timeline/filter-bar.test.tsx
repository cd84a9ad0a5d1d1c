import { describe, expect, it } from 'vitest';
import { FilterBar } from '../../../../../renderer/components/timeline/filter-bar';
import { EMPTY_FILTER } from '../../../../../renderer/state/filter-state';
import type { SessionStore } from '../../../../../renderer/state/session-store';
import { flush, makeRecords } from '../../support/fake-api';
import { all, one, render, text, type Element } from '../../support/render';
import { openSession } from '../../support/session';

const bar = (store: SessionStore): Element => render(<FilterBar store={store} snap={store.getSnapshot()} />);
const rowCount = (store: SessionStore): string => text(one(bar(store), { testId: 'row-count' }));

describe('FilterBar', () => {
  it('counts every record while nothing is filtered, and offers nothing to clear', async () => {
    const store = await openSession(makeRecords(100));
    const page = bar(store);
    expect(text(one(page, { testId: 'row-count' }))).toBe('100');
    expect(all(page, { testId: 'filter-clear' })).toHaveLength(0);
    expect(one(page, { testId: 'filter-dir-all' }).attrs['aria-pressed']).toBe('true');
  });

  it('says it is filtering until the Node side answers, then counts the rows shown of all', async () => {
    const store = await openSession(makeRecords(100));
    store.setFilter({ ...EMPTY_FILTER, hideHeartbeats: true });
    expect(rowCount(store)).toBe('filtering…');
    await flush();
    const page = bar(store);
    // makeRecords puts a ping on every tenth record.
    expect(text(one(page, { testId: 'row-count' }))).toBe('91 of 100');
    expect(one(page, { testId: 'filter-hide-heartbeats' }).attrs.checked).toBe('');
    expect(text(one(page, { testId: 'filter-clear' }))).toBe('Clear');
  });

  it('shows the direction and the packet types picked', async () => {
    const store = await openSession(makeRecords(20));
    store.setFilter({ ...EMPTY_FILTER, dir: 'out', eioTypes: ['ping'], sioTypes: ['EVENT'] });
    const page = bar(store);
    expect(
      ['all', 'out', 'in'].map((d) => one(page, { testId: `filter-dir-${d}` }).attrs['aria-pressed']),
    ).toEqual(['false', 'true', 'false']);
    expect(text(one(page, { testId: 'filter-types' }))).toBe('Types (2) ▾');
    expect(one(page, { testId: 'filter-eio-ping' }).attrs.checked).toBe('');
    expect(one(page, { testId: 'filter-eio-pong' }).attrs.checked).toBeUndefined();
    expect(one(page, { testId: 'filter-sio-EVENT' }).attrs.checked).toBe('');
  });

  it('offers a connection choice only when the session has several, with the chosen one selected', async () => {
    expect(all(bar(await openSession(makeRecords(5))), { testId: 'filter-conn' })).toHaveLength(0);
    const store = await openSession(makeRecords(5), { connections: ['c1', 'c2', 'c3'] });
    store.setFilter({ ...EMPTY_FILTER, conn: 'c2' });
    const options = all(one(bar(store), { testId: 'filter-conn' }), { tag: 'option' });
    expect(options.map(text)).toEqual(['All connections', 'c1', 'c2', 'c3']);
    expect(options.filter((o) => o.attrs.selected !== undefined).map(text)).toEqual(['c2']);
  });

  it('says how many connections the list leaves out, and takes any typed connection id', async () => {
    const listed = Array.from({ length: 1000 }, (_, i) => `c${i + 1}`);
    const store = await openSession(makeRecords(5), { connections: listed, unlistedConnections: 2500 });
    expect(all(bar(store), { testId: 'filter-conn-id' })).toHaveLength(1);
    expect(text(one(bar(store), { testId: 'filter-conn-unlisted' }))).toBe(
      'and 2,500 more: type an id beside',
    );
    store.setFilter({ ...EMPTY_FILTER, conn: 'c3400' });
    const options = all(one(bar(store), { testId: 'filter-conn' }), { tag: 'option' });
    expect(options).toHaveLength(1003);
    expect(options.filter((o) => o.attrs.selected !== undefined).map(text)).toEqual(['c3400']);
    expect(one(bar(store), { testId: 'filter-conn-id' }).attrs.value).toBe('c3400');
    const past = await openSession(makeRecords(5), {
      connections: listed,
      unlistedConnections: 64_536,
      unlistedAtLeast: true,
    });
    expect(text(one(bar(past), { testId: 'filter-conn-unlisted' }))).toBe(
      'and over 64,536 more: type an id beside',
    );
    // A session that lists all its connections offers no typing.
    const few = await openSession(makeRecords(5), { connections: ['c1', 'c2'] });
    expect(all(bar(few), { testId: 'filter-conn-id' })).toHaveLength(0);
    expect(all(bar(few), { testId: 'filter-conn-unlisted' })).toHaveLength(0);
  });

  it('counts search matches, with the selected one’s place among them', async () => {
    const store = await openSession(makeRecords(100));
    const search = (): Element => bar(store);
    expect(text(one(search(), { testId: 'search-count' }))).toBe('');
    expect(one(search(), { testId: 'search-next' }).attrs.disabled).toBe('');
    store.setSearch('"e7');
    expect(text(one(search(), { testId: 'search-count' }))).toBe('…');
    await flush();
    // e7 and e71…e79: record 70 is a ping.
    expect(text(one(search(), { testId: 'search-count' }))).toBe('10');
    store.select(72);
    expect(text(one(search(), { testId: 'search-count' }))).toBe('3 / 10');
    expect(one(search(), { testId: 'search-next' }).attrs.disabled).toBeUndefined();
    expect(one(search(), { testId: 'search-input' }).attrs.value).toBe('"e7');
    store.setSearch('no such thing');
    await flush();
    expect(text(one(search(), { testId: 'search-count' }))).toBe('no match');
    expect(one(search(), { testId: 'search-prev' }).attrs.disabled).toBe('');
  });

  it('has a follow toggle for a live session only', async () => {
    expect(all(bar(await openSession(makeRecords(5))), { testId: 'follow-toggle' })).toHaveLength(0);
    const live = await openSession(makeRecords(5), { kind: 'live', state: 'open' });
    expect(one(bar(live), { testId: 'follow-toggle' }).attrs['aria-pressed']).toBe('true');
  });
});
