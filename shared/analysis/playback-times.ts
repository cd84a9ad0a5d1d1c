// When the things a connection's analysis names happened, where the analysis itself gives no time:
// the connection's first record, and the records its findings point at. Offline playback shows the
// analysis as it stood at its playhead with these, without analysing the records up to it again.
import type { SessionRecord } from '../record';
import { isLifecycle } from '../record';
import type { Finding } from './findings';

export interface PlaybackTimes {
  /** t of the connection's first record: before it, the connection is not in the session. */
  readonly start: number | null;
  /** `[frame, t]` of every frame a finding points at, by frame. */
  readonly frames: readonly (readonly [number, number])[];
  /**
   * t of each lifecycle record without a frame that gave a finding (its decode error, its transport
   * error), one entry per finding, in record order: the order of the frameless wire findings.
   */
  readonly unframed: readonly number[];
}

/** `records`: one connection's, in time order; `findings`: its analysis's. */
export function playbackTimes(
  records: readonly SessionRecord[],
  findings: readonly Finding[],
): PlaybackTimes {
  const wanted = new Set<number>();
  for (const f of findings) if (f.frame !== null) wanted.add(f.frame);
  const frames = new Map<number, number>();
  const unframed: number[] = [];
  for (const r of records) {
    if (r.frame === undefined) {
      if (!isLifecycle(r)) continue;
      if (r.error !== undefined) unframed.push(r.t);
      if (r.event === 'transport-error') unframed.push(r.t);
    } else if (wanted.has(r.frame) && !frames.has(r.frame)) frames.set(r.frame, r.t);
  }
  return {
    start: records[0]?.t ?? null,
    frames: [...frames].sort((a, b) => a[0] - b[0]),
    unframed,
  };
}
