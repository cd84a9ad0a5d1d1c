// The ack pairs and their figures as they stood at the playhead, derived from the whole session's
// analysis: a request shows once it was sent, its answer once that came. Until the records end, a
// request without an answer is waiting, not unanswered: the answer may still come.
import { summarizeAcks, type AckPair, type AckSummary } from './acks';
import type { ConnectionAnalysis } from './summary';
import { frameTime } from './playback-times';

export interface AcksShown {
  /** In request order. */
  readonly pairs: readonly AckPair[];
  /** `unanswered` counts only once the records have ended: mid-session those are `waiting`. */
  readonly summary: AckSummary;
  /** Requests with no answer by the playhead. */
  readonly waiting: number;
}

export function acksAt(a: ConnectionAnalysis, time: number | null): AcksShown {
  if (time === null) return { pairs: a.acks.pairs, summary: a.acks.summary, waiting: 0 };
  const came = (frame: number): boolean => (frameTime(a.times, frame) ?? Number.POSITIVE_INFINITY) <= time;
  const pairs: AckPair[] = [];
  for (const p of a.acks.pairs) {
    // Requests are in time order.
    if (p.t > time) break;
    pairs.push(pairAt(p, time, came));
  }
  const unknown = a.acks.findings.filter(
    (f) => f.code === 'ACK_UNKNOWN' && f.frame !== null && came(f.frame),
  );
  const summary = summarizeAcks(pairs, unknown.length);
  return { pairs, summary: { ...summary, unanswered: 0 }, waiting: summary.unanswered };
}

function pairAt(p: AckPair, time: number, came: (frame: number) => boolean): AckPair {
  if (p.ackT === null || p.ackT > time) {
    return p.ackT === null
      ? p
      : { ...p, ackT: null, ackFrame: null, latencyMs: null, duplicateFrames: [], answer: null };
  }
  const duplicateFrames = p.duplicateFrames.filter(came);
  return duplicateFrames.length === p.duplicateFrames.length ? p : { ...p, duplicateFrames };
}
