// Filters (they hide rows; evaluated on the Node side) and search (it marks rows and steps through
// them). Text fields apply after a short pause in typing, so a million-record scan does not run per key.
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { EIO_PACKET_TYPES, SIO_PACKET_TYPES } from '../../../shared/record';
import { activeFilterCount, EMPTY_FILTER, toggle, type FilterForm } from '../../state/filter-state';
import { rowCount } from '../../state/row-map';
import type { ScanProgress, SessionSnapshot, SessionStore } from '../../state/session-store';
import './timeline.css';

const TYPING_PAUSE_MS = 250;

export function FilterBar({ store, snap }: { readonly store: SessionStore; readonly snap: SessionSnapshot }) {
  const { filter } = snap;
  const count = rowCount(snap.rows);
  const filtered = snap.rows.kind === 'filtered';
  return (
    <div className="filter-bar" role="toolbar" aria-label="Filters">
      <FilterFields
        store={store}
        filter={filter}
        connections={snap.info.connections}
        unlisted={unlistedConnections(snap.info)}
      />
      <span className="filter-status" data-testid="row-count">
        {snap.filterPending
          ? `filtering…${scanShare(snap.filterScan, snap.total)}`
          : snap.filterScan?.stopped === true
            ? `${count.toLocaleString()} in the first ${snap.filterScan.scanned.toLocaleString()} of ${snap.total.toLocaleString()} (stopped)`
            : filtered
              ? `${count.toLocaleString()} of ${snap.total.toLocaleString()}`
              : `${snap.total.toLocaleString()}`}
      </span>
      {snap.filterPending && snap.filterScan !== undefined && (
        <StopButton what="filtering" onStop={() => store.stopFilter()} testId="filter-stop" />
      )}
      <span className="spacer" />
      <SearchBox store={store} snap={snap} />
      {snap.info.kind === 'live' && (
        <button
          className={`button toggle${snap.follow ? ' active' : ''}`}
          aria-pressed={snap.follow}
          title="Follow new records (f)"
          data-testid="follow-toggle"
          onClick={() => store.setFollow(!snap.follow)}
        >
          ⤓ Follow
        </button>
      )}
    </div>
  );
}

/**
 * The filter's own controls. A live session re-renders the bar with every batch of records for its
 * counts; these change only with the filter, so they skip those renders (and the DOM writes React makes
 * to every input it re-renders).
 */
const FilterFields = memo(function FilterFields({
  store,
  filter,
  connections,
  unlisted,
}: {
  readonly store: SessionStore;
  readonly filter: FilterForm;
  readonly connections: readonly string[];
  /** What the list leaves out ("2,500 more"), '' when nothing. */
  readonly unlisted: string;
}) {
  const set = useCallback(
    (patch: Partial<FilterForm>): void => store.setFilter({ ...store.getSnapshot().filter, ...patch }),
    [store],
  );
  return (
    <>
      <div className="segmented" role="group" aria-label="Direction">
        {(['all', 'out', 'in'] as const).map((d) => (
          <button
            key={d}
            className={filter.dir === d ? 'active' : ''}
            aria-pressed={filter.dir === d}
            data-testid={`filter-dir-${d}`}
            onClick={() => set({ dir: d })}
          >
            {d === 'all' ? 'Both' : d === 'out' ? '→ Out' : '← In'}
          </button>
        ))}
      </div>
      {connections.length > 1 && (
        <select
          className="input input-narrow"
          aria-label="Connection"
          value={filter.conn}
          onChange={(e) => set({ conn: e.currentTarget.value })}
          data-testid="filter-conn"
        >
          <option value="">All connections</option>
          {connections.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
          {filter.conn !== '' && !connections.includes(filter.conn) && (
            <option value={filter.conn}>{filter.conn}</option>
          )}
          {unlisted !== '' && (
            <option disabled data-testid="filter-conn-unlisted">
              and {unlisted} more: type an id beside
            </option>
          )}
        </select>
      )}
      {unlisted !== '' && (
        <DebouncedInput
          className="input input-narrow"
          placeholder="Connection id"
          value={filter.conn}
          onChange={(conn) => set({ conn })}
          testId="filter-conn-id"
        />
      )}
      <TypeMenu filter={filter} onChange={set} />
      <DebouncedInput
        className="input input-narrow"
        placeholder="Namespace"
        value={filter.nsp}
        onChange={(nsp) => set({ nsp })}
        testId="filter-nsp"
      />
      <DebouncedInput
        className="input input-narrow"
        placeholder="Event"
        value={filter.event}
        onChange={(event) => set({ event })}
        testId="filter-event"
      />
      <DebouncedInput
        className="input"
        placeholder="Filter text"
        value={filter.text}
        onChange={(text) => set({ text })}
        testId="filter-text"
      />
      <label className="check">
        <input
          type="checkbox"
          checked={filter.hideHeartbeats}
          onChange={(e) => set({ hideHeartbeats: e.currentTarget.checked })}
          data-testid="filter-hide-heartbeats"
        />
        Hide heartbeats
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={filter.errorsOnly}
          onChange={(e) => set({ errorsOnly: e.currentTarget.checked })}
          data-testid="filter-errors"
        />
        Errors only
      </label>
      {activeFilterCount(filter) > 0 && (
        <button
          className="button button-quiet"
          onClick={() => store.setFilter(EMPTY_FILTER)}
          data-testid="filter-clear"
        >
          Clear
        </button>
      )}
    </>
  );
});

function TypeMenu({
  filter,
  onChange,
}: {
  readonly filter: FilterForm;
  readonly onChange: (patch: Partial<FilterForm>) => void;
}) {
  const n = filter.eioTypes.length + filter.sioTypes.length;
  return (
    <details className="menu">
      <summary className="button" data-testid="filter-types">
        Types{n > 0 ? ` (${n})` : ''} ▾
      </summary>
      <div className="menu-panel">
        <TypeChecks
          legend="Engine.IO"
          layer="eio"
          types={EIO_PACKET_TYPES}
          checked={filter.eioTypes}
          onChange={(eioTypes) => onChange({ eioTypes })}
        />
        <TypeChecks
          legend="Socket.IO"
          layer="sio"
          types={SIO_PACKET_TYPES}
          checked={filter.sioTypes}
          onChange={(sioTypes) => onChange({ sioTypes })}
        />
      </div>
    </details>
  );
}

/** One layer's packet types as checkboxes (data-testid `filter-<layer>-<type>`). */
function TypeChecks<T extends string>({
  legend,
  layer,
  types,
  checked,
  onChange,
}: {
  readonly legend: string;
  readonly layer: 'eio' | 'sio';
  readonly types: readonly T[];
  readonly checked: readonly T[];
  readonly onChange: (checked: T[]) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {types.map((t) => (
        <label key={t} className="check">
          <input
            type="checkbox"
            checked={checked.includes(t)}
            onChange={() => onChange(toggle(checked, t))}
            data-testid={`filter-${layer}-${t}`}
          />
          {t}
        </label>
      ))}
    </fieldset>
  );
}

function SearchBox({ store, snap }: { readonly store: SessionStore; readonly snap: SessionSnapshot }) {
  const input = useRef<HTMLInputElement>(null);
  const { hits, pending, text } = snap.search;
  useEffect(() => {
    // `/` focuses search, as in less, vim and most debuggers.
    const onKey = (e: globalThis.KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      const typing =
        target !== null &&
        (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (e.key === '/' && !typing) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const onChange = useCallback((t: string) => store.setSearch(t), [store]);
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        store.setSearch(e.currentTarget.value);
        store.searchStep(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        // Done searching: the keys go back to the list, to move on from the match.
        e.currentTarget
          .closest('.timeline-view')
          ?.querySelector<HTMLElement>('[data-testid=timeline]')
          ?.focus();
      }
    },
    [store],
  );
  const position = hits === null || snap.selected === null ? 0 : hitPosition(hits, snap.selected);
  return (
    <div className="search" role="search">
      <DebouncedInput
        inputRef={input}
        className="input"
        placeholder="Search  /"
        value={text}
        onChange={onChange}
        testId="search-input"
        onKeyDown={onKeyDown}
      />
      <span className="search-count" data-testid="search-count">
        {pending
          ? `…${scanShare(snap.search.scan, snap.total)}`
          : hits === null
            ? ''
            : hits.length === 0
              ? 'no match'
              : `${position > 0 ? `${position} / ` : ''}${hits.length.toLocaleString()}${snap.search.scan?.stopped === true ? ' (stopped)' : ''}`}
      </span>
      {pending && snap.search.scan !== undefined && (
        <StopButton what="searching" onStop={() => store.stopSearch()} testId="search-stop" />
      )}
      <button
        className="icon-button"
        title="Previous match (Shift+Enter)"
        aria-label="Previous match"
        data-testid="search-prev"
        disabled={hits === null || hits.length === 0}
        onClick={() => store.searchStep(-1)}
      >
        ↑
      </button>
      <button
        className="icon-button"
        title="Next match (Enter)"
        aria-label="Next match"
        data-testid="search-next"
        disabled={hits === null || hits.length === 0}
        onClick={() => store.searchStep(1)}
      >
        ↓
      </button>
    </div>
  );
}

/** 1-based position of `index` among the hits, 0 when it is not one. */
function hitPosition(hits: Uint32Array, index: number): number {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((hits[mid] as number) < index) lo = mid + 1;
    else hi = mid;
  }
  return hits[lo] === index ? lo + 1 : 0;
}

interface DebouncedInputProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly placeholder: string;
  readonly className: string;
  readonly testId: string;
  readonly inputRef?: RefObject<HTMLInputElement | null>;
  readonly onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
}

/** Memoized: the search box re-renders with every batch of a live session, its input need not. */
const DebouncedInput = memo(function DebouncedInput({
  value,
  onChange,
  placeholder,
  className,
  testId,
  inputRef,
  onKeyDown,
}: DebouncedInputProps) {
  const [draft, setDraft] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** The change still waiting for the typing pause. */
  const pending = useRef<(() => void) | null>(null);
  useEffect(() => setDraft(value), [value]);
  // Leaving the view (another tab, another session) applies what was typed rather than losing it.
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      pending.current?.();
    },
    [],
  );
  return (
    <input
      ref={inputRef}
      className={className}
      placeholder={placeholder}
      aria-label={placeholder}
      value={draft}
      spellCheck={false}
      data-testid={testId}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setDraft(next);
        if (timer.current !== null) clearTimeout(timer.current);
        pending.current = () => {
          pending.current = null;
          timer.current = null;
          onChange(next);
        };
        timer.current = setTimeout(() => pending.current?.(), TYPING_PAUSE_MS);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          if (timer.current !== null) clearTimeout(timer.current);
          pending.current = null;
          setDraft('');
          onChange('');
        }
        onKeyDown?.(e);
      }}
    />
  );
});

/** The connections a session's info leaves out of its list, in words ("2,500"), '' when none. */
function unlistedConnections(info: SessionSnapshot['info']): string {
  const n = info.unlistedConnections;
  if (n === undefined || n <= 0) return '';
  return info.unlistedAtLeast === true ? `over ${n.toLocaleString()}` : n.toLocaleString();
}

/** How far a scan got, as a share of the session (" 42%"): "" until the first slice answers. */
function scanShare(scan: ScanProgress | undefined, total: number): string {
  if (scan === undefined || total === 0) return '';
  return ` ${Math.floor((scan.scanned / total) * 100)}%`;
}

/** Ends a long scan, keeping what it found so far. */
function StopButton(props: { readonly what: string; readonly onStop: () => void; readonly testId: string }) {
  return (
    <button
      className="button button-quiet"
      title={`Stop ${props.what}: keep what was found so far`}
      onClick={props.onStop}
      data-testid={props.testId}
    >
      Stop
    </button>
  );
}
