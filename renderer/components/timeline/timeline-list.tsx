// The virtualized timeline: a spacer as tall as the list (compressed past a browser's height limit), the
// rows in view positioned over it, their records paged in on demand. Only what is on screen is in the
// DOM and in the page cache's working set, so a million rows scroll like a hundred.
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactElement,
} from 'react';
import { flushSync } from 'react-dom';
import { useElementSize } from '../../hooks/use-element-size';
import { maxScrollHeight } from '../../hooks/max-scroll-height';
import { lowerBound, recordAt, rowCount, rowOf } from '../../state/row-map';
import type { SessionSnapshot, SessionStore } from '../../state/session-store';
import { scrollTopForRow, virtualWindow, type ViewportInput } from '../../state/virtual-window';
import { COLUMNS, ROW_HEIGHT } from './columns';
import { TimelineRow } from './timeline-row';

const OVERSCAN = 6;

export function TimelineList({
  store,
  snap,
}: {
  readonly store: SessionStore;
  readonly snap: SessionSnapshot;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const { height } = useElementSize(scroller);
  const [scrollTop, setScrollTop] = useState(0);
  /** The scrollTop we set ourselves, so onScroll can tell it from the user's. */
  const ownScroll = useRef<number | null>(null);
  const { rows, selected, follow, search } = snap;
  const count = rowCount(rows);

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

  const setScroll = useCallback((top: number) => {
    const el = scroller.current;
    if (el === null) return;
    if (Math.abs(el.scrollTop - top) < 0.5) return;
    ownScroll.current = top;
    el.scrollTop = top;
    setScrollTop(el.scrollTop);
  }, []);

  // Follow-tail: keep the last row in view as records arrive.
  useLayoutEffect(() => {
    if (follow && count > 0 && height > 0)
      setScroll(scrollTopForRow(viewport(scroller.current?.scrollTop ?? 0), count - 1, 'end'));
  }, [follow, count, height, viewport, setScroll]);

  // Bring the selection into view when it changes (keyboard, search, a finding's link).
  const selectedRow = selected === null ? undefined : rowOf(rows, selected);
  useLayoutEffect(() => {
    if (selectedRow === undefined || height === 0) return;
    setScroll(scrollTopForRow(viewport(scroller.current?.scrollTop ?? 0), selectedRow, 'nearest'));
    // A new selection scrolls to it, and so does a viewport that shrank under it (a pane opened).
  }, [selectedRow, rows, height]);

  const indices = useMemo(() => {
    const out: number[] = [];
    for (let r = win.first; r < win.first + win.count; r++) {
      const index = recordAt(rows, r);
      if (index !== undefined) out.push(index);
    }
    return out;
  }, [rows, win.first, win.count]);

  useEffect(() => {
    if (indices.length > 0) store.want(indices);
  }, [store, indices, snap.total]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el === null) return;
    const top = el.scrollTop;
    const own = ownScroll.current;
    ownScroll.current = null;
    // Rendered inside the scroll event, so rows coming into view are in this frame, not the next one.
    flushSync(() => setScrollTop(top));
    if (own !== null && Math.abs(own - top) < 1) return;
    // The user scrolled: away from the bottom stops following, back to it resumes. The geometry comes
    // from the last render, not from clientHeight/scrollHeight: reading those here would force a layout
    // in every scroll event.
    const s = store.getSnapshot();
    if (s.info.kind !== 'live') return;
    const atBottom = top + geometry.current.height >= geometry.current.totalHeight - ROW_HEIGHT;
    if (s.follow && !atBottom) store.setFollow(false);
    else if (!s.follow && atBottom && s.selected === null) store.setFollow(true);
  }, [store]);

  const onSelect = useCallback((index: number) => store.select(index), [store]);

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
  // element, props and pixels, a row scrolling in takes the element of the row that scrolled out, and a
  // jump across the list updates elements in place instead of replacing them all.
  // Children stay in slot order, not row order, so React never moves DOM nodes (a move relayouts them
  // all); rows are absolutely positioned and carry aria-rowindex, so the order on screen is unaffected.
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
        top={win.offset + (r - win.first) * ROW_HEIGHT}
        selected={index === selected}
        hit={isHit}
        onSelect={onSelect}
      />
    );
  }

  return (
    <div className="timeline-list" role="grid" aria-rowcount={count + 1} aria-label="Timeline">
      <div className="row row-header" role="row" aria-rowindex={1}>
        {COLUMNS.map((c) => (
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
        data-testid="timeline"
      >
        <div className="timeline-spacer" style={{ height: win.totalHeight }}>
          {rowsInView}
        </div>
        {count === 0 && <div className="timeline-empty">{emptyText(snap)}</div>}
      </div>
    </div>
  );
}

function emptyText(snap: SessionSnapshot): string {
  if (snap.filterPending) return 'Filtering…';
  if (snap.rows.kind === 'filtered') return 'No record matches the filter.';
  if (snap.info.state === 'connecting') return 'Connecting…';
  if (snap.info.state === 'loading') return 'Loading…';
  return 'No records yet.';
}
