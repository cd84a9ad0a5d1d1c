import { describe, expect, it } from 'vitest';
import { FindingsView } from '../../../../../renderer/components/findings/findings-view';
import { MAX_LISTED_FINDINGS } from '../../../../../shared/limits';
import type { SessionStore } from '../../../../../renderer/state/session-store';
import { recordedSession } from '../../../../support/session-fixtures';
import {
  ack,
  connect,
  disconnect,
  open,
  Session,
  v4WebsocketSession,
} from '../../../shared/analysis/records';
import { all, one, render, text, type Element } from '../../support/render';
import { analysedSession } from '../../support/session';

const view = (store: SessionStore): Element =>
  render(<FindingsView store={store} onFrame={() => undefined} />);
const listed = (page: Element): string[][] =>
  all(page, { testId: 'finding' }).map((f) => [
    one(f, { className: 'finding-icon' }).attrs['aria-label']!,
    text(one(f, { className: 'finding-code' })),
    text(one(f, { className: 'finding-frame' })),
  ]);

/** An ACK for an id nobody asked about (an error), then the server drops the namespace (info). */
function oddSession(conn = 'c1', counter = { next: 0 }) {
  const s = new Session(conn, counter);
  s.at(0).in('websocket', open({ upgrades: [] }));
  s.at(2)
    .out('websocket', connect('/'))
    .at(4)
    .in('websocket', connect('/', { sid: 'S1' }));
  const stray = s.at(10).in('websocket', ack(9, ['?'])).lastFrame;
  const dropped = s.at(20).in('websocket', disconnect('/')).lastFrame;
  return { records: s.records, stray, dropped };
}

describe('FindingsView', () => {
  it('lists the refused namespace of a recorded session as a warning at its frame', async () => {
    const records = recordedSession('socketio4-upgrade');
    const page = view(await analysedSession(records));
    expect(text(one(page, { testId: 'findings-counts' }))).toBe('0 errors · 1 warning · 0 info');
    const refused = one(page, { testId: 'finding' });
    expect(text(one(refused, { className: 'finding-message' }))).toBe(
      'server refused /admin: "unauthorized"',
    );
    const frame = records.find((r) => 'sio' in r && r.sio?.type === 'CONNECT_ERROR')?.frame;
    expect(listed(page)).toEqual([['warning', 'NAMESPACE_REFUSED', `frame ${frame}`]]);
    expect(refused.attrs.title).toBe('The server refused a namespace CONNECT');
  });

  it('lists the first thousand findings of a session of many connections, counting them all', async () => {
    const counter = { next: 0 };
    const records = Array.from({ length: 600 }, (_, i) => oddSession(`c${i + 1}`, counter).records)
      .flat()
      .sort((x, y) => x.t - y.t);
    const page = view(await analysedSession(records));
    expect(text(one(page, { testId: 'findings-counts' }))).toBe('600 errors · 0 warnings · 600 info');
    expect(all(page, { testId: 'finding' })).toHaveLength(MAX_LISTED_FINDINGS);
    expect(text(one(page, { testId: 'findings-unlisted' }))).toBe(
      'The first 1,000 of 1,200 findings are listed.',
    );
    expect(all(view(await analysedSession(oddSession().records)), { testId: 'findings-unlisted' })).toEqual(
      [],
    );
  });

  it('says above the findings how many records of connections past the first 10,000 were left unanalysed', async () => {
    const records = recordedSession('socketio4-upgrade');
    expect(all(view(await analysedSession(records)), { testId: 'not-analysed' })).toEqual([]);
    const page = view(await analysedSession(records, { recordsNotAnalysed: 12_345 }));
    expect(text(one(page, { testId: 'not-analysed' }))).toBe(
      '12,345 records of connections past the first 10,000 not analysed',
    );
    expect(all(page, { testId: 'finding' })).toHaveLength(1);
  });

  it('counts each severity and lists the findings in frame order', async () => {
    const { records, stray, dropped } = oddSession();
    const page = view(await analysedSession(records));
    expect(text(one(page, { testId: 'findings-counts' }))).toBe('1 error · 0 warnings · 1 info');
    expect(listed(page)).toEqual([
      ['error', 'ACK_UNKNOWN', `frame ${stray}`],
      ['info', 'NAMESPACE_DISCONNECTED', `frame ${dropped}`],
    ]);
    const severity = all(one(page, { role: 'group' }), { tag: 'button' });
    expect(severity.map((b) => [text(b), b.attrs['aria-pressed']])).toEqual([
      ['All', 'true'],
      ['Warnings and errors', 'false'],
      ['Errors', 'false'],
    ]);
  });

  it('names the connection of each finding when the session has several', async () => {
    const counter = { next: 0 };
    const first = oddSession('c1', counter);
    const second = v4WebsocketSession('c2', counter);
    const page = view(await analysedSession([...first.records, ...second.records].sort((a, b) => a.t - b.t)));
    expect(listed(page).map(([, , frame]) => frame)).toEqual([
      `c1 · frame ${first.stray}`,
      `c1 · frame ${first.dropped}`,
    ]);
  });

  it('says the session follows the protocol when nothing was found, and “so far” during playback', async () => {
    const clean = await analysedSession(v4WebsocketSession().records);
    const page = view(clean);
    expect(text(one(page, { testId: 'findings-empty' }))).toBe(
      '✓ No findings: the session follows the protocol.',
    );
    expect(text(one(page, { testId: 'findings-counts' }))).toBe('0 errors · 0 warnings · 0 info');
    const playing = await analysedSession(oddSession().records);
    await playing.playback.seek(5);
    expect(text(one(view(playing), { testId: 'findings-empty' }))).toBe('✓ No findings so far.');
  });
});
