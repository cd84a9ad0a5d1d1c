import { describe, expect, it } from 'vitest';
import { PENDING_KEPT, SERIES_KEPT } from '../../../../../shared/analysis/heartbeat';
import { HeartbeatView } from '../../../../../renderer/components/heartbeat/heartbeat-view';
import type { SessionStore } from '../../../../../renderer/state/session-store';
import { recordedSession } from '../../../../support/session-fixtures';
import { connect, event, open, ping, pong, Session } from '../../../shared/analysis/records';
import { all, figure, hasClass, one, render, text, type Element } from '../../support/render';
import { analysedSession } from '../../support/session';

const view = (store: SessionStore): Element =>
  render(<HeartbeatView store={store} onFrame={() => undefined} />);
const fact = (page: Element, id: string): Element => one(page, { testId: id });

/**
 * Socket.IO 4 on websocket, pingInterval 300 ms and pingTimeout 1 s: two pings answered in time, then
 * one 1.5 s after the previous (past the 1.3 s deadline), then one never answered while the client goes
 * on talking past its pingTimeout.
 */
function troubledHeartbeat() {
  const s = new Session();
  s.at(0).in('websocket', open({ upgrades: [], pingInterval: 300, pingTimeout: 1000 }));
  s.at(2)
    .out('websocket', connect('/'))
    .at(4)
    .in('websocket', connect('/', { sid: 'S1' }));
  s.at(302).in('websocket', ping()).at(305).out('websocket', pong());
  s.at(602).in('websocket', ping()).at(612).out('websocket', pong());
  const late = s.at(2100).in('websocket', ping()).lastFrame;
  s.at(2101).out('websocket', pong());
  const unanswered = s.at(2400).in('websocket', ping()).lastFrame;
  s.at(3500).out('websocket', event('still-here'));
  return { records: s.records, late, unanswered };
}

describe('HeartbeatView', () => {
  it('states the negotiated timings and what the pings of a recorded session did', async () => {
    const page = view(await analysedSession(recordedSession('socketio4-upgrade')));
    expect(figure(page, 'fact-pinginterval')).toBe('300 ms');
    expect(figure(page, 'fact-pingtimeout')).toBe('5000 ms');
    expect(figure(page, 'fact-pings')).toBe('2 from the server');
    expect(figure(page, 'fact-late-pings')).toBe('0');
    expect(hasClass(fact(page, 'fact-late-pings'), 'fact-bad')).toBe(false);
    expect(figure(page, 'fact-missed-pongs')).toBe('0');
  });

  it('draws a point per ping in both panels, none of them marked, the deadline off the top named', async () => {
    const page = view(await analysedSession(recordedSession('socketio4-upgrade')));
    const chart = one(page, { testId: 'heartbeat-chart' });
    const [intervals, latencies] = all(chart, { className: 'series' });
    expect(all(intervals!, { tag: 'circle' })).toHaveLength(2);
    expect(all(latencies!, { tag: 'circle' })).toHaveLength(2);
    expect(all(chart, { testId: 'heartbeat-bad' })).toHaveLength(0);
    expect(text(one(chart, { className: 'refline-note' }))).toBe('deadline 5.3 s ↑');
    expect(all(chart, { className: 'refline-ref' }).map(text)).toEqual(['pingInterval 300 ms']);
  });

  it('marks the late ping and the missed pong, in the facts and on the chart', async () => {
    const { records, late, unanswered } = troubledHeartbeat();
    const page = view(await analysedSession(records));
    expect(figure(page, 'fact-pings')).toBe('4 from the server');
    expect(figure(page, 'fact-late-pings')).toBe('1');
    expect(hasClass(fact(page, 'fact-late-pings'), 'fact-bad')).toBe(true);
    expect(figure(page, 'fact-missed-pongs')).toBe('1');
    expect(hasClass(fact(page, 'fact-missed-pongs'), 'fact-bad')).toBe(true);

    const chart = one(page, { testId: 'heartbeat-chart' });
    const marks = all(chart, { testId: 'heartbeat-bad' }).map((m) => text(one(m, { tag: 'title' })));
    expect(marks).toEqual([
      `interval 1.5 s at 2.100 s — late ping (frame ${late})`,
      `pong latency 1 s at 2.400 s — pong missed (frame ${unanswered})`,
    ]);
    // The other pings are plain points: three intervals, three answered pongs.
    expect(all(chart, { tag: 'circle' })).toHaveLength(6);
    // A ping came near the deadline, so it is a line on the interval panel.
    expect(all(chart, { className: 'refline-bad' }).map(text)).toEqual(['deadline 1.3 s', 'pingTimeout 1 s']);
  });

  it('says how many pings a peer left unanswered so long that the analysis gave up on them', async () => {
    const s = new Session().at(0).in('websocket', open({ upgrades: [] }));
    const n = SERIES_KEPT + PENDING_KEPT + 25;
    for (let i = 1; i <= n; i++) s.at(i * 25_000).in('websocket', ping());
    // Pongs pair in order: the charted pings take the first ones, the last answers the first dropped ping.
    for (let i = 0; i <= SERIES_KEPT; i++) s.at(n * 25_000 + 1_000).out('websocket', pong());
    const page = view(await analysedSession(s.records));
    expect(figure(page, 'fact-given-up-on')).toBe('25 1 pongs not timed');
    expect(hasClass(fact(page, 'fact-given-up-on'), 'fact-bad')).toBe(true);
    const calm = view(await analysedSession(recordedSession('socketio4-upgrade')));
    expect(all(calm, { testId: 'fact-given-up-on' })).toHaveLength(0);
  }, 60_000);

  it('says no ping came yet, and who should send them, instead of an empty chart', async () => {
    const s = new Session().at(0).in('websocket', open({ upgrades: [], pingInterval: 300 }));
    const page = view(await analysedSession(s.records));
    expect(text(one(page, { testId: 'heartbeat-chart' }))).toBe(
      'No heartbeat pings yet (the server pings every 300 ms).',
    );
    expect(all(page, { tag: 'svg' })).toHaveLength(0);
  });
});
