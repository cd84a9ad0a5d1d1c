import { describe, expect, it } from 'vitest';
import { ReplayDiffPanel } from '../../../../../renderer/components/session/replay-diff-panel';
import { AppStore } from '../../../../../renderer/state/app-store';
import { diffReplay } from '../../../../../shared/analysis/replay-diff';
import type { SessionRecord } from '../../../../../shared/record';
import { ack, connect, connectError, event, open, Session } from '../../../shared/analysis/records';
import { fakeApi, SESSION } from '../../support/fake-api';
import { all, one, render, text } from '../../support/render';

const TARGET = 'http://127.0.0.1:3000';
const REPLAYED = 'r1';

/** Joins / and /admin, then an echo emit with ack id 1, answered `ackMs` later. */
function run(admin: 'accepted' | 'refused', ackMs: number): SessionRecord[] {
  const s = new Session();
  s.at(0).in('websocket', open({ upgrades: [] }));
  s.at(2)
    .out('websocket', connect('/'))
    .at(4)
    .in('websocket', connect('/', { sid: 'A' }));
  s.at(6).out('websocket', connect('/admin'));
  s.at(8).in(
    'websocket',
    admin === 'accepted'
      ? connect('/admin', { sid: 'B' })
      : connectError('/admin', { message: 'unauthorized' }),
  );
  s.at(10).out('websocket', event('echo', ['hi'], { id: 1 }));
  s.at(10 + ackMs).in('websocket', ack(1, ['hi']));
  return s.records;
}

/** An app whose replay of the recorded session answered with `replayed`, as the Node side diffs them. */
async function replayedApp(
  recorded: SessionRecord[],
  replayed: SessionRecord[],
  cancelled = false,
): Promise<AppStore> {
  const api = fakeApi(recorded);
  api.sessions.replay = async () => ({
    info: { session: REPLAYED, title: 'replay', kind: 'live', state: 'closed', total: 0, connections: [] },
    diff: diffReplay(recorded, replayed, { cancelled }),
    ...(cancelled && { cancelled: true as const }),
  });
  const app = new AppStore(api);
  await app.start();
  expect(await app.replay({ session: SESSION, target: TARGET })).toBe(true);
  return app;
}

describe('ReplayDiffPanel', () => {
  it('reports join by join: the namespace the server now refuses, and the ack that got slower', async () => {
    const app = await replayedApp(run('accepted', 5), run('refused', 9));
    const page = render(<ReplayDiffPanel app={app} session={REPLAYED} />);
    const panel = one(page, { testId: 'replay-diff' });
    expect(text(one(panel, { tag: 'strong' }))).toBe(`Replay against ${TARGET}`);
    expect(
      ['matched', 'different', 'missing', 'extra', 'unanswered'].map((s) =>
        text(one(panel, { testId: `replay-${s}` })),
      ),
    ).toEqual(['2 matched', '1 different', '0 missing', '0 extra', '0 no answer in either run']);
    expect(all(panel, { testId: 'replay-cancelled' })).toHaveLength(0);
    const rows = all(one(panel, { tag: 'tbody' }), { tag: 'tr' });
    expect(rows.map((r) => [r.attrs['data-kind'], r.attrs['data-status']])).toEqual([
      ['join', 'matched'],
      ['join', 'different'],
      ['ack', 'matched'],
    ]);
    const [root, admin, echo] = rows.map((r) => all(r, { tag: 'td' }).map(text));
    expect(root!.slice(0, 4)).toEqual(['matched', 'join / #1', 'accepted', 'accepted']);
    expect(admin!.slice(0, 4)).toEqual(['different', 'join /admin #1', 'accepted', 'refused: unauthorized']);
    expect(echo).toEqual(['matched', 'ack to echo #1 /', '["hi"]', '["hi"]', '5.0 ms → 9.0 ms (+4.0 ms)']);
  });

  it('says a cancelled replay was cancelled, and counts nothing it did not re-send as missing', async () => {
    const joinedOnly = run('accepted', 5).filter((r) => r.t < 10);
    const app = await replayedApp(run('accepted', 5), joinedOnly, true);
    const panel = one(render(<ReplayDiffPanel app={app} session={REPLAYED} />), { testId: 'replay-diff' });
    expect(text(one(panel, { testId: 'replay-cancelled' }))).toBe('cancelled: only what ran is compared');
    expect(text(one(panel, { testId: 'replay-missing' }))).toBe('0 missing');
    expect(text(one(panel, { testId: 'replay-matched' }))).toBe('2 matched');
  });

  it('an ack answered in neither run is its own row, not a match', async () => {
    const unanswered = run('accepted', 5).filter((r) => r.t < 15);
    const app = await replayedApp(unanswered, unanswered);
    const panel = one(render(<ReplayDiffPanel app={app} session={REPLAYED} />), { testId: 'replay-diff' });
    const rows = all(one(panel, { tag: 'tbody' }), { tag: 'tr' });
    expect(rows.map((r) => r.attrs['data-status'])).toEqual(['matched', 'matched', 'unanswered']);
    expect(text(all(rows[2]!, { tag: 'td' })[0]!)).toBe('no answer in either run');
  });

  it('says the server answered nothing either time when there was nothing to compare', async () => {
    const quiet = new Session().at(0).in('websocket', open({ upgrades: [] })).records;
    const app = await replayedApp(quiet, quiet);
    const panel = one(render(<ReplayDiffPanel app={app} session={REPLAYED} />), { testId: 'replay-diff' });
    expect(text(one(panel, { tag: 'p' }))).toBe('The server answered nothing either time.');
    expect(all(panel, { tag: 'table' })).toHaveLength(0);
  });

  it('shows nothing on a session that is no replay, or whose replay is still running', async () => {
    const app = await replayedApp(run('accepted', 5), run('accepted', 5));
    expect(render(<ReplayDiffPanel app={app} session={SESSION} />).children).toHaveLength(0);
    const api = fakeApi(run('accepted', 5));
    api.sessions.replay = () => new Promise(() => undefined);
    const running = new AppStore(api);
    void running.replay({ session: SESSION, target: TARGET });
    expect(running.getSnapshot().replays.get(SESSION)?.status).toBe('running');
    expect(render(<ReplayDiffPanel app={running} session={SESSION} />).children).toHaveLength(0);
  });
});
