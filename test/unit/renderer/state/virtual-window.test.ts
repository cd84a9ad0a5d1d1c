import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  scrollTopForRow,
  virtualWindow,
  type ViewportInput,
} from '../../../../renderer/state/virtual-window';

const base: ViewportInput = { scrollTop: 0, viewportHeight: 220, rowCount: 1000, rowHeight: 22, overscan: 0 };

describe('virtualWindow', () => {
  it('renders the rows in view and no more', () => {
    const w = virtualWindow({ ...base, scrollTop: 22 * 10 });
    expect(w.first).toBe(10);
    expect(w.count).toBe(10);
    expect(w.offset).toBe(220);
    expect(w.totalHeight).toBe(22_000);
  });

  it('adds overscan on both sides, clamped to the list', () => {
    const w = virtualWindow({ ...base, overscan: 3 });
    expect(w.first).toBe(0);
    expect(w.count).toBe(13);
    const end = virtualWindow({ ...base, overscan: 3, scrollTop: 22_000 });
    expect(end.first + end.count).toBe(1000);
  });

  it('handles an empty list', () => {
    const w = virtualWindow({ ...base, rowCount: 0 });
    expect(w).toMatchObject({ first: 0, count: 0, totalHeight: 0 });
  });

  it('compresses a million rows into the height limit and still reaches the last row', () => {
    const input = { ...base, rowCount: 1_000_000, maxScrollHeight: 1_000_000 };
    const top = virtualWindow(input);
    expect(top.totalHeight).toBe(1_000_000);
    const bottom = virtualWindow({ ...input, scrollTop: 1_000_000 - 220 });
    expect(bottom.first + bottom.count).toBe(1_000_000);
    // The last row sits at the bottom edge of the viewport.
    const lastTop = bottom.offset + (1_000_000 - 1 - bottom.first) * 22;
    expect(lastTop + 22).toBeCloseTo(1_000_000, 5);
  });

  it('property: the row at the viewport top is always rendered and placed across the viewport top', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 50, max: 2000 }),
        (rows, at, vh) => {
          const input = {
            scrollTop: 0,
            viewportHeight: vh,
            rowCount: rows,
            rowHeight: 22,
            overscan: 2,
            maxScrollHeight: 5_000_000,
          };
          const range = Math.max(0, virtualWindow(input).totalHeight - vh);
          const scrollTop = at * range;
          const w = virtualWindow({ ...input, scrollTop });
          expect(w.firstVisible).toBeGreaterThanOrEqual(w.first);
          expect(w.firstVisible).toBeLessThan(Math.max(1, w.first + w.count));
          const y = w.offset + (w.firstVisible - w.first) * 22;
          expect(y).toBeLessThanOrEqual(scrollTop + 1e-6);
          expect(y + 22).toBeGreaterThan(scrollTop - 1e-6);
        },
      ),
    );
  });
});

describe('scrollTopForRow', () => {
  it('leaves a visible row where it is', () => {
    expect(scrollTopForRow({ ...base, scrollTop: 44 }, 4)).toBe(44);
  });

  it('scrolls up or down just enough', () => {
    expect(scrollTopForRow({ ...base, scrollTop: 440 }, 5)).toBe(110);
    expect(scrollTopForRow({ ...base, scrollTop: 0 }, 20)).toBe(21 * 22 - 220);
  });

  it('center alignment puts the row in the middle of the view (a jump), clamped at the ends', () => {
    // 220 px of view: row 100 (top 2200) sits with 99 px above it.
    expect(scrollTopForRow(base, 100, 'center')).toBe(2200 - 99);
    expect(scrollTopForRow({ ...base, scrollTop: 2101 }, 100, 'center')).toBe(2101);
    expect(scrollTopForRow(base, 1, 'center')).toBe(0);
    expect(scrollTopForRow(base, 999, 'center')).toBe(22_000 - 220);
  });

  it('end alignment puts the row at the bottom (follow-tail)', () => {
    expect(scrollTopForRow(base, 999, 'end')).toBe(22_000 - 220);
  });

  it('property: after scrolling to a row, the window renders it fully in view, compressed or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rows, from, to) => {
          const input = {
            scrollTop: 0,
            viewportHeight: 400,
            rowCount: rows,
            rowHeight: 22,
            overscan: 0,
            maxScrollHeight: 4_000_000,
          };
          const range = Math.max(0, virtualWindow(input).totalHeight - 400);
          const row = Math.floor(to * (rows - 1));
          const top = scrollTopForRow({ ...input, scrollTop: from * range }, row);
          const w = virtualWindow({ ...input, scrollTop: top });
          expect(row).toBeGreaterThanOrEqual(w.first);
          expect(row).toBeLessThan(w.first + w.count);
          const y = w.offset + (row - w.first) * 22 - top;
          expect(y).toBeGreaterThanOrEqual(-1e-3);
          expect(y + 22).toBeLessThanOrEqual(400 + 1e-3);
        },
      ),
    );
  });
});
