import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionFold, SessionFold, summarizeSession } from '../../../../shared/analysis/summary';
import { MAX_ANALYSED_CONNECTIONS } from '../../../../shared/limits';
import { decodeFrames, type FrameInput } from '../../../../shared/protocol/session-decoder';
import type { SessionRecord } from '../../../../shared/record';
import { isLifecycle } from '../../../../shared/record';
import { FINDING_EXAMPLES } from '../../../../shared/analysis/findings';
import {
  connect,
  event,
  open,
  pong,
  Session,
  v3PollingSession,
  v4PollingUpgradeSession,
  v4WebsocketSession,
} from './records';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/sessions');

/** Frame lines recorded from real servers, decoded as `decode` does. */
function fixture(name: string): SessionRecord[] {
  const lines = readFileSync(join(FIXTURES, name), 'utf8').split('\n').filter(Boolean);
  return decodeFrames(
    lines.map((line) => {
      const { text, binary, ...rest } = JSON.parse(line) as FrameInput & { binary?: string };
      return binary === undefined ? { ...rest, text } : { ...rest, binary: Buffer.from(binary, 'base64') };
    }),
  );
}

function folded(records: Iterable<SessionRecord>, holdLimit?: number): ReturnType<SessionFold['summary']> {
  const fold = new SessionFold(holdLimit === undefined ? {} : { holdLimit });
  for (const record of records) fold.push(record);
  return fold.summary();
}

/** The records as a session file written before the decoder stamped its version would hold them. */
function unstamped(records: readonly SessionRecord[]): SessionRecord[] {
  return records.map((r) => {
    if (isLifecycle(r)) return r;
    const { eioVersion: _stamp, ...rest } = r;
    return rest;
  });
}

describe('SessionFold', () => {
  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.ndjson')))(
    'summarises %s as the whole record list does, holding no more than the fold needs',
    (name) => {
      const records = fixture(name);
      expect(records.length).toBeGreaterThan(5);
      expect(folded(records)).toStrictEqual(summarizeSession(records));
      // Stamped records settle at the open packet: a hold of one record changes nothing.
      expect(folded(records, 1)).toStrictEqual(summarizeSession(records));
    },
  );

  it('keeps interleaved connections apart', () => {
    const counter = { next: 0 };
    const a = v4WebsocketSession('a', counter).records;
    const b = v3PollingSession('b', counter).records;
    const c = v4PollingUpgradeSession('c', counter).records;
    const mixed = [...a, ...b, ...c].sort((x, y) => x.t - y.t);
    const summary = folded(mixed);
    expect(summary.connections.map((s) => s.conn)).toStrictEqual(['a', 'b', 'c']);
    expect(summary).toStrictEqual(summarizeSession(mixed));
    expect(summary.connections.map((s) => s.eio)).toStrictEqual([4, 3, 4]);
  });

  it('lists connections in the order they opened, as the app does, not in the order records first name them', () => {
    const counter = { next: 0 };
    // A browser can report a later connection's first frames before an earlier one's.
    const sessions = ['c10', 'c2', 'c1'].map((id) => v4WebsocketSession(id, counter).records);
    const summary = folded(sessions.flat());
    expect(summary.connections.map((s) => s.conn)).toStrictEqual(['c1', 'c2', 'c10']);
    expect(summarizeSession(sessions.flat())).toStrictEqual(summary);
  });

  // Ten thousand connections summarised: on a busy two-core machine, longer than the default.
  it(
    'analyses the first MAX_ANALYSED_CONNECTIONS connections of a file naming a new one on every line, and counts the records of the rest',
    { timeout: 90_000 },
    () => {
      // Each line an open packet of a connection of its own.
      const open_ = v4WebsocketSession().records.find((r) => !isLifecycle(r)) as SessionRecord;
      const records = Array.from({ length: MAX_ANALYSED_CONNECTIONS + 50 }, (_, i) => ({
        ...open_,
        conn: `c${i + 1}`,
        t: i,
        frame: i,
      }));
      const summary = folded(records);
      expect(summary.connections).toHaveLength(MAX_ANALYSED_CONNECTIONS);
      expect(summary.connections.at(-1)?.conn).toBe(`c${MAX_ANALYSED_CONNECTIONS}`);
      expect(summary.recordsNotAnalysed).toBe(50);
      // Records of a connection past the limit are counted wherever they come, those of the first ones analysed.
      const fold = new SessionFold({ maxConnections: 2 });
      const [a, b, c] = ['a', 'b', 'c'].map((id) => v4WebsocketSession(id).records);
      for (const record of [...(a ?? []), ...(c ?? []), ...(b ?? []), ...(a ?? [])]) fold.push(record);
      expect(fold.summary().connections.map((s) => s.conn)).toStrictEqual(['a', 'c']);
      expect(fold.summary().recordsNotAnalysed).toBe(b?.length);
      // Under the limit, nothing is said.
      expect(folded(records.slice(0, 10))).not.toHaveProperty('recordsNotAnalysed');
    },
  );

  it('judges a connection that never says its version on what its first records said', () => {
    // No stamp: the version is read from evidence. Here the evidence (a server ping, so v4) comes only
    // after the hold is over, so the held records decide: a client ping, v3's heartbeat.
    const { records } = v3PollingSession('c1');
    const bare = unstamped(records);
    const firstPing = bare.findIndex((r) => !isLifecycle(r) && r.eio?.type === 'ping');
    expect(firstPing).toBeGreaterThan(0);
    const late = [...bare, { ...bare[firstPing], t: 1e9, dir: 'in', frame: 99_999 } as SessionRecord];
    expect(summarizeSession(late).connections[0]).toMatchObject({ eio: 4, eioSource: 'heartbeat' });
    const held = folded(late, firstPing + 1).connections[0];
    expect(held).toMatchObject({ eio: 3, eioSource: 'heartbeat' });
  });

  it('holds at most holdLimit records across connections that never say their version nor open', () => {
    const never = unstamped(v4WebsocketSession().records).filter(
      (r) => isLifecycle(r) || r.eio?.type !== 'open',
    );
    expect(never.length).toBeGreaterThan(10);
    const fold = new SessionFold({ holdLimit: 100 });
    let most = 0;
    for (let c = 1; c <= 50; c++)
      for (const record of never) {
        fold.push({ ...record, conn: `c${c}` });
        most = Math.max(most, fold.holding);
      }
    expect(most).toBe(100);
    const { connections } = fold.summary();
    expect(connections).toHaveLength(50);
    // Judged on what they said, held or not: the same counts for each.
    expect(new Set(connections.map((c) => JSON.stringify(c.acks)))).toHaveProperty('size', 1);
  });

  it('gives a connection with no records of its own nothing to say', () => {
    const fold = new ConnectionFold();
    const { summary } = fold.finish();
    expect(summary.conn).toBe('');
    expect(summary.findings).toStrictEqual([]);
  });

  it('lists the first FINDING_EXAMPLES findings of a code in frame order and counts the rest', () => {
    const session = new Session().at(0).in('websocket', open({ upgrades: [] }));
    session.out('websocket', connect('/')).in('websocket', connect('/', { sid: 'S1' }));
    const n = FINDING_EXAMPLES + 250;
    const asked: number[] = [];
    for (let i = 0; i < n; i++) {
      session.wait(1).out('websocket', event('e', [], { id: 1000 + i }));
      asked.push(session.lastFrame);
      // Pongs that answer nothing, as many: a second code from a second analysis.
      session.out('websocket', pong());
    }
    const [c] = folded(session.records).connections;
    const unanswered = c?.findings.filter((f) => f.code === 'ACK_UNANSWERED') ?? [];
    expect(unanswered.map((f) => f.frame)).toEqual(asked.slice(0, FINDING_EXAMPLES));
    expect(c?.findings.filter((f) => f.code === 'PONG_WITHOUT_PING')).toHaveLength(FINDING_EXAMPLES);
    expect(c?.findingsOmitted).toEqual({ ACK_UNANSWERED: 250, PONG_WITHOUT_PING: 250 });
    expect(c?.acks).toMatchObject({ sent: n, answered: 0 });
    // A session with fewer says nothing of omissions.
    expect(folded(v4WebsocketSession().records).connections[0]).not.toHaveProperty('findingsOmitted');
  });
});
