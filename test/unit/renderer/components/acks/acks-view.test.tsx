import { describe, expect, it } from 'vitest';
import { AcksView } from '../../../../../renderer/components/acks/acks-view';
import type { SessionStore } from '../../../../../renderer/state/session-store';
import type { SessionInfo } from '../../../../../shared/bridge/api';
import { recordedSession } from '../../../../support/session-fixtures';
import { ack, connect, event, open, ping, Session } from '../../../shared/analysis/records';
import { all, figure, hasClass, one, render, text, type Element } from '../../support/render';
import { analysedSession } from '../../support/session';

const view = (store: SessionStore): Element => render(<AcksView store={store} onFrame={() => undefined} />);
const cells = (row: Element): string[] => all(row, { tag: 'td' }).map(text);

/** One client emit answered in 15 ms, one never answered, and a server emit the client never answered. */
function unansweredAcks() {
  const s = new Session();
  s.at(0).in('websocket', open({ upgrades: [] }));
  s.at(2)
    .out('websocket', connect('/'))
    .at(4)
    .in('websocket', connect('/', { sid: 'S1' }));
  s.at(10).out('websocket', event('save', [1], { id: 1 }));
  const answer = s.at(25).in('websocket', ack(1, ['ok'])).lastFrame;
  s.at(30).out('websocket', event('slow', [], { id: 2 }));
  s.at(40).in('websocket', event('confirm', ['sure?'], { id: 7 }));
  s.at(25000).in('websocket', ping());
  return { records: s.records, answer };
}

const LIVE: Partial<SessionInfo> = { kind: 'live', state: 'open' };

describe('AcksView', () => {
  it('lists both directions’ acks of a recorded session, all answered', async () => {
    const page = view(await analysedSession(recordedSession('socketio4-upgrade')));
    expect(figure(page, 'fact-client-asked')).toBe('1/1 answered');
    expect(figure(page, 'fact-server-asked')).toBe('1/1 answered');
    expect(figure(page, 'fact-unanswered')).toBe('0');
    const rows = all(page, { testId: 'ack-row' });
    // Who asked, the namespace, the ack id and the event; the time and latency are the recording's own.
    expect(rows.map((r) => [0, 2, 3, 4].map((i) => cells(r)[i]))).toEqual([
      ['→ client', '/', '0', 'echo'],
      ['← server', '/', '1', 'ask'],
    ]);
    expect(rows.some((r) => hasClass(r, 'row-bad'))).toBe(false);
    expect(cells(rows[0]!)[7]).toMatch(/ frame \d+$/);
  });

  it('marks the requests never answered and counts them as a problem', async () => {
    const { records, answer } = unansweredAcks();
    const page = view(await analysedSession(records));
    expect(figure(page, 'fact-client-asked')).toBe('1/2 answered');
    expect(figure(page, 'fact-server-asked')).toBe('0/1 answered');
    expect(figure(page, 'fact-unanswered')).toBe('2');
    expect(hasClass(one(page, { testId: 'fact-unanswered' }), 'fact-bad')).toBe(true);
    const rows = all(page, { testId: 'ack-row' });
    expect(rows.map((r) => [cells(r)[4], cells(r)[6], hasClass(r, 'row-bad')])).toEqual([
      ['save', '15 ms', false],
      ['slow', 'no answer', true],
      ['confirm', 'no answer', true],
    ]);
    expect(cells(rows[0]!)[7]?.endsWith(` frame ${answer}`)).toBe(true);
    // A file cannot send: nothing offers to answer the server.
    expect(all(page, { tag: 'button' }).map(text)).not.toContain('Answer…');
  });

  it('offers to answer only the server’s unanswered request, and only on an open connection', async () => {
    const page = view(await analysedSession(unansweredAcks().records, LIVE));
    const offers = all(page, { testId: 'ack-row' }).filter((r) =>
      all(r, { tag: 'button' }).map(text).includes('Answer…'),
    );
    expect(offers.map((r) => cells(r)[4])).toEqual(['confirm']);
  });

  it('during playback calls a request without an answer yet waiting, not unanswered', async () => {
    const store = await analysedSession(unansweredAcks().records);
    await store.playback.seek(35);
    const page = view(store);
    const rows = all(page, { testId: 'ack-row' });
    expect(rows.map((r) => [cells(r)[4], cells(r)[6], hasClass(r, 'row-bad')])).toEqual([
      ['save', '15 ms', false],
      ['slow', 'waiting', false],
    ]);
    expect(figure(page, 'fact-unanswered')).toBe('0 · 1 waiting');
    expect(all(one(page, { role: 'group' }), { tag: 'button' }).map(text)).toEqual(['All', 'Waiting']);
  });

  it('says so when no emit asked for an ack', async () => {
    const s = new Session().at(0).in('websocket', open({ upgrades: [] }));
    s.at(2).out('websocket', event('fire-and-forget'));
    const page = view(await analysedSession(s.records));
    expect(text(one(page, { testId: 'acks-empty' }))).toBe('No emit asked for an ack.');
    expect(all(page, { testId: 'acks-list' })).toHaveLength(0);
  });
});
