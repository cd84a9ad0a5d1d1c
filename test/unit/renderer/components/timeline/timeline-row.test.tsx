import { describe, expect, it } from 'vitest';
import { columnLayout } from '../../../../../renderer/components/timeline/columns';
import { TimelineRow } from '../../../../../renderer/components/timeline/timeline-row';
import type { SessionRecord } from '../../../../../shared/record';
import { recordedSession } from '../../../../support/session-fixtures';
import { all, hasClass, one, render, text } from '../../support/render';

// socket.io 4's `echo` emit with ack id 0: a string and an object with é€😀 in it.
const ECHO = recordedSession('socketio4-upgrade')[9] as SessionRecord;
const FULL = columnLayout('full', 1200).columns;

function row(props: Partial<Parameters<typeof TimelineRow>[0]> = {}) {
  return render(
    <TimelineRow
      index={9}
      row={4}
      record={ECHO}
      columns={FULL}
      top={88}
      selected={false}
      hit={false}
      started={undefined}
      {...props}
    />,
  );
}

describe('TimelineRow', () => {
  it('is a frame row of the grid, numbered after the header row, with the record index and kind', () => {
    const r = one(row(), { role: 'row' });
    expect(r.attrs['data-testid']).toBe('frame-row');
    expect(r.attrs['aria-rowindex']).toBe('6');
    expect(r.attrs['aria-selected']).toBe('false');
    expect(r.attrs['data-index']).toBe('9');
    expect(r.attrs['data-kind']).toBe('event');
    expect(r.attrs.style).toBe('transform:translateY(88px)');
  });

  it('reads out one cell per column, in the columns’ order', () => {
    const cells = all(row(), { role: 'gridcell' });
    expect(cells.map(text)).toEqual([
      '0.802 s',
      '→',
      'ws',
      'message',
      'EVENT',
      '/',
      'echo #0',
      '60 B',
      '["hello",{"n":1,"nested":[true,null,"é€😀"]}]',
    ]);
    // The columns that get cut short carry their full text as a tooltip, the time what it counts from.
    expect(cells.filter((c) => c.attrs.title !== undefined).map((c) => c.attrs.class)).toEqual([
      'cell cell-time',
      'cell cell-name',
      'cell cell-preview',
    ]);
    expect(cells[0]?.attrs.title).toBe('since the session started');
    const started = new Date(2026, 0, 2, 3, 4, 5, 0).toISOString();
    const timed = all(row({ started }), { role: 'gridcell' });
    expect(timed[0]?.attrs.title).toBe('since the session started · 2026-01-02 03:04:05.802');
  });

  it('shows the connection when the session has several, and drops transport and nsp in the compact set', () => {
    const withConn = all(row({ columns: columnLayout('full', 1200, true).columns }), { role: 'gridcell' });
    expect(text(withConn[1]!)).toBe('c1');
    const compact = all(row({ columns: columnLayout('compact', 600).columns }), { role: 'gridcell' });
    expect(compact.map((c) => c.attrs.class)).not.toContain('cell cell-transport');
    expect(compact.map((c) => c.attrs.class)).not.toContain('cell cell-nsp');
    expect(compact.map(text)).toContain('echo #0');
  });

  it('marks the selected row and a search hit', () => {
    const r = one(row({ selected: true, hit: true }), { role: 'row' });
    expect(r.attrs['aria-selected']).toBe('true');
    expect(hasClass(r, 'selected')).toBe(true);
    expect(hasClass(r, 'hit')).toBe(true);
  });

  it('is no frame row while its record is still being fetched: a placeholder without cells', () => {
    const r = one(row({ record: undefined }), { role: 'row' });
    expect(r.attrs['data-testid']).toBeUndefined();
    expect(r.attrs['data-kind']).toBeUndefined();
    expect(r.attrs['aria-rowindex']).toBe('6');
    expect(r.children).toHaveLength(0);
  });
});
