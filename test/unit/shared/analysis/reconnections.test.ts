import { describe, expect, it } from 'vitest';
import { inferReconnections, ReconnectionMatcher } from '../../../../shared/analysis/reconnections';
import { analyzeSession, summarizeSession } from '../../../../shared/analysis/summary';
import type { SessionRecord } from '../../../../shared/record';
import { connect, event, open, Session } from './records';

/** A connection whose server hands out `pid` for `/admin` (and recovers it when `offered`). */
function connection(conn: string, t: number, pid: string, offered?: string): Session {
  const s = new Session(conn).at(t);
  s.in('websocket', open());
  s.out(
    'websocket',
    connect('/admin', offered === undefined ? {} : { pid: offered, offset: 'o1', token: 't' }),
  );
  s.in('websocket', connect('/admin', { sid: `sid-${conn}`, pid }));
  s.in('websocket', event('news', ['x', 'o2']));
  return s;
}

const inOrder = (...sessions: Session[]): SessionRecord[] =>
  sessions.flatMap((s) => s.records).sort((a, b) => a.t - b.t);

describe('ReconnectionMatcher', () => {
  it('remembers the latest 10,000 pids handed out, forgetting the oldest first', () => {
    const matcher = new ReconnectionMatcher();
    const answer = (conn: string, pid: string): void => {
      for (const r of new Session(conn).in('websocket', connect('/admin', { sid: conn, pid })).records)
        matcher.push(r);
    };
    const offer = (conn: string, pid: string): string | undefined => {
      const [r] = new Session(conn).out('websocket', connect('/admin', { pid, offset: 'o' })).records;
      return r === undefined ? undefined : matcher.push(r);
    };
    answer('c0', 'P0');
    answer('c1', 'P1');
    for (let i = 2; i < 10_000; i++) answer(`c${i}`, `P${i}`);
    answer('c0b', 'P0'); // handed out again: the latest, not the oldest
    answer('c10000', 'P10000');
    expect(offer('r1', 'P1')).toBeUndefined();
    expect(offer('r0', 'P0')).toBe('c0b');
    expect(offer('r2', 'P2')).toBe('c2');
  });

  it('names the connection whose server handed out the pid a CONNECT offers, on the same namespace', () => {
    const matcher = new ReconnectionMatcher();
    const answers = inOrder(connection('c1', 0, 'P1'), connection('c2', 100, 'P1', 'P1')).map((r) =>
      matcher.push(r),
    );
    expect(answers.filter((a) => a !== undefined)).toEqual(['c1']);
  });

  it('follows a pid from one recovery to the next, and ignores other namespaces and unknown pids', () => {
    const records = inOrder(
      connection('c1', 0, 'P1'),
      connection('c2', 100, 'P1', 'P1'),
      connection('c3', 200, 'P1', 'P1'),
      connection('c4', 300, 'P4', 'P-unknown'),
    );
    const other = new Session('c5').at(400);
    other.out('websocket', connect('/', { pid: 'P1', offset: 'o' }));
    expect(inferReconnections([...records, ...other.records])).toEqual(
      new Map([
        ['c2', 'c1'],
        ['c3', 'c2'],
      ]),
    );
  });

  it('does not take a pid without an offset, or one the same connection was given, as a recovery', () => {
    const s = connection('c1', 0, 'P1');
    s.out('websocket', connect('/admin', { pid: 'P1', offset: 'o' }));
    const plain = new Session('c2').at(100);
    plain.out('websocket', connect('/admin', { pid: 'P1' }));
    expect(inferReconnections(inOrder(s, plain))).toEqual(new Map());
  });
});

describe('the summary', () => {
  it('says which connection a recovering one replaces, in the fold and in the analyses alike', () => {
    const records = inOrder(connection('c1', 0, 'P1'), connection('c2', 100, 'P1', 'P1'));
    const summary = summarizeSession(records);
    expect(summary.connections.map((c) => [c.conn, c.reconnectOf])).toEqual([
      ['c1', undefined],
      ['c2', 'c1'],
    ]);
    expect(summary.connections[1]?.namespaces).toContainEqual(
      expect.objectContaining({ nsp: '/admin', pid: 'P1', recovered: true }),
    );
    expect(analyzeSession(records).map((a) => a.summary.reconnectOf)).toEqual([undefined, 'c1']);
  });

  it('keeps what a reconnect record says over what the CONNECT shows', () => {
    const records = inOrder(connection('c1', 0, 'P1'), connection('c3', 200, 'P1', 'P1'));
    const reconnect: SessionRecord = { t: 150, conn: 'c3', event: 'reconnect', reconnectOf: 'c2' };
    const summary = summarizeSession([
      ...records.filter((r) => r.t < 150),
      reconnect,
      ...records.filter((r) => r.t >= 150),
    ]);
    expect(summary.connections.map((c) => c.reconnectOf)).toEqual([undefined, 'c2']);
  });
});
