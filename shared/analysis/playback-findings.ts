// The findings of a connection as an analysis of the records up to the playhead states them, derived
// from the whole session's analysis. Three kinds, by how the analyses decide them:
// - what a record shows (a decode error, a refusal, a duplicate ACK...): from the time of the record
//   the finding points at (playback-times.ts);
// - a heartbeat deadline that passed with nothing coming: from the moment the playhead passes it,
//   judged again at the playhead over the heartbeat as it stood then (its message names the wait so far);
// - something that never came and has no deadline (an ack or a CONNECT never answered, an upgrade never
//   finished, no open packet at all): only the end of the records says so. Mid-session it is under way.
// Two messages count what came up to the end (EVENT_BEFORE_CONNECT, PACKET_AFTER_CLOSE): those show
// from their first packet with the whole session's count.
import { deadlineFindings } from './heartbeat';
import { sortFindings, type Finding } from './findings';
import type { ConnectionAnalysis } from './summary';
import { heartbeatAt } from './playback-analysis';
import { frameTime } from './playback-times';

/** Findings only the end of the records decides: none of them shows mid-session. */
export function saidAtTheEnd(f: Finding): boolean {
  switch (f.code) {
    case 'ACK_UNANSWERED':
    case 'CONNECT_UNANSWERED':
    case 'UPGRADE_INCOMPLETE':
      return true;
    case 'HANDSHAKE_MISSING':
      // With a frame it names the server's first packet, which was not an open: that record shows it.
      return f.frame === null;
    default:
      return false;
  }
}

/** In the summary's order (frame order, frameless last); the whole session's list when `time` is null. */
export function findingsAt(a: ConnectionAnalysis, time: number | null): readonly Finding[] {
  if (time === null) return a.summary.findings;
  const { heartbeat, acks } = a;
  const end = heartbeat.end;
  // The analysis said its deadline findings last, judged at its end; they are judged again below.
  const heartbeatSaid = heartbeat.findings.slice(0, heartbeat.findings.length - heartbeat.judgedAtEnd);
  const own = new Set([...heartbeat.findings, ...acks.findings].map((f) => f.code));
  const due = dueBy(a, time);
  const hb = heartbeatAt(a, time);
  const now = end === null ? time : Math.min(time, end);
  // sortFindings is stable: grouped as the summary concatenates them, findings of one frame keep its order.
  return sortFindings([
    ...a.summary.findings.filter((f) => !own.has(f.code)).filter(due),
    ...heartbeatSaid.filter(due),
    ...deadlineFindings({ series: hb.series, summary: hb.summary, silences: heartbeat.silences }, now),
    ...acks.findings.filter(due),
  ]);
}

/**
 * A filter for findings that a record had shown by `time`. Stateful: frameless wire findings are
 * matched to the frameless lifecycle records in order, so it must see a list's findings in order.
 */
function dueBy(a: ConnectionAnalysis, time: number): (f: Finding) => boolean {
  let unframed = 0;
  return (f) => {
    if (saidAtTheEnd(f)) return false;
    let t: number | null | undefined;
    if (f.frame !== null) t = frameTime(a.times, f.frame);
    else if (f.code === 'DECODE_ERROR' || f.code === 'TRANSPORT_ERROR') t = a.times.unframed[unframed++];
    else if (f.code === 'UPGRADE_NOT_OFFERED') t = upgradeStart(a);
    return t !== null && t !== undefined && t <= time;
  };
}

/** The websocket opening (recorded without a frame) that started the upgrade, or its 2probe. */
function upgradeStart(a: ConnectionAnalysis): number | null {
  const { steps, upgrade } = a.sequence;
  const index = upgrade.wsOpen ?? upgrade.probe;
  return index === null ? null : (steps[index]?.t ?? null);
}
