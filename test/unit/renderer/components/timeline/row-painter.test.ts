import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnLayout, COLUMNS, ROW_INSET_LEFT } from '../../../../../renderer/components/timeline/columns';
import {
  fitText,
  samePicture,
  type PaintFrame,
} from '../../../../../renderer/components/timeline/row-painter';
import {
  cellColor,
  rowAlpha,
  rowBackground,
  type Palette,
} from '../../../../../renderer/components/timeline/row-style';
import type { RowCells, RowKind } from '../../../../../renderer/state/record-format';
import {
  rowAtViewportY,
  virtualWindow,
  type ViewportInput,
} from '../../../../../renderer/state/virtual-window';

describe('columnLayout', () => {
  it('places the full set edge to edge, the preview taking what is left', () => {
    const layout = columnLayout('full', 1000);
    expect(layout.columns.map((c) => c.key)).toEqual(COLUMNS.map((c) => c.key).filter((k) => k !== 'conn'));
    expect(layout.columns[0]!.x).toBe(ROW_INSET_LEFT);
    for (let i = 1; i < layout.columns.length; i++) {
      const prev = layout.columns[i - 1]!;
      expect(layout.columns[i]!.x).toBe(prev.x + prev.width + layout.gap);
    }
    const preview = layout.columns.at(-1)!;
    expect(preview.x + preview.width).toBe(1000 - 10);
    expect(layout.template.split(' minmax')[0]!.split(' ')).toHaveLength(layout.columns.length - 1);
  });

  it('shrinks the event column toward its minimum before the preview disappears', () => {
    const wide = columnLayout('full', 1200).columns.find((c) => c.key === 'name')!;
    const narrow = columnLayout('full', 760).columns.find((c) => c.key === 'name')!;
    const tiny = columnLayout('full', 300).columns.find((c) => c.key === 'name')!;
    expect(wide.width).toBe(150);
    expect(narrow.width).toBeLessThan(150);
    expect(narrow.width).toBeGreaterThanOrEqual(90);
    expect(tiny.width).toBe(90);
    expect(columnLayout('full', 300).columns.at(-1)!.width).toBe(0);
  });

  it('adds a connection column after the time only when the session has several', () => {
    expect(columnLayout('full', 1000).columns.map((c) => c.key)).not.toContain('conn');
    const keys = columnLayout('full', 1000, true).columns.map((c) => c.key);
    expect(keys.slice(0, 3)).toEqual(['time', 'conn', 'dir']);
    expect(columnLayout('compact', 600, true).columns.map((c) => c.key)).toContain('conn');
  });

  it('drops transport and namespace in the compact set beside the emit editor', () => {
    const keys = columnLayout('compact', 600).columns.map((c) => c.key);
    expect(keys).not.toContain('transport');
    expect(keys).not.toContain('nsp');
    expect(keys).toContain('name');
  });
});

describe('fitText', () => {
  const measure = (s: string): number =>
    [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2fff ? 14 : 7), 0);

  it('keeps text that fits and cuts the rest with an ellipsis that fits too', () => {
    expect(fitText('chat', 70, 7, measure)).toBe('chat');
    expect(fitText('0123456789abc', 70, 7, measure)).toBe('012345678…');
    expect(fitText('abc', 7, 7, measure)).toBe('');
  });

  it('measures what is not printable ASCII, never splitting a surrogate pair', () => {
    expect(fitText('聊天消息', 56, 7, measure)).toBe('聊天消息');
    const cut = fitText('聊天消息记录', 50, 7, measure);
    expect(cut).toBe('聊天消…');
    expect(measure(cut)).toBeLessThanOrEqual(50);
    const emoji = fitText('a😀😀😀', 30, 7, measure);
    expect(emoji.endsWith('…')).toBe(true);
    expect(/[\ud800-\udbff]…$/.test(emoji)).toBe(false);
  });

  it('property: the result fits the width and is a prefix of the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: 0, max: 400 }), (text, width) => {
        const fitted = fitText(text, width, 7, measure);
        expect(measure(fitted)).toBeLessThanOrEqual(width + 0.01);
        const body = fitted.endsWith('…') && fitted !== text ? fitted.slice(0, -1) : fitted;
        expect(text.startsWith(body)).toBe(true);
      }),
    );
  });
});

describe('row style', () => {
  const palette: Palette = {
    bg: 'bg',
    hover: 'hover',
    selected: 'selected',
    selectedError: 'selected-error',
    hit: 'hit',
    errorBg: 'error-bg',
    bar: 'bar',
    text: 'text',
    muted: 'muted',
    faint: 'faint',
    out: 'out',
    in: 'in',
    kinds: new Proxy({} as Record<RowKind, string>, { get: (_, k) => `k-${String(k)}` }),
  };
  const cells = (kind: RowKind, dir = '←'): RowCells => ({
    time: '1.000',
    conn: 'c1',
    dir,
    transport: 'ws',
    eio: 'message',
    sio: 'EVENT',
    nsp: '/',
    name: 'chat',
    size: '9 B',
    preview: '[]',
    kind,
  });

  it('colours the packet-type columns by kind and keeps the rest calm', () => {
    expect(cellColor(palette, cells('event'), 'sio')).toBe('k-event');
    expect(cellColor(palette, cells('event'), 'name')).toBe('k-event');
    expect(cellColor(palette, cells('event'), 'eio')).toBe('text');
    expect(cellColor(palette, cells('heartbeat'), 'eio')).toBe('k-heartbeat');
    expect(cellColor(palette, cells('connect'), 'sio')).toBe('k-connect');
    expect(cellColor(palette, cells('close'), 'eio')).toBe('k-close');
    expect(cellColor(palette, cells('lifecycle'), 'name')).toBe('k-lifecycle');
    expect(cellColor(palette, cells('lifecycle'), 'preview')).toBe('faint');
    expect(cellColor(palette, cells('error'), 'preview')).toBe('k-error');
    expect(cellColor(palette, cells('event'), 'time')).toBe('muted');
    expect(cellColor(palette, cells('event', '→'), 'dir')).toBe('out');
    expect(cellColor(palette, cells('event', '←'), 'dir')).toBe('in');
    expect(cellColor(palette, cells('lifecycle', ''), 'dir')).toBe('faint');
    expect(cellColor(palette, undefined, 'time')).toBe('faint');
  });

  it('picks one background: selection over error over search hit over hover', () => {
    const none = { selected: false, hit: false, hover: false };
    expect(rowBackground(palette, 'event', none)).toBeNull();
    expect(rowBackground(palette, 'event', { ...none, hover: true })).toBe('hover');
    expect(rowBackground(palette, 'event', { ...none, hit: true, hover: true })).toBe('hit');
    expect(rowBackground(palette, 'error', { ...none, hit: true })).toBe('error-bg');
    expect(rowBackground(palette, 'event', { selected: true, hit: true, hover: true })).toBe('selected');
    expect(rowBackground(palette, 'error', { ...none, selected: true })).toBe('selected-error');
  });

  it('lets heartbeats and noops recede', () => {
    expect(rowAlpha('heartbeat')).toBeLessThan(1);
    expect(rowAlpha('noop')).toBeLessThan(1);
    expect(rowAlpha('event')).toBe(1);
    expect(rowAlpha(undefined)).toBe(1);
  });
});

describe('rowAtViewportY', () => {
  const base: ViewportInput = { scrollTop: 0, viewportHeight: 220, rowCount: 1000, rowHeight: 22 };

  it('finds the row under a point, and nothing past the last row', () => {
    expect(rowAtViewportY({ ...base, scrollTop: 30 }, 0)).toBe(1);
    expect(rowAtViewportY({ ...base, scrollTop: 30 }, 15)).toBe(2);
    expect(rowAtViewportY({ ...base, rowCount: 3 }, 70)).toBeUndefined();
    expect(rowAtViewportY({ ...base, rowCount: 0 }, 5)).toBeUndefined();
  });

  it('property: agrees with where the window places rows, compressed or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 219 }),
        (rowCount, at, y) => {
          const input = { ...base, rowCount, maxScrollHeight: 1_000_000 };
          const w = virtualWindow({ ...input, overscan: 0 });
          const top = at * Math.max(0, w.totalHeight - 220);
          const win = virtualWindow({ ...input, scrollTop: top, overscan: 0 });
          const row = rowAtViewportY({ ...input, scrollTop: top }, y);
          if (row === undefined) return;
          const rowTop = win.offset - win.scrollTop + (row - win.first) * 22;
          expect(rowTop).toBeLessThanOrEqual(y + 1e-6);
          expect(rowTop + 22).toBeGreaterThan(y - 1e-6);
        },
      ),
    );
  });
});

describe('samePicture', () => {
  const layout = columnLayout('full', 1000);
  const cellsA = { kind: 'event' } as RowCells;
  const cellsB = { kind: 'event' } as RowCells;
  const row = { y: 0, cells: cellsA, selected: false, hit: false, hover: false };
  const frame: PaintFrame = {
    width: 1000,
    height: 400,
    rowHeight: 22,
    layout,
    palette: {} as Palette,
    font: '12px monospace',
    rows: [row, { ...row, y: 22, cells: undefined }],
  };

  it('holds for the same inputs in new objects: a re-render that changed nothing on screen', () => {
    expect(samePicture(frame, { ...frame, rows: frame.rows.map((r) => ({ ...r })) })).toBe(true);
  });

  it('fails for any change a row shows: position, record, selection, search hit, hover, a record come in', () => {
    const changed = (patch: object, at = 0): PaintFrame => ({
      ...frame,
      rows: frame.rows.map((r, i) => (i === at ? { ...r, ...patch } : r)),
    });
    expect(samePicture(frame, changed({ y: 1 }))).toBe(false);
    expect(samePicture(frame, changed({ cells: cellsB }))).toBe(false);
    expect(samePicture(frame, changed({ selected: true }))).toBe(false);
    expect(samePicture(frame, changed({ hit: true }))).toBe(false);
    expect(samePicture(frame, changed({ hover: true }))).toBe(false);
    expect(samePicture(frame, changed({ cells: cellsA }, 1))).toBe(false);
    expect(samePicture(frame, { ...frame, rows: frame.rows.slice(1) })).toBe(false);
  });

  it('fails when the canvas or its look changed: size, columns, theme, font', () => {
    expect(samePicture(frame, { ...frame, width: 999 })).toBe(false);
    expect(samePicture(frame, { ...frame, height: 401 })).toBe(false);
    expect(samePicture(frame, { ...frame, layout: columnLayout('full', 1000) })).toBe(false);
    expect(samePicture(frame, { ...frame, palette: {} as Palette })).toBe(false);
    expect(samePicture(frame, { ...frame, font: '13px monospace' })).toBe(false);
  });
});
