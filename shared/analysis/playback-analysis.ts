// What the analysis views show with the playhead mid-session: the connections, the sequence, the
// heartbeat and a connection's facts as they stood at a time on the records' clock, derived from the
// whole session's analysis (the findings: playback-findings.ts, the acks: playback-acks.ts). Every
// sequence step and heartbeat ping carries its time, every pong its latency, the close and each
// refusal theirs, so "as of t" is a filter over them: cheap on every tick of a 10x playback, where
// analysing the records up to the playhead again would walk all of them on the Node side each time.
// `time` null: the whole session, as analysed (no playhead, or every record played).
import { closeAt } from './close';
import type { OpenPacket } from './handshake';
import type { HeartbeatAnalysis, HeartbeatPoint } from './heartbeat';
import type { NamespaceStatus } from './namespaces';
import type { SequenceAnalysis, SequenceStep, UpgradeSteps } from './sequence';
import { elapsed, stats } from './stats';
import { analyzeUpgrade } from './upgrade';
import type { ConnectionAnalysis, ConnectionSummary } from './summary';

/** What the sequence tab says about a connection above its diagram. */
export interface ConnectionFacts extends Pick<
  ConnectionSummary,
  'eio' | 'eioSource' | 'sid' | 'transport' | 'upgrade' | 'namespaces' | 'closeReason'
> {
  /** The records' last word: an upgrade that did not complete has stopped (mid-session it may be under way). */
  readonly settled: boolean;
}

/** What the heartbeat tab draws: the pings and the figures over them. */
export type HeartbeatShown = Pick<HeartbeatAnalysis, 'series' | 'summary'>;

/** The connections that had started by `time`, in the order they did. */
export function connectionsAt(
  analyses: readonly ConnectionAnalysis[],
  time: number | null,
): readonly ConnectionAnalysis[] {
  if (time === null) return analyses;
  return analyses.filter((a) => a.times.start !== null && a.times.start <= time);
}

/** The Engine.IO sid once the handshake that gave it had come. */
export function sidAt(a: ConnectionAnalysis, time: number | null): string | null {
  return time === null || openAt(a, time) !== null ? a.summary.sid : null;
}

/** The diagram up to `time`: later steps have not happened, nor has a reply that is only not here yet. */
export function sequenceAt(seq: SequenceAnalysis, time: number | null): SequenceAnalysis {
  if (time === null) return seq;
  const steps = seq.steps.filter((s) => s.t <= time);
  const within = (i: number | null): number | null => (i !== null && i < steps.length ? i : null);
  // A failed step is a stop that has happened; a step still to come ("never came") is not one yet.
  const stop = seq.stoppedAt;
  const failed = stop !== null && stop.expected === null && within(stop.index) !== null;
  const upgrade: UpgradeSteps = {
    wsOpen: within(seq.upgrade.wsOpen),
    probe: within(seq.upgrade.probe),
    probeAnswer: within(seq.upgrade.probeAnswer),
    noop: within(seq.upgrade.noop),
    upgrade: within(seq.upgrade.upgrade),
  };
  return { steps, stoppedAt: failed ? stop : null, upgrade };
}

/** The pings up to `time`, each as it stood then, and the figures counted over those alone. */
export function heartbeatAt(a: ConnectionAnalysis, time: number | null): HeartbeatShown {
  const hb = a.heartbeat;
  if (time === null) return hb;
  // What a long unanswered run gave up on lies past the series, so never before a playhead in it.
  const { dropped: _dropped, unmeasured: _unmeasured, unjudged: _unjudged, ...summary } = hb.summary;
  const series: HeartbeatPoint[] = [];
  for (const p of hb.series) {
    // Pings are in time order.
    if (p.t > time) break;
    series.push(pointAt(p, time, summary.pingTimeout));
  }
  const negotiated = openAt(a, time) !== null;
  return {
    series,
    summary: {
      ...summary,
      pingInterval: negotiated ? summary.pingInterval : null,
      pingTimeout: negotiated ? summary.pingTimeout : null,
      pings: series.length,
      intervalMs: stats(series.flatMap((p) => p.intervalMs ?? [])),
      pongLatencyMs: stats(series.flatMap((p) => p.pongLatencyMs ?? [])),
      late: series.filter((p) => p.late).length,
      missed: series.filter((p) => p.missed).length,
    },
  };
}

export function connectionFactsAt(a: ConnectionAnalysis, time: number | null): ConnectionFacts {
  const s = a.summary;
  const { eio, eioSource } = s;
  if (time === null) {
    const { sid, transport, upgrade, namespaces, closeReason } = s;
    return { eio, eioSource, sid, transport, upgrade, namespaces, closeReason, settled: true };
  }
  const open = openAt(a, time);
  const sequence = sequenceAt(a.sequence, time);
  // The same reading of the steps as the whole session's (summary.ts), over the steps so far.
  const { findings: _findings, ...upgrade } = analyzeUpgrade(sequence, a.handshake.handshake);
  return {
    eio,
    eioSource,
    sid: open === null ? null : s.sid,
    transport: upgrade.completed ? 'websocket' : (open?.transport ?? null),
    upgrade,
    namespaces: namespacesAt(a, sequence.steps),
    closeReason: closeAt(a.close, time).reason,
    settled: false,
  };
}

/** The server's open packet if it came by `time`: the handshake's figures are known from then on. */
function openAt(a: ConnectionAnalysis, time: number): OpenPacket | null {
  const open = a.handshake.open;
  return open !== null && open.t <= time ? open : null;
}

/** A ping as it stood at `time`: its pong not here yet, its pingTimeout not over yet. */
function pointAt(p: HeartbeatPoint, time: number, timeout: number | null): HeartbeatPoint {
  // Latencies are rounded by `elapsed`: the same rounding makes the pong's own time count as arrived.
  const answered = p.pongLatencyMs !== null && elapsed(p.t, time) >= p.pongLatencyMs;
  // A ping is missed once its pingTimeout is over unanswered, which a late pong comes after too.
  const missed = p.missed && timeout !== null && time > p.t + timeout;
  if (answered === (p.pongLatencyMs !== null) && missed === p.missed) return p;
  return answered ? { ...p, missed } : { ...p, pongLatencyMs: null, pongFrame: null, missed };
}

/**
 * Each namespace as its CONNECT exchange so far left it; one only ever seen in events (no CONNECT
 * step, so no time) shows once the session has played.
 */
function namespacesAt(a: ConnectionAnalysis, steps: readonly SequenceStep[]): NamespaceStatus[] {
  const now = lastStepOfEach(steps);
  const end = lastStepOfEach(a.sequence.steps);
  return a.summary.namespaces.flatMap((final) => {
    const step = now.get(final.nsp);
    return step === undefined ? [] : [statusAt(a, final, step, step === end.get(final.nsp))];
  });
}

function lastStepOfEach(steps: readonly SequenceStep[]): Map<string, SequenceStep> {
  const last = new Map<string, SequenceStep>();
  for (const step of steps) if (step.nsp !== undefined) last.set(step.nsp, step);
  return last;
}

/** `last`: the step is the namespace's last one, so the final status (its sid) is this step's. */
function statusAt(
  a: ConnectionAnalysis,
  final: NamespaceStatus,
  step: SequenceStep,
  last: boolean,
): NamespaceStatus {
  const { nsp } = final;
  if (step.dir === 'out') return { nsp, connected: false };
  if (step.ok) return { nsp, connected: true, ...(last && final.sid !== undefined && { sid: final.sid }) };
  const refusal = a.refusals.find((r) => r.frame === step.frame && r.nsp === nsp);
  return { nsp, connected: false, error: refusal?.error ?? { message: 'refused' } };
}
