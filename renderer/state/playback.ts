// Offline playback of a saved session, the pure part: where the playhead is (a time on the records' own
// `t` clock and how many records are at or before it), how it moves with the speed, and up to when the
// analysis views show the session (what they show then: shared/analysis/playback-analysis.ts). Records
// of a file are in time order, so "records up to t" is a prefix of the list.
import { lowerBound, type RowMap } from './row-map';

export interface Playhead {
  /** On the records' clock (ms, as in `SessionRecord.t`). */
  readonly time: number;
  /** Records with t ≤ time: the timeline shows rows for records [0, count). */
  readonly count: number;
  readonly playing: boolean;
  readonly speed: number;
  /** t of the first and the last record: the scrubber's range. */
  readonly start: number;
  readonly end: number;
}

export const PLAYBACK_SPEEDS = [0.25, 0.5, 1, 2, 5, 10] as const;
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 10;

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** The playhead after `elapsedMs` of wall time at `speed`, stopped at `end`. */
export function advanceTime(time: number, elapsedMs: number, speed: number, end: number): number {
  return Math.min(end, time + Math.max(0, elapsedMs) * clampSpeed(speed));
}

/** Wall time until the record clock reaches `next` at `speed`; 0 when it already has. */
export function wallDelay(time: number, next: number, speed: number): number {
  return Math.max(0, (next - time) / clampSpeed(speed));
}

/** How many of the ascending `times` are ≤ `time` (synchronous twin of countAtOrBefore). */
export function countUpTo(times: ArrayLike<number>, time: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** countUpTo over records read on demand (`timeAt` pages them in): O(log total) reads. */
export async function countAtOrBefore(
  total: number,
  timeAt: (index: number) => Promise<number>,
  time: number,
): Promise<number> {
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((await timeAt(mid)) <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The timeline rows of records before `count`. */
export function clipRows(rows: RowMap, count: number): RowMap {
  if (rows.kind === 'all') return { kind: 'all', count: Math.min(rows.count, count) };
  return { kind: 'filtered', indices: rows.indices.subarray(0, lowerBound(rows.indices, count)) };
}

/**
 * The time the analysis views show the session up to: null when they show all of it (no playhead, or
 * every record played); before the first record, a time before anything happened.
 */
export function analysisTime(head: Playhead | null, total: number): number | null {
  if (head === null || head.count >= total) return null;
  return head.count === 0 ? Number.NEGATIVE_INFINITY : head.time;
}
