// The read-only view store of one session (docs/architecture.md §8): counts, the row map, the selection, filters and
// the analysis. Records stay on the Node side and come in through two bounded caches: pages for the
// unfiltered view, picks by index for a filtered one. React reads it with useSyncExternalStore; every
// change replaces the snapshot object. What comes in volume (batches of a live session, pages answering
// a scroll) changes the snapshot at once but tells React at most once per animation frame: a fast
// session then costs one render per frame however many messages arrive in it.
import type { ConnectionAnalysis, InspectorApi, RecordFilter, SessionInfo } from '../../shared/bridge/api';
import type { Json, SessionRecord } from '../../shared/record';
import { EMPTY_FILTER, filterKey, toRecordFilter, type FilterForm } from './filter-state';
import { locateFrame, type FrameTarget } from './frame-locator';
import { appendIndices } from './growable-indices';
import { PageCache, type PageCacheOptions } from './page-cache';
import { PickCache } from './pick-cache';
import type { Playhead } from './playback';
import { PlaybackController } from './playback-controller';
import { matchesHint, type RecordHint } from '../../shared/analysis/record-hint';
import { Refresher } from './refresher';
import { nextHit, rowCount, rowOf, type RowMap } from './row-map';
import { errorMessage } from '../../shared/user-error';
import { compareConnections } from '../../shared/connection-order';

export type AnalysisState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly previous?: readonly ConnectionAnalysis[] }
  | { readonly status: 'ready'; readonly analyses: readonly ConnectionAnalysis[]; readonly total: number }
  /** `stopped`: the user stopped it (stopAnalysis), nothing went wrong. */
  | { readonly status: 'error'; readonly message: string; readonly stopped?: true };

/** The analyses a view shows: the ready ones, or while a newer run loads the last ones (a live session's). */
export function shownAnalyses(analysis: AnalysisState): readonly ConnectionAnalysis[] | undefined {
  if (analysis.status === 'ready') return analysis.analyses;
  return analysis.status === 'loading' ? analysis.previous : undefined;
}

export interface SearchState {
  readonly text: string;
  /** Matching record indices, ascending; null while nothing is searched. */
  readonly hits: Uint32Array | null;
  readonly pending: boolean;
  /** A search over a big session comes in slices: how far it got while pending, or where it was stopped. */
  readonly scan?: ScanProgress;
}

/** How far a filter or search scan got through the session's records. */
export interface ScanProgress {
  readonly scanned: number;
  /** Stopped by the user: the results are those of the records before `scanned`. */
  readonly stopped: boolean;
}

export interface SessionSnapshot {
  readonly info: SessionInfo;
  readonly total: number;
  readonly rows: RowMap;
  readonly filter: FilterForm;
  readonly filterPending: boolean;
  /** A filter over a big session comes in slices: how far it got while pending, or where it was stopped. */
  readonly filterScan?: ScanProgress;
  readonly search: SearchState;
  /** Selected record index. */
  readonly selected: number | null;
  /** The selection was a jump (a finding, an ack's partner, a search match): the list centres it. */
  readonly jumped: boolean;
  readonly follow: boolean;
  /** Bumped when records arrive in a cache, so rows re-render. */
  readonly pages: number;
  readonly analysis: AnalysisState;
  /** The last failure talking to the bridge about this session, for the status line. */
  readonly error: string | null;
  /** Offline playback of a file session; null (the default): every record is shown. */
  readonly playhead: Playhead | null;
}

export interface SessionStoreOptions extends PageCacheOptions {
  /** Least time between two incremental re-filters of a live session. */
  readonly refreshGapMs?: number;
  /**
   * Runs a callback before the next frame is drawn; default requestAnimationFrame where there is one.
   * Without one (rendering to a string) listeners hear of every change at once.
   */
  readonly nextFrame?: (run: () => void) => void;
  /**
   * Least time between two tellings of what arriving records changed (counts, pages) while the user
   * scrolls the list; default 500 ms.
   */
  readonly scrollingGapMs?: number;
  /** The clock of that gap; default performance.now. */
  readonly now?: () => number;
}

/** A scroll event this recent means the user is still scrolling. */
const SCROLLING_MS = 100;

/** An incremental scan (filter or search): what it matched so far and how far it got. */
interface Scan {
  readonly key: string;
  scanned: number;
}

export class SessionStore {
  readonly cache: PageCache;
  private readonly picks: PickCache;
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly filterRefresher: Refresher;
  private readonly searchRefresher: Refresher;
  private filterScan: Scan | null = null;
  private searchScan: Scan | null = null;
  /** A search step asked for before the hits of the current text arrived. */
  private stepWhenSearched: 1 | -1 | null = null;
  private analysisSeq = 0;
  /** The analysisSeq of the request the user stopped. */
  private analysisStopped = -1;
  private readonly nextFrame: ((run: () => void) => void) | undefined;
  /** Listeners are due to hear of a change at the next frame. */
  private frameDue = false;
  private readonly scrollingGapMs: number;
  private readonly now: () => number;
  /** When the user last scrolled the list, and when listeners last heard of a change. */
  private scrolledAt = -Infinity;
  private toldAt = -Infinity;
  readonly playback: PlaybackController;

  /**
   * @param provisional the info is a stand-in made from a `records` event that came before the session's
   *   own news: what kind of session it is (and so whether to follow its tail) is decided by the first
   *   real info.
   */
  constructor(
    private readonly api: InspectorApi,
    info: SessionInfo,
    options: SessionStoreOptions = {},
    private provisional = false,
  ) {
    this.nextFrame = options.nextFrame ?? defaultNextFrame();
    this.scrollingGapMs = options.scrollingGapMs ?? 500;
    this.now = options.now ?? (() => performance.now());
    const changed = (): void => this.updateSoon({ pages: this.snapshot.pages + 1, error: this.cacheError() });
    this.cache = new PageCache(
      (from, count) => api.sessions.page({ session: info.session, from, count }),
      changed,
      options,
    );
    this.picks = new PickCache((indices) => api.sessions.pick({ session: info.session, indices }), changed);
    this.cache.setTotal(info.total);
    this.snapshot = {
      info: inOpenOrder(info),
      total: info.total,
      rows: { kind: 'all', count: info.total },
      filter: EMPTY_FILTER,
      filterPending: false,
      search: { text: '', hits: null, pending: false },
      selected: null,
      jumped: false,
      follow: !provisional && info.kind === 'live',
      pages: 0,
      analysis: { status: 'idle' },
      error: null,
      playhead: null,
    };
    this.playback = new PlaybackController({
      total: () => this.snapshot.total,
      timeAt: (index) => this.timeAt(index),
      get: () => this.snapshot.playhead,
      set: (playhead) => this.update({ playhead }),
    });
    const gap = options.refreshGapMs ?? 400;
    this.filterRefresher = new Refresher(() => this.runFilter(), gap);
    this.searchRefresher = new Refresher(() => this.runSearch(), gap);
  }

  get id(): string {
    return this.snapshot.info.session;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snapshot;

  /**
   * The user scrolls the list. Its canvas draws the rows in view at each scroll step from the caches,
   * so records arriving meanwhile need no re-render for it to show them: their news (the counts, the
   * scroll range, pages in) is held for scrollingGapMs at a time, and most frames of a scroll through
   * a fast live session draw the canvas and nothing else.
   */
  scrolling(): void {
    this.scrolledAt = this.now();
  }

  /** The record if it is at hand; `want` asks for it. */
  record(index: number): SessionRecord | undefined {
    return this.cache.get(index) ?? this.picks.get(index);
  }

  /** Asks for the records of these rows' indices, most urgent first. */
  want(indices: readonly number[]): void {
    if (this.snapshot.rows.kind === 'all') {
      this.cache.want(indices);
      return;
    }
    // Filtered rows are scattered; whatever pages already hold needs no pick.
    this.picks.want(indices.filter((i) => this.cache.get(i) === undefined));
  }

  /** A batch of appended records (onEvent): counts move, nothing is kept beyond the caches. */
  onRecords(from: number, records: readonly SessionRecord[], total: number): void {
    this.cache.append(from, records);
    this.cache.setTotal(total);
    const unfiltered = this.snapshot.rows.kind === 'all';
    this.updateSoon({
      total,
      rows: unfiltered ? { kind: 'all', count: total } : this.snapshot.rows,
      pages: this.snapshot.pages + 1,
    });
    if (!unfiltered || this.snapshot.filterPending) this.filterRefresher.request();
    if (this.searchScan !== null) this.searchRefresher.request();
  }

  onInfo(info: SessionInfo): void {
    const total = Math.max(info.total, this.snapshot.total);
    this.cache.setTotal(total);
    const rows: RowMap =
      this.snapshot.rows.kind === 'all' ? { kind: 'all', count: total } : this.snapshot.rows;
    // A connection that ended has nothing more to follow into; a file is read from its start.
    const ended = info.state === 'closed' || info.state === 'offline';
    const follow = this.provisional ? info.kind === 'live' && !ended : ended ? false : this.snapshot.follow;
    this.provisional = false;
    this.update({ info: inOpenOrder(info), total, rows, follow });
    if (total > 0 && this.snapshot.rows.kind === 'filtered') this.filterRefresher.request();
  }

  onError(message: string): void {
    this.update({ error: message });
  }

  setFilter(filter: FilterForm): void {
    const recordFilter = toRecordFilter(filter);
    const key = filterKey(recordFilter);
    const before = filterKey(toRecordFilter(this.snapshot.filter));
    this.update({ filter });
    if (key === before) return;
    if (recordFilter === null) {
      this.filterScan = null;
      this.update({
        rows: { kind: 'all', count: this.snapshot.total },
        filterPending: false,
        filterScan: undefined,
      });
      return;
    }
    this.filterScan = { key, scanned: 0 };
    this.update({ filterPending: true, filterScan: undefined });
    this.filterRefresher.request();
  }

  setSearch(text: string): void {
    if (text === this.snapshot.search.text) return;
    const trimmed = text.trim();
    this.stepWhenSearched = null;
    if (trimmed === '') {
      this.searchScan = null;
      this.update({ search: { text, hits: null, pending: false } });
      return;
    }
    this.searchScan = { key: trimmed, scanned: 0 };
    this.update({ search: { text, hits: this.snapshot.search.hits, pending: true } });
    this.searchRefresher.request();
  }

  /** Stops a filter's scan where it got: the rows found so far stay, marked as partial. */
  stopFilter(): void {
    const scan = this.filterScan;
    if (scan === null || !this.snapshot.filterPending) return;
    this.filterScan = null;
    this.update({ filterPending: false, filterScan: { scanned: scan.scanned, stopped: true } });
  }

  /** Stops a search's scan where it got: the hits found so far stay. */
  stopSearch(): void {
    const scan = this.searchScan;
    if (scan === null || !this.snapshot.search.pending) return;
    this.searchScan = null;
    this.stepWhenSearched = null;
    this.update({
      search: { ...this.snapshot.search, pending: false, scan: { scanned: scan.scanned, stopped: true } },
    });
  }

  /**
   * Selects the next (1) or previous (-1) search hit after the selection; false when there is none. While
   * the search has found nothing yet (Enter right after typing, a long session) the step is taken once
   * its first hits arrive.
   */
  searchStep(direction: 1 | -1): boolean {
    if (this.snapshot.search.pending && this.searchScan?.scanned === 0) {
      this.stepWhenSearched = direction;
      return true;
    }
    const hits = this.snapshot.search.hits;
    if (hits === null) return false;
    const next = nextHit(hits, this.snapshot.selected, direction);
    if (next === undefined) return false;
    if (rowOf(this.snapshot.rows, next) === undefined) this.setFilter(EMPTY_FILTER);
    this.select(next, true);
    return true;
  }

  /** `jump`: the record was reached from elsewhere (a link, a search), so the list centres it. */
  select(index: number | null, jump = false): void {
    if (index === this.snapshot.selected) return;
    // Picking a record means reading it: follow-tail would pull the view away from it.
    this.update({ selected: index, jumped: jump, follow: index === null ? this.snapshot.follow : false });
  }

  /** Moves the selection by `delta` rows (clamped) within the current row map. */
  moveSelection(delta: number): void {
    const { rows, selected } = this.snapshot;
    const count = rowCount(rows);
    if (count === 0) return;
    const current = selected === null ? undefined : rowOf(rows, selected);
    const base = current ?? (delta > 0 ? -1 : count);
    const row = Math.max(0, Math.min(count - 1, base + delta));
    this.select(rows.kind === 'all' ? row : (rows.indices[row] ?? null));
  }

  setFollow(follow: boolean): void {
    this.update(follow ? { follow, selected: null } : { follow });
  }

  /**
   * Selects the record of a frame named by a finding or an ack (the `hint`ed packet when the frame holds
   * several), clearing a filter that hides it. Returns false when no record has that frame.
   */
  async selectFrame(frame: number, conn?: string, hint?: RecordHint): Promise<boolean> {
    const target: FrameTarget = {
      frame,
      ...(conn === undefined ? {} : { conn }),
      ...(hint === undefined ? {} : { prefer: (r: SessionRecord) => matchesHint(r, hint) }),
    };
    const index = await locateFrame(
      (p) => this.cache.page(p),
      this.snapshot.total,
      this.cache.pageSize,
      target,
    );
    if (index === undefined) return false;
    if (rowOf(this.snapshot.rows, index) === undefined) this.setFilter(EMPTY_FILTER);
    this.select(index, true);
    return true;
  }

  /** Fetches the analyses unless the ones held are for the current total. */
  /** Answers an ack the server asked for (one held for the user to answer); rejects with the reason. */
  async answerAck(nsp: string, id: number, args: readonly Json[]): Promise<void> {
    await this.api.connections.ack({ session: this.id, nsp, id, args });
  }

  /** Stops reading the file this session opens: what was read stays (the session says where it stopped). */
  async stopLoading(): Promise<void> {
    await this.api.sessions.stopLoading({ session: this.id });
  }

  /** Stops the analysis running on the Node side; the view says it was stopped and offers to start again. */
  async stopAnalysis(): Promise<void> {
    if (this.snapshot.analysis.status !== 'loading') return;
    this.analysisStopped = this.analysisSeq;
    await this.api.sessions.stopAnalysis({ session: this.id });
  }

  async loadAnalysis(force = false): Promise<void> {
    const a = this.snapshot.analysis;
    if (!force && a.status === 'ready' && a.total === this.snapshot.total) return;
    if (a.status === 'loading') return;
    const seq = ++this.analysisSeq;
    const total = this.snapshot.total;
    this.update({
      analysis: a.status === 'ready' ? { status: 'loading', previous: a.analyses } : { status: 'loading' },
    });
    try {
      const analysed = await this.api.sessions.analyse({ session: this.id });
      const analyses = [...analysed].sort((a, b) => compareConnections(a.summary.conn, b.summary.conn));
      if (seq === this.analysisSeq) this.update({ analysis: { status: 'ready', analyses, total } });
    } catch (e) {
      if (seq !== this.analysisSeq) return;
      const stopped = this.analysisStopped === seq;
      this.update({ analysis: { status: 'error', message: errorMessage(e), ...(stopped && { stopped }) } });
    }
  }

  /** `t` of the record at `index`, its page read through the cache. */
  async timeAt(index: number): Promise<number> {
    const held = this.cache.get(index);
    if (held !== undefined) return held.t;
    const page = await this.cache.page(Math.floor(index / this.cache.pageSize));
    const record = page[index % this.cache.pageSize];
    if (record === undefined) throw new Error(`record ${index} is not in the session`);
    return record.t;
  }

  dispose(): void {
    this.playback.dispose();
    this.filterRefresher.dispose();
    this.searchRefresher.dispose();
    this.cache.clear();
    this.picks.clear();
    this.listeners.clear();
  }

  /**
   * Runs the filter from where the last run stopped: a live session costs only its new records. A big
   * session answers in slices (FilterResult.more): each one's rows show at once, and the next is asked
   * for until the end, a new filter, or stopFilter.
   */
  private async runFilter(): Promise<void> {
    const scan = this.filterScan;
    const filter = toRecordFilter(this.snapshot.filter);
    if (scan === null || filter === null) return;
    try {
      for (;;) {
        const result = await this.api.sessions.filter({ session: this.id, filter, from: scan.scanned });
        if (this.filterScan !== scan) return;
        const rows = this.snapshot.rows;
        const base = scan.scanned === 0 || rows.kind === 'all' ? new Uint32Array(0) : rows.indices;
        scan.scanned = result.total;
        const more = result.more === true;
        this.update({
          rows: { kind: 'filtered', indices: appendIndices(base, result.indices) },
          filterPending: more,
          filterScan: more ? { scanned: result.total, stopped: false } : undefined,
          error: null,
        });
        if (!more) return;
      }
    } catch (e) {
      if (this.filterScan === scan)
        this.update({ filterPending: false, error: `filter failed: ${errorMessage(e)}` });
    }
  }

  private async runSearch(): Promise<void> {
    const scan = this.searchScan;
    if (scan === null) return;
    const filter: RecordFilter = { text: scan.key };
    try {
      for (;;) {
        const result = await this.api.sessions.filter({ session: this.id, filter, from: scan.scanned });
        if (this.searchScan !== scan) return;
        const base =
          scan.scanned === 0 ? new Uint32Array(0) : (this.snapshot.search.hits ?? new Uint32Array(0));
        scan.scanned = result.total;
        const hits = appendIndices(base, result.indices);
        const more = result.more === true;
        this.update({
          search: {
            text: this.snapshot.search.text,
            hits,
            pending: more,
            ...(more && { scan: { scanned: result.total, stopped: false } }),
          },
        });
        const step = this.stepWhenSearched;
        if (step !== null && (hits.length > 0 || !more)) {
          this.stepWhenSearched = null;
          this.searchStep(step);
        }
        if (!more) return;
      }
    } catch (e) {
      if (this.searchScan === scan) {
        this.stepWhenSearched = null;
        this.update({
          search: { ...this.snapshot.search, pending: false },
          error: `search failed: ${errorMessage(e)}`,
        });
      }
    }
  }

  private cacheError(): string | null {
    const e = this.cache.error ?? this.picks.error;
    return e === null ? null : `could not load records: ${e}`;
  }

  private update(patch: Partial<SessionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.notify();
  }

  /** As update, but listeners hear of it before the next frame, with whatever else changed by then. */
  private updateSoon(patch: Partial<SessionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    const nextFrame = this.nextFrame;
    if (nextFrame === undefined) return this.notify();
    if (this.frameDue) return;
    this.frameDue = true;
    const tell = (): void =>
      nextFrame(() => {
        // A change told at once since has told this one too; a second telling would cost nothing but time.
        if (this.frameDue) this.notify();
      });
    const now = this.now();
    const wait = now - this.scrolledAt < SCROLLING_MS ? this.toldAt + this.scrollingGapMs - now : 0;
    if (wait > 0) setTimeout(tell, wait);
    else tell();
  }

  private notify(): void {
    this.frameDue = false;
    this.toldAt = this.now();
    for (const listener of this.listeners) listener();
  }
}

/**
 * The session's connections as they opened, not as its records first mentioned them: the views that
 * list connections (the filter's picker, the analyses' picker, findings) keep c1 before c2.
 */
function inOpenOrder(info: SessionInfo): SessionInfo {
  return { ...info, connections: [...info.connections].sort(compareConnections) };
}

function defaultNextFrame(): ((run: () => void) => void) | undefined {
  if (typeof requestAnimationFrame !== 'function') return undefined;
  return (run) => requestAnimationFrame(() => run());
}
