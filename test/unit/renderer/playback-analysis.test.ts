// The analysis views during playback are derived from the whole session's analysis; at every record's
// time they must say what an analysis of only the records up to then says. Checked on the recorded
// sessions (socket.io 4, socket.io 2, python-socketio) and on a made-up one with what those lack: a
// missed pong, a pong past pingTimeout, a late ping, a refused namespace that later connects.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeSession, type ConnectionAnalysis } from '../../../shared/analysis/summary';
import { decodeFrames, type FrameInput } from '../../../shared/protocol/session-decoder';
import type { SessionRecord } from '../../../shared/record';
import { parseFrameLine } from '../../../shared/session/frame-lines';
import { connectionFactsAt, heartbeatAt, sequenceAt } from '../../../renderer/state/playback-analysis';

function fixture(name: string): FrameInput[] {
  const text = readFileSync(new URL(`../../fixtures/sessions/${name}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const parsed = parseFrameLine(line);
      if ('error' in parsed) throw new Error(`${name}: ${parsed.error.message}`);
      return parsed.frame;
    });
}

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
  { t: 100, dir: 'in', transport: 'polling', text: '2' },
  { t: 105, dir: 'out', transport: 'polling', text: '3' },
  { t: 200, dir: 'in', transport: 'polling', text: '2' },
  // No pong for the ping at 200 by 250: missed once this record shows the time went by.
  { t: 260, dir: 'in', transport: 'polling', text: '42["tick"]' },
  { t: 300, dir: 'in', transport: 'polling', text: '2' },
  // Answers the ping at 200 (pongs go in order), 130 ms after it: past pingTimeout.
  { t: 330, dir: 'out', transport: 'polling', text: '3' },
  { t: 331, dir: 'out', transport: 'polling', text: '3' },
  { t: 420, dir: 'out', transport: 'websocket', text: '5' },
  { t: 430, dir: 'out', transport: 'websocket', text: '40/admin,{"token":"secret"}' },
  { t: 431, dir: 'in', transport: 'websocket', text: '40/admin,{"sid":"s2"}' },
  // 300 ms since the last ping: late.
  { t: 600, dir: 'in', transport: 'websocket', text: '2' },
  { t: 602, dir: 'out', transport: 'websocket', text: '3' },
  { t: 700, dir: 'in', transport: 'websocket', text: '1' },
];

const SESSIONS: readonly (readonly [string, FrameInput[]])[] = [
  ['socketio4-upgrade', fixture('socketio4-upgrade.ndjson')],
  ['socketio2-upgrade', fixture('socketio2-upgrade.ndjson')],
  ['socketio2-polling', fixture('socketio2-polling.ndjson')],
  ['python-socketio-websocket', fixture('python-socketio-websocket.ndjson')],
  ['made up', MADE_UP],
];

/** The one connection of `records`, analysed with the version the whole session settled on. */
function analyse(records: readonly SessionRecord[], whole?: ConnectionAnalysis): ConnectionAnalysis {
  const [a] = analyzeSession(records, whole === undefined ? {} : { eio: whole.summary.eio });
  if (a === undefined) throw new Error('no connection');
  return a;
}

describe.each(SESSIONS)('%s: at every record, what the records so far say', (_name, frames) => {
  const records = decodeFrames(frames);
  const whole = analyse(records);
  const times = [...new Set(records.map((r) => r.t))];

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
    expect(facts.transport).toBe(so.summary.transport);
    expect(facts.eio).toBe(whole.summary.eio);
    // Connected or refused as the records so far left it; an earlier refusal's reason is not kept.
    const state = (n: (typeof facts.namespaces)[number]): string =>
      n.connected ? `${n.nsp} ✓ ${n.sid ?? ''}` : n.error !== undefined ? `${n.nsp} ✕` : `${n.nsp} …`;
    expect(facts.namespaces.map(state)).toEqual(so.summary.namespaces.map(state));
  });
});

describe('the made-up session mid-way', () => {
  const whole = analyse(decodeFrames(MADE_UP));

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

  it('names the refusal as far as it is known, and the final one with its reason', () => {
    expect(connectionFactsAt(whole, 4).namespaces).toEqual([{ nsp: '/', connected: true, sid: 's1' }]);
    expect(connectionFactsAt(whole, 5).namespaces[1]).toEqual({ nsp: '/admin', connected: false });
    expect(connectionFactsAt(whole, 6).namespaces[1]).toEqual({
      nsp: '/admin',
      connected: false,
      error: { message: 'refused' },
    });
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

  it('gives the close only with the whole session, which it hands back unchanged', () => {
    expect(connectionFactsAt(whole, 699).closeReason).toBeNull();
    const all = connectionFactsAt(whole, null);
    expect(all.closeReason).toBe(whole.summary.closeReason);
    expect(all.closeReason).not.toBeNull();
    expect(all.settled).toBe(true);
    expect(heartbeatAt(whole, null)).toBe(whole.heartbeat);
    expect(sequenceAt(whole.sequence, null)).toBe(whole.sequence);
  });
});
