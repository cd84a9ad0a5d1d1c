// Which rows of a fixed-row-height list are in view, for a list far taller than a browser lets an
// element be. Chromium stops growing an element at about 33.5 million px (1M rows × 22 px is 22M), so
// past `maxScrollHeight` the scroll range is compressed: scrollTop is read as a fraction of the whole
// list, and the rendered rows are placed so that they still scroll by whole pixels locally.

export interface ViewportInput {
  readonly scrollTop: number;
  readonly viewportHeight: number;
  readonly rowCount: number;
  readonly rowHeight: number;
  /** Rows rendered beyond each edge so a fast scroll shows rows, not gaps. */
  readonly overscan?: number;
  /** Height the scroll content may have; above it the scroll range is compressed. */
  readonly maxScrollHeight?: number;
}

export interface VirtualWindow {
  /** First row rendered. */
  readonly first: number;
  /** Rows rendered from `first` (0 for an empty list). */
  readonly count: number;
  /** Height of the scroll content (the spacer). */
  readonly totalHeight: number;
  /** Where row `first` goes, in px from the top of the scroll content. */
  readonly offset: number;
  /** Topmost row at least partly visible, without overscan. */
  readonly firstVisible: number;
  /** Rows that fit in the viewport. */
  readonly visibleCount: number;
  /** The scrollTop it was computed for, clamped to the scroll range: `offset - scrollTop` is where row
   * `first` is in the viewport. */
  readonly scrollTop: number;
}

export const DEFAULT_MAX_SCROLL_HEIGHT = 8_000_000;

export function virtualWindow(input: ViewportInput): VirtualWindow {
  const { rowCount, rowHeight, viewportHeight } = input;
  const overscan = input.overscan ?? 4;
  const geometry = scrollGeometry(input);
  const virtualTop = geometry.virtualTop(clamp(input.scrollTop, 0, geometry.scrollRange));
  const firstVisible = clamp(Math.floor(virtualTop / rowHeight), 0, Math.max(0, rowCount - 1));
  const lastVisible = clamp(Math.ceil((virtualTop + viewportHeight) / rowHeight), 0, rowCount);
  const first = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, lastVisible + overscan);
  const scrollTop = geometry.scrollTopOf(virtualTop);
  return {
    first,
    count: Math.max(0, end - first),
    totalHeight: geometry.totalHeight,
    offset: scrollTop + first * rowHeight - virtualTop,
    firstVisible: rowCount === 0 ? 0 : firstVisible,
    visibleCount: Math.max(1, Math.floor(viewportHeight / rowHeight)),
    scrollTop,
  };
}

/**
 * The scrollTop that brings `row` into view, or the current scrollTop when it already is.
 * `align: 'end'` puts the row at the bottom (follow-tail), 'start' at the top.
 */
export function scrollTopForRow(
  input: ViewportInput,
  row: number,
  align: 'nearest' | 'start' | 'end' | 'center' = 'nearest',
): number {
  const { rowHeight, viewportHeight } = input;
  const geometry = scrollGeometry(input);
  const current = geometry.virtualTop(clamp(input.scrollTop, 0, geometry.scrollRange));
  const top = row * rowHeight;
  const bottom = top + rowHeight - viewportHeight;
  let target = current;
  if (align === 'center') target = top - (viewportHeight - rowHeight) / 2;
  else if (align === 'start' || (align === 'nearest' && top < current)) target = top;
  else if (align === 'end' || (align === 'nearest' && bottom > current)) target = bottom;
  return clamp(geometry.scrollTopOf(clamp(target, 0, geometry.contentRange)), 0, geometry.scrollRange);
}

interface ScrollGeometry {
  readonly totalHeight: number;
  readonly scrollRange: number;
  readonly contentRange: number;
  virtualTop(scrollTop: number): number;
  scrollTopOf(virtualTop: number): number;
}

function scrollGeometry(input: ViewportInput): ScrollGeometry {
  const contentHeight = input.rowCount * input.rowHeight;
  const totalHeight = Math.min(contentHeight, input.maxScrollHeight ?? DEFAULT_MAX_SCROLL_HEIGHT);
  const scrollRange = Math.max(0, totalHeight - input.viewportHeight);
  const contentRange = Math.max(0, contentHeight - input.viewportHeight);
  const ratio = scrollRange === 0 ? 1 : contentRange / scrollRange;
  return {
    totalHeight,
    scrollRange,
    contentRange,
    virtualTop: (scrollTop) => scrollTop * ratio,
    scrollTopOf: (virtualTop) => virtualTop / ratio,
  };
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** The row under a point `y` px below the viewport's top edge, or undefined past the last row. */
export function rowAtViewportY(input: ViewportInput, y: number): number | undefined {
  const win = virtualWindow({ ...input, overscan: 0 });
  if (input.rowCount === 0 || y < 0) return undefined;
  const row = win.first + Math.floor((y - (win.offset - win.scrollTop)) / input.rowHeight);
  return row >= 0 && row < input.rowCount ? row : undefined;
}
