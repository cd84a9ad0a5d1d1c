// What the filter bar holds, and the RecordFilter it stands for. Evaluation happens on the Node side
// (sessions.filter); here is only the form, so "no filter" can be told apart from "a filter that
// happens to match everything" without a round trip.
import type { RecordFilter } from '../../shared/bridge/api';
import type { EioPacketType, SioPacketType } from '../../shared/record';

export interface FilterForm {
  readonly dir: 'all' | 'in' | 'out';
  readonly conn: string;
  readonly eioTypes: readonly EioPacketType[];
  readonly sioTypes: readonly SioPacketType[];
  readonly nsp: string;
  readonly event: string;
  readonly text: string;
  readonly hideHeartbeats: boolean;
  readonly errorsOnly: boolean;
}

export const EMPTY_FILTER: FilterForm = {
  dir: 'all',
  conn: '',
  eioTypes: [],
  sioTypes: [],
  nsp: '',
  event: '',
  text: '',
  hideHeartbeats: false,
  errorsOnly: false,
};

/** The filter to send, or null when the form filters nothing (every record is a row). */
export function toRecordFilter(form: FilterForm): RecordFilter | null {
  const filter: { -readonly [K in keyof RecordFilter]: RecordFilter[K] } = {};
  if (form.dir !== 'all') filter.dir = form.dir;
  if (form.conn.trim() !== '') filter.conn = form.conn.trim();
  if (form.eioTypes.length > 0) filter.eioTypes = form.eioTypes;
  if (form.sioTypes.length > 0) filter.sioTypes = form.sioTypes;
  if (form.nsp.trim() !== '') filter.nsp = form.nsp.trim();
  if (form.event.trim() !== '') filter.event = form.event.trim();
  if (form.text.trim() !== '') filter.text = form.text.trim();
  if (form.hideHeartbeats) filter.hideHeartbeats = true;
  if (form.errorsOnly) filter.errorsOnly = true;
  return Object.keys(filter).length === 0 ? null : filter;
}

/** How many fields of the form are set, for the "filters (3)" badge. */
export function activeFilterCount(form: FilterForm): number {
  const f = toRecordFilter(form);
  return f === null ? 0 : Object.keys(f).length;
}

/** Stable key of a filter, to tell whether an answer still matches the form that asked for it. */
export function filterKey(filter: RecordFilter | null): string {
  if (filter === null) return '';
  const sorted = Object.keys(filter)
    .sort()
    .map((k) => [k, filter[k as keyof RecordFilter]]);
  return JSON.stringify(sorted);
}

export function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}
