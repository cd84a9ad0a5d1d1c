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
export function playbackTimes(records: Iterable<SessionRecord>, findings: readonly Finding[]): PlaybackTimes {
  const reader = new PlaybackTimesReader(findings);
  for (const r of records) reader.push(r);
  return reader.result();
}

/** playbackTimes one record at a time: a second pass over records too many to hold. */
export class PlaybackTimesReader {
  private readonly wanted = new Set<number>();
  private readonly frames = new Map<number, number>();
  private readonly unframed: number[] = [];
  private start: number | null = null;

  constructor(findings: readonly Finding[]) {
    for (const f of findings) if (f.frame !== null) this.wanted.add(f.frame);
  }

  push(r: SessionRecord): void {
    this.start ??= r.t;
    if (r.frame === undefined) {
      if (!isLifecycle(r)) return;
      if (r.error !== undefined) this.unframed.push(r.t);
      if (r.event === 'transport-error') this.unframed.push(r.t);
    } else if (this.wanted.has(r.frame) && !this.frames.has(r.frame)) this.frames.set(r.frame, r.t);
  }

  result(): PlaybackTimes {
    return {
      start: this.start,
      frames: [...this.frames].sort((a, b) => a[0] - b[0]),
      unframed: this.unframed,
    };
  }
}

/** When the records show the frame came; null for a frame no finding names. */
export function frameTime(times: PlaybackTimes, frame: number): number | null {
  const { frames } = times;
  let lo = 0;
  let hi = frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const [f, t] = frames[mid] as readonly [number, number];
    if (f === frame) return t;
    if (f < frame) lo = mid + 1;
    else hi = mid;
  }
  return null;
}
