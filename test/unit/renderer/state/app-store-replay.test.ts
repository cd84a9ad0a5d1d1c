import { describe, expect, it } from 'vitest';
import type { ReplayResult, SessionInfo } from '../../../../shared/bridge/api';
import { AppStore } from '../../../../renderer/state/app-store';
import { fakeApi, makeRecords, SESSION } from '../support/fake-api';

const REPLAYED: SessionInfo = {
  session: 'r1',
  title: 'replay',
  kind: 'live',
  state: 'open',
  total: 0,
  connections: [],
};

describe('AppStore replay and proxy', () => {
  it('shows the replay session as soon as it appears, and its diff once the replay is over', async () => {
    const api = fakeApi(makeRecords(3), { kind: 'file', state: 'offline' });
    let finish: (r: ReplayResult) => void = () => undefined;
    api.sessions.replay = () => new Promise((resolve) => (finish = resolve));
    const app = new AppStore(api);
    await app.start();
    const replaying = app.replay({ session: SESSION, target: 'http://localhost:3000', speed: 0 });
    expect(app.getSnapshot().replays.get(SESSION)?.status).toBe('running');
    api.emitEvent({ type: 'session', info: REPLAYED });
    expect(app.getSnapshot().active).toBe('r1');
    const diff = { answers: [], counts: { matched: 2, different: 0, missing: 1, extra: 0, unanswered: 0 } };
    finish({ info: { ...REPLAYED, state: 'closed' }, diff });
    expect(await replaying).toBe(true);
    const s = app.getSnapshot();
    expect(s.replays.get(SESSION)).toBeUndefined();
    expect(s.replays.get('r1')).toMatchObject({ status: 'done', from: SESSION, diff });
    expect(s.active).toBe('r1');
  });

  it('says why a replay failed and forgets it', async () => {
    const api = fakeApi(makeRecords(3), { kind: 'file', state: 'offline' });
    api.sessions.replay = () => Promise.reject(new Error('connection refused'));
    const app = new AppStore(api);
    await app.start();
    expect(await app.replay({ session: SESSION, target: 'http://localhost:1' })).toBe(false);
    expect(app.getSnapshot().replays.size).toBe(0);
    expect(app.getSnapshot().notices.at(-1)?.message).toMatch(/connection refused/);
  });

  it('opens a proxy session as the active tab', async () => {
    const api = fakeApi([]);
    api.sessions.list = async () => [];
    const app = new AppStore(api);
    await app.start();
    expect(await app.proxy({ target: 'http://localhost:3000' })).toBe(true);
    const active = app.store(app.getSnapshot().active);
    expect(active?.getSnapshot().info.proxy?.listen).toBe('http://127.0.0.1:8080');
  });
});
