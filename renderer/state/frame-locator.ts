// Finds the record of a wire frame (findings and acks name frames; the timeline selects records).
// Frames are numbered in arrival order across the session and records are stored in that order, give or
// take binary attachments held back until complete, so a binary search over pages lands next to it and a
// scan of that page and its neighbours finds it.
import type { RecordHint } from '../../shared/analysis/record-hint';
import type { SessionRecord } from '../../shared/record';

/** A link from a view to a wire frame (a finding's, an ack's, a sequence step's), shown in the timeline. */
export interface FrameLink {
  readonly frame: number;
  readonly conn?: string;
  /** Which packet of the frame is meant, when it holds several. */
  readonly hint?: RecordHint;
}

export type PageLoader = (page: number) => Promise<readonly SessionRecord[]>;

export interface FrameTarget {
  readonly frame: number;
  readonly conn?: string;
  /** A frame can hold several records (a polling payload): the one to pick, else the first. */
  readonly prefer?: (record: SessionRecord) => boolean;
}

export async function locateFrame(
  load: PageLoader,
  total: number,
  pageSize: number,
  target: FrameTarget,
): Promise<number | undefined> {
  const pages = Math.ceil(total / pageSize);
  if (pages === 0) return undefined;
  let lo = 0;
  let hi = pages - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    const first = firstFrame(await load(mid));
    // A page with no framed record says nothing; search below it.
    if (first !== undefined && first <= target.frame) lo = mid;
    else hi = mid - 1;
  }
  let first: number | undefined;
  for (const page of [lo - 1, lo, lo + 1]) {
    if (page < 0 || page >= pages) continue;
    const records = await load(page);
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as SessionRecord;
      if (r.frame !== target.frame || (target.conn !== undefined && r.conn !== target.conn)) continue;
      if (target.prefer === undefined || target.prefer(r)) return page * pageSize + i;
      first ??= page * pageSize + i;
    }
  }
  return first;
}

function firstFrame(records: readonly SessionRecord[]): number | undefined {
  for (const r of records) if (r.frame !== undefined) return r.frame;
  return undefined;
}
