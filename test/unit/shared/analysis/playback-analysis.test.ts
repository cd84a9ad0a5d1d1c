// The analysis views during playback are derived from the whole session's analysis; at every record's
// time they must say what an analysis of only the records up to then says. Checked on the recorded
// sessions (socket.io 4, socket.io 2, python-socketio) and on a made-up one with what those lack: a
// missed pong, a pong past pingTimeout, a late ping, a namespace refused twice that later connects,
// acks answered, doubled, unknown and never answered, a websocket that closed while polling went on,
// a decode error, and a close packet the engine's closed record then names better.
import { describe, expect, it } from 'vitest';
import { analyzeSession, type ConnectionAnalysis } from '../../../../shared/analysis/summary';
import { decodeFrames, type FrameInput } from '../../../../shared/protocol/session-decoder';
import type { LifecycleRecord, SessionRecord } from '../../../../shared/record';
import { acksAt } from '../../../../shared/analysis/playback-acks';
import {
  connectionFactsAt,
  connectionsAt,
  heartbeatAt,
  sequenceAt,
  sidAt,
} from '../../../../shared/analysis/playback-analysis';
import { findingsAt, saidAtTheEnd } from '../../../../shared/analysis/playback-findings';
import { RECORDED_SESSIONS, recordedSession } from '../../../support/session-fixtures';

const open = (interval: number, timeout: number): string =>
  `0{"sid":"e1","upgrades":["websocket"],"pingInterval":${interval},"pingTimeout":${timeout}}`;

/** EIO 4 (the server pings), pingInterval 100 + pingTimeout 50: deadlines at 150 ms. */
const MADE_UP: FrameInput[] = [
  { t: 0, dir: 'in', transport: 'polling', text: open(100, 50) },
  { t: 1, dir: 'out', transport: 'polling', text: '40' },
  { t: 3, dir: 'in', transport: 'polling', text: '40{"sid":"s1"}' },
  { t: 5, dir: 'out', transport: 'polling', text: '40/admin,{"token":"wrong"}' },
  { t: 6, dir: 'in', transport: 'polling', text: '44/admin,{"message":"unauthorized"}' },
  { t: 10, dir: 'out', transport: 'websocket', text: '2probe' },
  { t: 12, dir: 'in', transport: 'websocket', text: '3probe' },
  // Answered at 40, and again at 45; the server answers an ack nobody asked for at 50.
  { t: 20, dir: 'out', transport: 'polling', text: '420["echo","a"]' },
  { t: 40, dir: 'in', transport: 'polling', text: '430["a"]' },
  { t: 45, dir: 'in', transport: 'polling', text: '430["a"]' },
  { t: 50, dir: 'in', transport: 'polling', text: '431["x"]' },
  { t: 100, dir: 'in', transport: 'polling', text: '2' },
  { t: 105, dir: 'out', transport: 'polling', text: '3' },
  { t: 110, dir: 'in', transport: 'polling', text: '425["ask"]' },
  { t: 140, dir: 'out', transport: 'polling', text: '435["ok"]' },
  { t: 200, dir: 'in', transport: 'polling', text: '2' },
  // No pong for the ping at 200 by 250: missed once this record shows the time went by.
  { t: 260, dir: 'in', transport: 'polling', text: '42["tick"]' },
  { t: 270, dir: 'in', transport: 'polling', text: '42["broken"' },
  { t: 300, dir: 'in', transport: 'polling', text: '2' },
  // Answers the ping at 200 (pongs go in order), 130 ms after it: past pingTimeout.
  { t: 330, dir: 'out', transport: 'polling', text: '3' },
  { t: 331, dir: 'out', transport: 'polling', text: '3' },
  { t: 410, dir: 'out', transport: 'polling', text: '40/admin,{"token":"old"}' },
  { t: 412, dir: 'in', transport: 'polling', text: '44/admin,{"message":"expired"}' },
  { t: 420, dir: 'out', transport: 'websocket', text: '5' },
  { t: 430, dir: 'out', transport: 'websocket', text: '40/admin,{"token":"secret"}' },
  { t: 431, dir: 'in', transport: 'websocket', text: '40/admin,{"sid":"s2"}' },
  // Never answered: the records end first.
  { t: 500, dir: 'out', transport: 'websocket', text: '422["never"]' },
  // 300 ms since the last ping: late.
  { t: 600, dir: 'in', transport: 'websocket', text: '2' },
  { t: 602, dir: 'out', transport: 'websocket', text: '3' },
  { t: 700, dir: 'in', transport: 'websocket', text: '1' },
];

/** What the engine adds around the frames: the probe's websocket closing (polling goes on), the close. */
const MADE_UP_LIFECYCLE: LifecycleRecord[] = [
  { t: 15, conn: 'c1', event: 'ws-close', code: 1006 },
  { t: 710, conn: 'c1', event: 'closed', reason: 'io server disconnect' },
];

/** `lifecycle` merged into `records` by time, each after the records of its time. */
function withLifecycle(records: SessionRecord[], lifecycle: readonly LifecycleRecord[]): SessionRecord[] {
  const out = [...records];
  for (const l of lifecycle) {
    const at = out.findIndex((r) => r.t > l.t);
    out.splice(at === -1 ? out.length : at, 0, l);
  }
  return out;
}

const madeUp = (): SessionRecord[] => withLifecycle(decodeFrames(MADE_UP), MADE_UP_LIFECYCLE);

const SESSIONS: readonly (readonly [string, SessionRecord[]])[] = [
  ...RECORDED_SESSIONS.map((name) => [name, recordedSession(name)] as const),
  ['made up', madeUp()],
];

/** The one connection of `records`, analysed with the version the whole session settled on. */
function analyse(records: readonly SessionRecord[], whole?: ConnectionAnalysis): ConnectionAnalysis {
  const [a] = analyzeSession(records, whole === undefined ? {} : { eio: whole.summary.eio });
  if (a === undefined) throw new Error('no connection');
  return a;
}

describe.each(SESSIONS)('%s: at every record, what the records so far say', (_name, records) => {
  const whole = analyse(records);
  const times = [...new Set(records.map((r) => r.t))];
  const last = times[times.length - 1];

  it('has one connection and something to play', () => {
    expect(new Set(records.map((r) => r.conn)).size).toBe(1);
    expect(times.length).toBeGreaterThan(10);
  });

  it.each(times)('at %s ms', (time) => {
    const so = analyse(
      records.filter((r) => r.t <= time),
      whole,
    );

    const hb = heartbeatAt(whole, time);
    expect(hb.series).toEqual(so.heartbeat.series);
    expect(hb.summary).toEqual(so.heartbeat.summary);

    const seq = sequenceAt(whole.sequence, time);
    expect(seq.steps).toEqual(so.sequence.steps);
    expect(seq.upgrade).toEqual(so.sequence.upgrade);

    const facts = connectionFactsAt(whole, time);
    expect(facts.upgrade).toEqual(so.summary.upgrade);
    expect(facts.sid).toBe(so.summary.sid);
    expect(sidAt(whole, time)).toBe(so.summary.sid);
    expect(facts.transport).toBe(so.summary.transport);
    expect(facts.eio).toBe(whole.summary.eio);
    expect(facts.closeReason).toBe(so.summary.closeReason);
    // Connected, or refused with the reason of that refusal, as the records so far left it.
    const state = (n: (typeof facts.namespaces)[number]): string =>
      n.connected ? `${n.nsp} ✓ ${n.sid ?? ''}` : `${n.nsp} ${n.error?.message ?? '…'}`;
    expect(facts.namespaces.map(state)).toEqual(so.summary.namespaces.map(state));

    // Mid-session, what only the end of the records decides is not said yet; at the end the playback
    // shows the whole session (analysisTime: null).
    const at = time === last ? null : time;
    expect(findingsAt(whole, at)).toEqual(
      at === null ? so.summary.findings : so.summary.findings.filter((f) => !saidAtTheEnd(f)),
    );
    const acks = acksAt(whole, at);
    expect(acks.pairs).toEqual(so.acks.pairs);
    expect({ ...acks.summary, unanswered: acks.summary.unanswered + acks.waiting }).toEqual(so.acks.summary);
    if (at !== null) expect(acks.summary.unanswered).toBe(0);
  });
});

describe('the made-up session mid-way', () => {
  const whole = analyse(madeUp());

  it('shows nothing before the first record', () => {
    const facts = connectionFactsAt(whole, Number.NEGATIVE_INFINITY);
    expect(facts).toMatchObject({ sid: null, transport: null, namespaces: [], settled: false });
    expect(facts.upgrade.attempted).toBe(false);
    const hb = heartbeatAt(whole, Number.NEGATIVE_INFINITY);
    expect(hb.series).toEqual([]);
    expect(hb.summary).toMatchObject({ pingInterval: null, pingTimeout: null, pings: 0, late: 0, missed: 0 });
    expect(sequenceAt(whole.sequence, Number.NEGATIVE_INFINITY).steps).toEqual([]);
  });

  it('has the upgrade under way between the probe and the upgrade packet, with no stop drawn', () => {
    const facts = connectionFactsAt(whole, 300);
    expect(facts.upgrade).toMatchObject({
      attempted: true,
      completed: false,
      stoppedAt: '3probe',
      probeMs: 2,
    });
    expect(facts.transport).toBe('polling');
    expect(sequenceAt(whole.sequence, 300).stoppedAt).toBeNull();
    expect(connectionFactsAt(whole, 420).upgrade).toMatchObject({ completed: true, ms: 410 });
    expect(connectionFactsAt(whole, 420).transport).toBe('websocket');
  });

  it('names each refusal with its own reason, and the final connect with its sid', () => {
    expect(connectionFactsAt(whole, 4).namespaces).toEqual([{ nsp: '/', connected: true, sid: 's1' }]);
    expect(connectionFactsAt(whole, 5).namespaces[1]).toEqual({ nsp: '/admin', connected: false });
    expect(connectionFactsAt(whole, 6).namespaces[1]).toEqual({
      nsp: '/admin',
      connected: false,
      error: { message: 'unauthorized' },
    });
    expect(connectionFactsAt(whole, 412).namespaces[1]?.error).toEqual({ message: 'expired' });
    expect(connectionFactsAt(whole, 431).namespaces[1]).toEqual({
      nsp: '/admin',
      connected: true,
      sid: 's2',
    });
  });

  it('counts a pong only once it came, and a ping missed only once its pingTimeout is over', () => {
    const before = heartbeatAt(whole, 104).summary;
    expect(before).toMatchObject({ pings: 1, pongLatencyMs: { median: null, max: null } });
    expect(heartbeatAt(whole, 105).summary.pongLatencyMs).toEqual({ median: 5, max: 5 });
    expect(heartbeatAt(whole, 250).summary.missed).toBe(0);
    expect(heartbeatAt(whole, 250.5).summary.missed).toBe(1);
    expect(heartbeatAt(whole, 599).summary.late).toBe(0);
    expect(heartbeatAt(whole, 600).summary.late).toBe(1);
  });

  it('gives the close from the record that closed, and hands the whole session back unchanged', () => {
    expect(connectionFactsAt(whole, 15).closeReason).toBe('websocket closed with code 1006');
    // Polling went on: the session had not closed.
    expect(connectionFactsAt(whole, 40).closeReason).toBeNull();
    expect(connectionFactsAt(whole, 699).closeReason).toBeNull();
    expect(connectionFactsAt(whole, 700).closeReason).toBe('server sent a close packet');
    expect(connectionFactsAt(whole, 710).closeReason).toBe('io server disconnect');
    const all = connectionFactsAt(whole, null);
    expect(all.closeReason).toBe(whole.summary.closeReason);
    expect(all.closeReason).not.toBeNull();
    expect(all.settled).toBe(true);
    expect(heartbeatAt(whole, null)).toBe(whole.heartbeat);
    expect(sequenceAt(whole.sequence, null)).toBe(whole.sequence);
    expect(findingsAt(whole, null)).toBe(whole.summary.findings);
    expect(acksAt(whole, null)).toEqual({ pairs: whole.acks.pairs, summary: whole.acks.summary, waiting: 0 });
  });

  const codes = (time: number | null): string[] => findingsAt(whole, time).map((f) => f.code);

  it('says a finding once the record it points at has played', () => {
    expect(codes(5)).toEqual([]);
    expect(codes(6)).toEqual(['NAMESPACE_REFUSED']);
    expect(codes(45)).toEqual(['NAMESPACE_REFUSED', 'ACK_DUPLICATE']);
    expect(codes(269)).not.toContain('DECODE_ERROR');
    expect(codes(270)).toContain('DECODE_ERROR');
  });

  it('says a missed pong once its pingTimeout is over, and how long the wait has been so far', () => {
    const timeouts = (time: number): string[] =>
      findingsAt(whole, time)
        .filter((f) => f.code === 'HEARTBEAT_TIMEOUT')
        .map((f) => f.message);
    expect(timeouts(250)).toEqual([]);
    expect(timeouts(260)).toEqual([
      'ping not answered within pingTimeout 50 ms (no pong in the 60 ms after it)',
    ]);
    expect(timeouts(300)).toEqual([
      'ping not answered within pingTimeout 50 ms (no pong in the 100 ms after it)',
    ]);
    // The late pong came: the finding is the one the whole session has.
    expect(timeouts(330)).toEqual(['pong 130 ms after the ping at frame 15, past pingTimeout 50 ms']);
  });

  it('holds an ack without an answer as waiting until the records end', () => {
    const before = acksAt(whole, 39);
    expect(before.pairs[0]).toMatchObject({ id: 0, ackFrame: null, latencyMs: null });
    expect(before).toMatchObject({ waiting: 1, summary: { sent: 1, answered: 0, unanswered: 0 } });
    expect(acksAt(whole, 40).pairs[0]).toMatchObject({ latencyMs: 20, duplicateFrames: [] });
    expect(acksAt(whole, 45).summary.duplicates).toBe(1);
    expect(acksAt(whole, 50).summary.unknown).toBe(1);
    expect(acksAt(whole, 709)).toMatchObject({ waiting: 1, summary: { unanswered: 0 } });
    expect(codes(709)).not.toContain('ACK_UNANSWERED');
    expect(acksAt(whole, null)).toMatchObject({ waiting: 0, summary: { unanswered: 1 } });
    expect(codes(null)).toContain('ACK_UNANSWERED');
  });
});

describe('a session of two connections', () => {
  const later = MADE_UP.map((f) => ({ ...f, t: (f.t ?? 0) + 1000, conn: 'c2' }));
  const analyses = analyzeSession(decodeFrames([...MADE_UP.slice(0, 3), ...later]));

  it('has only the connections that had started at the playhead', () => {
    const conns = (time: number | null): string[] => connectionsAt(analyses, time).map((a) => a.summary.conn);
    expect(conns(Number.NEGATIVE_INFINITY)).toEqual([]);
    expect(conns(999)).toEqual(['c1']);
    expect(conns(1000)).toEqual(['c1', 'c2']);
    expect(connectionsAt(analyses, null)).toBe(analyses);
  });
});
