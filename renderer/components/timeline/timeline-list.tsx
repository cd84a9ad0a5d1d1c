// The virtualized timeline: a spacer as tall as the list (compressed past a browser's height limit), the
// rows in view painted on a canvas that stays over the viewport, their records paged in on demand.
// A scroll step repaints the canvas inside the scroll event and touches no DOM, so a million rows scroll
// like a hundred. The rows as DOM elements (aria rows, data-testid=frame-row, tooltips) lie over the
// canvas, invisible, and are re-rendered by React once the scrolling rests.
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactElement,
  type RefObject,
} from 'react';
import { useElementSize } from '../../hooks/use-element-size';
import { maxScrollHeight } from '../../hooks/max-scroll-height';
import { rowCells } from '../../state/record-format';
import { lowerBound, recordAt, rowCount, rowOf } from '../../state/row-map';
import type { SessionSnapshot, SessionStore } from '../../state/session-store';
import {
  rowAtViewportY,
  scrollTopForRow,
  virtualWindow,
  type ViewportInput,
} from '../../state/virtual-window';
import { columnLayout, ROW_HEIGHT, type ColumnSet } from './columns';
import { RowPainter, type PaintRow } from './row-painter';
import { readPalette, type Palette } from './row-style';
import { TimelineRow } from './timeline-row';
import './timeline.css';

const OVERSCAN = 6;
/** Quiet time after the last scroll event before the DOM rows catch up with the canvas. */
const SETTLE_MS = 120;
/** While the list follows a live tail, the DOM rows catch up with the canvas at most this often. */
const FOLLOW_ROWS_MS = 500;

export function TimelineList({
  store,
  snap,
  columns = 'full',
}: {
  readonly store: SessionStore;
  readonly snap: SessionSnapshot;
  readonly columns?: ColumnSet;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width, height } = useElementSize(scroller, 'client');
  /** Where the DOM rows are rendered for: the scroll position once it rested. */
  const [scrollTop, setScrollTop] = useState(0);
  /** The scrollTop we set ourselves, so onScroll can tell it from the user's. */
  const ownScroll = useRef<number | null>(null);
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const followRows = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** The pointer's y in the viewport, for the hover highlight; null when it is elsewhere. */
  const pointerY = useRef<number | null>(null);
  const { rows, selected, follow, search } = snap;
  const count = rowCount(rows);
  const multiple = snap.info.connections.length > 1;
  const layout = useMemo(() => columnLayout(columns, width, multiple), [columns, width, multiple]);

  const viewport = useCallback(
    (top: number): ViewportInput => ({
      scrollTop: top,
      viewportHeight: height,
      rowCount: count,
      rowHeight: ROW_HEIGHT,
      maxScrollHeight: maxScrollHeight(),
      overscan: OVERSCAN,
    }),
    [height, count],
  );
  const win = virtualWindow(viewport(scrollTop));
  const geometry = useRef({ height, totalHeight: win.totalHeight });
  geometry.current = { height, totalHeight: win.totalHeight };

  // Painting reads the latest render's inputs through this ref: the scroll and pointer handlers call it
  // between renders, with the scroller's live scrollTop.
  const painter = useRef<RowPainter | null>(null);
  const theme = useTheme(scroller);
  const paint = useRef<() => void>(() => undefined);
  paint.current = () => {
    const el = scroller.current;
    const target = canvas.current;
    if (el === null || target === null || theme === null || width === 0 || height === 0) return;
    painter.current ??= new RowPainter(target);
    const at = virtualWindow({ ...viewport(el.scrollTop), overscan: 0 });
    const hits = search.hits;
    const hover =
      pointerY.current === null ? undefined : rowAtViewportY(viewport(el.scrollTop), pointerY.current);
    const painted: PaintRow[] = [];
    for (let r = at.first; r < at.first + at.count; r++) {
      const index = recordAt(rows, r);
      if (index === undefined) continue;
      const record = store.record(index);
      painted.push({
        y: at.offset - at.scrollTop + (r - at.first) * ROW_HEIGHT,
        cells: record === undefined ? undefined : rowCells(record),
        selected: index === selected,
        hit: hits !== null && hits[lowerBound(hits, index)] === index,
        hover: r === hover,
      });
    }
    painter.current.paint({
      width,
      height,
      rowHeight: ROW_HEIGHT,
      layout,
      palette: theme.palette,
      font: theme.font,
      rows: painted,
    });
  };
  // Follow-tail: keep the last row in view as records arrive. The canvas, painted next, shows each
  // batch's newest rows in the frame it comes in; the DOM rows over it catch up at most every
  // FOLLOW_ROWS_MS (at every batch, re-rendering all of them was most of what a batch cost).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!follow || count === 0 || height === 0 || el === null) return;
    const top = scrollTopForRow(viewport(el.scrollTop), count - 1, 'end');
    if (Math.abs(el.scrollTop - top) < 0.5) return;
    ownScroll.current = top;
    el.scrollTop = top;
    followRows.current ??= setTimeout(() => {
      followRows.current = undefined;
      setScrollTop(scroller.current?.scrollTop ?? 0);
    }, FOLLOW_ROWS_MS);
  }, [follow, count, height, viewport]);

  // Every render may have changed what is drawn: records arrived, the selection or the filter moved.
  useLayoutEffect(() => paint.current());

  const setScroll = useCallback((top: number) => {
    const el = scroller.current;
    if (el === null) return;
    if (Math.abs(el.scrollTop - top) < 0.5) return;
    ownScroll.current = top;
    el.scrollTop = top;
    setScrollTop(el.scrollTop);
  }, []);

  // Bring the selection into view when it changes (keyboard, search, a finding's link).
  const selectedRow = selected === null ? undefined : rowOf(rows, selected);
  useLayoutEffect(() => {
    if (selectedRow === undefined || height === 0) return;
    const align = snap.jumped ? 'center' : 'nearest';
    setScroll(scrollTopForRow(viewport(scroller.current?.scrollTop ?? 0), selectedRow, align));
    // A new selection scrolls to it, and so does a viewport that shrank under it (a pane opened).
    // viewport changes only with height or the row count, so it adds no run of its own.
  }, [selectedRow, rows, height, viewport, setScroll, snap.jumped]);

  const indices = useMemo(() => recordIndices(rows, win.first, win.count), [rows, win.first, win.count]);
  useEffect(() => {
    if (indices.length > 0) store.want(indices);
  }, [store, indices, snap.total]);

  useEffect(
    () => () => {
      clearTimeout(settle.current);
      clearTimeout(followRows.current);
    },
    [],
  );

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el === null) return;
    const top = el.scrollTop;
    // The canvas shows this scroll position in this frame; the records it lacks are asked for now.
    paint.current();
    const moved = virtualWindow(viewport(top));
    store.want(recordIndices(store.getSnapshot().rows, moved.first, moved.count));
    clearTimeout(settle.current);
    settle.current = setTimeout(() => setScrollTop(top), SETTLE_MS);
    const own = ownScroll.current;
    ownScroll.current = null;
    if (own !== null && Math.abs(own - top) < 1) return;
    store.scrolling();
    // The user scrolled: away from the bottom stops following, back to it resumes. The geometry comes
    // from the last render, not from clientHeight/scrollHeight: reading those here would force a layout
    // in every scroll event.
    const s = store.getSnapshot();
    if (s.info.kind !== 'live') return;
    const atBottom = top + geometry.current.height >= geometry.current.totalHeight - ROW_HEIGHT;
    if (s.follow && !atBottom) store.setFollow(false);
    else if (!s.follow && atBottom && s.selected === null) store.setFollow(true);
  }, [store, viewport]);

  // A press anywhere on a row selects it, wherever the DOM rows are while they catch up.
  const onMouseDown = useCallback(
    (e: MouseEvent<HTMLDivElement>) => {
      const el = e.currentTarget;
      const box = el.getBoundingClientRect();
      if (e.button !== 0 || e.clientX - box.left >= el.clientWidth) return;
      const row = rowAtViewportY(viewport(el.scrollTop), e.clientY - box.top);
      const index = row === undefined ? undefined : recordAt(store.getSnapshot().rows, row);
      if (index !== undefined) store.select(index);
    },
    [store, viewport],
  );

  const onPointerMove = useCallback((e: PointerEvent<HTMLDivElement>) => {
    pointerY.current = e.clientY - e.currentTarget.getBoundingClientRect().top;
    paint.current();
  }, []);
  const onPointerLeave = useCallback(() => {
    pointerY.current = null;
    paint.current();
  }, []);

  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      const page = Math.max(1, win.visibleCount - 1);
      const moves: Record<string, number> = {
        ArrowDown: 1,
        j: 1,
        ArrowUp: -1,
        k: -1,
        PageDown: page,
        PageUp: -page,
        Home: -Infinity,
        End: Infinity,
      };
      const delta = moves[e.key];
      if (delta !== undefined) {
        e.preventDefault();
        store.moveSelection(Number.isFinite(delta) ? delta : delta > 0 ? count : -count);
      } else if (e.key === 'Escape') {
        store.select(null);
      } else if (e.key === 'f') {
        store.setFollow(!store.getSnapshot().follow);
      }
    },
    [store, win.visibleCount, count],
  );

  // Keys are slots in a fixed pool (rows in view never share one): a row that stays in view keeps its
  // element, and one coming into view takes the element of a row that left. Children stay in slot
  // order, not row order, so React never moves DOM nodes; rows carry aria-rowindex for their order.
  const pool = Math.max(win.count, Math.ceil(height / ROW_HEIGHT) + 2 * OVERSCAN + 2);
  const hits = search.hits;
  const rowsInView: (ReactElement | null)[] = new Array<ReactElement | null>(pool).fill(null);
  for (let r = win.first; r < win.first + win.count; r++) {
    const index = recordAt(rows, r);
    if (index === undefined) continue;
    const isHit = hits !== null && hits[lowerBound(hits, index)] === index;
    rowsInView[r % pool] = (
      <TimelineRow
        key={r % pool}
        index={index}
        row={r}
        record={store.record(index)}
        columns={layout.columns}
        top={win.offset + (r - win.first) * ROW_HEIGHT}
        selected={index === selected}
        hit={isHit}
        started={snap.info.started}
      />
    );
  }

  return (
    <div
      className="timeline-list"
      role="grid"
      aria-rowcount={count + 1}
      aria-label="Timeline"
      style={{ '--timeline-columns': layout.template, '--timeline-gap': `${layout.gap}px` } as object}
    >
      <div className="row row-header" role="row" aria-rowindex={1}>
        {layout.columns.map((c) => (
          <span key={c.key} className={`cell cell-${c.key}`} title={c.title} role="columnheader">
            {c.label}
          </span>
        ))}
      </div>
      <div
        ref={scroller}
        className="timeline-scroller"
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        onMouseDown={onMouseDown}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
        data-testid="timeline"
      >
        <div className="timeline-spacer" style={{ height: Math.max(win.totalHeight, height) }}>
          <canvas ref={canvas} className="timeline-canvas" aria-hidden="true" />
          {rowsInView}
        </div>
        {count === 0 && <div className="timeline-empty">{emptyText(snap)}</div>}
      </div>
    </div>
  );
}

function recordIndices(rows: SessionSnapshot['rows'], first: number, n: number): number[] {
  const out: number[] = [];
  for (let r = first; r < first + n; r++) {
    const index = recordAt(rows, r);
    if (index !== undefined) out.push(index);
  }
  return out;
}

interface Theme {
  readonly palette: Palette;
  /** The list's font as the CSS `font` shorthand. */
  readonly font: string;
}

/** The theme's colours and font for the canvas, read again when the OS switches between dark and light. */
function useTheme(ref: RefObject<HTMLElement | null>): Theme | null {
  const [theme, setTheme] = useState<Theme | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const read = (): void => setTheme({ palette: readPalette(el), font: fontOf(el) });
    read();
    const scheme = window.matchMedia('(prefers-color-scheme: light)');
    scheme.addEventListener('change', read);
    return () => scheme.removeEventListener('change', read);
  }, [ref]);
  return theme;
}

/** Built from the longhands: the `font` shorthand reads as '' when, as here, ligatures are turned off. */
function fontOf(el: HTMLElement): string {
  const s = getComputedStyle(el);
  return `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
}

function emptyText(snap: SessionSnapshot): string {
  if (snap.filterPending) return 'Filtering…';
  if (snap.rows.kind === 'filtered') return 'No record matches the filter.';
  if (snap.info.state === 'connecting') return 'Connecting…';
  if (snap.info.state === 'loading') return 'Loading…';
  return 'No records yet.';
}
