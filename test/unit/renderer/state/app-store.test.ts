import { describe, expect, it } from 'vitest';
import { AppStore } from '../../../../renderer/state/app-store';
import { fakeApi, flush, makeRecords, SESSION } from '../support/fake-api';

describe('AppStore', () => {
  it('opens the sessions the host already holds and shows the first', async () => {
    const app = new AppStore(fakeApi(makeRecords(5)));
    await app.start();
    const s = app.getSnapshot();
    expect(s.ready).toBe(true);
    expect(s.sessions.map((x) => x.id)).toEqual([SESSION]);
    expect(s.active).toBe(SESSION);
  });

  it('routes record batches to their session, creating it if the batch comes first', async () => {
    const api = fakeApi([]);
    api.sessions.list = async () => [];
    const app = new AppStore(api);
    await app.start();
    api.emitEvent({ type: 'records', session: 'live1', from: 0, records: makeRecords(3), total: 3 });
    expect(app.store('live1')?.getSnapshot().total).toBe(3);
    api.emitEvent({
      type: 'session',
      info: { session: 'live1', title: 'ws://x', kind: 'live', state: 'open', total: 3, connections: [] },
    });
    expect(app.store('live1')?.getSnapshot().info.title).toBe('ws://x');
  });

  it('says in one line why a connection failed', async () => {
    const api = fakeApi([]);
    api.connections.open = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:1');
    };
    const app = new AppStore(api);
    expect(await app.connect({ url: 'http://127.0.0.1:1', transports: ['websocket'], upgrade: false })).toBe(
      false,
    );
    expect(app.getSnapshot().notices.at(-1)?.message).toBe(
      'could not connect to http://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1',
    );
  });

  it('closing the active tab shows its neighbour', async () => {
    const api = fakeApi([]);
    api.sessions.list = async () => [];
    const app = new AppStore(api);
    await app.start();
    for (const id of ['a', 'b', 'c'])
      api.emitEvent({
        type: 'session',
        info: { session: id, title: id, kind: 'file', state: 'offline', total: 0, connections: [] },
      });
    app.activate('b');
    await app.close('b');
    await flush();
    expect(app.getSnapshot().sessions.map((s) => s.id)).toEqual(['a', 'c']);
    expect(app.getSnapshot().active).toBe('c');
    expect(api.calls.at(-1)).toEqual({ method: 'sessions.close', params: { session: 'b' } });
  });

  it('a malformed session file is reported as one clear line', async () => {
    const api = fakeApi([]);
    api.sessions.open = async () => {
      throw new Error('line 1: not a session file: the header is not a JSON object');
    };
    const app = new AppStore(api);
    expect(await app.openFile({ name: 'bad.ndjson', content: 'nope' })).toBe(false);
    expect(app.getSnapshot().notices.at(-1)).toMatchObject({
      kind: 'error',
      message: 'could not open bad.ndjson: line 1: not a session file: the header is not a JSON object',
    });
  });
});

describe('AppStore ordering', () => {
  it('keeps what events said when the open() answer arrives after them', async () => {
    const api = fakeApi([]);
    api.sessions.list = async () => [];
    api.sessions.open = async () => {
      // The file finished loading (an event) before the answer, which still says "loading".
      api.emitEvent({
        type: 'session',
        info: { session: 'f1', title: 'f', kind: 'file', state: 'offline', total: 3, connections: [] },
      });
      return { session: 'f1', title: 'f', kind: 'file', state: 'loading', total: 1, connections: [] };
    };
    const app = new AppStore(api);
    await app.start();
    await app.openFile({ name: 'f', content: '…' });
    expect(app.store('f1')?.getSnapshot().info.state).toBe('offline');
    expect(app.getSnapshot().active).toBe('f1');
  });
});

describe('AppStore provisional sessions', () => {
  it('a file whose records came before its info is read from the top, not followed', async () => {
    const api = fakeApi([]);
    let answer: (infos: never[]) => void = () => undefined;
    api.sessions.list = () => new Promise((resolve) => (answer = resolve));
    const app = new AppStore(api);
    const started = app.start();
    api.emitEvent({ type: 'records', session: 'big', from: 0, records: [], total: 250_000 });
    expect(app.store('big')?.getSnapshot().follow).toBe(false);
    api.emitEvent({
      type: 'session',
      info: {
        session: 'big',
        title: 'big.ndjson',
        kind: 'file',
        state: 'loading',
        total: 300_000,
        connections: [],
      },
    });
    expect(app.store('big')?.getSnapshot().follow).toBe(false);
    api.emitEvent({ type: 'records', session: 'live', from: 0, records: [], total: 1 });
    api.emitEvent({
      type: 'session',
      info: { session: 'live', title: 'ws://x', kind: 'live', state: 'open', total: 1, connections: [] },
    });
    expect(app.store('live')?.getSnapshot().follow).toBe(true);
    answer([]);
    await started;
  });
});
