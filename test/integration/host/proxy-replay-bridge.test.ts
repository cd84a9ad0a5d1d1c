// The bridge's proxy and replay sessions, through the real handler table: a socket.io 4 client talks to a
// real server through `connections.proxy`, its traffic lands in the session decoded; that session is then
// replayed with `sessions.replay` against the same server, with no differences in the answers.
import { Manager } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayResult, SessionInfo } from '../../../shared/bridge/api';
import type { Outcome } from '../../../shared/bridge/outcome';
import { isLifecycle, type PacketRecord, type SessionRecord } from '../../../shared/record';
import { createHandlerTable, type HandlerTable } from '../../../electron/app/handler-table';
import { connectLive } from '../../../electron/app/live-session';
import { readSessionFile } from '../../support/ndjson';
import { RELAXED_HEARTBEAT, startSocketIo4Server, type TestServer } from '../../support/servers';
import { tempDir } from '../../support/temp-dir';

let sio4: TestServer;
let table: HandlerTable;

beforeAll(async () => {
  sio4 = await startSocketIo4Server(RELAXED_HEARTBEAT);
  table = createHandlerTable({ connect: connectLive, recordDir: tempDir('sio-bridge') });
});
afterAll(async () => {
  await table.dispose();
  await sio4.close();
});

describe('proxy and replay sessions over the bridge', () => {
  it('records a real client through connections.proxy, then replays it with sessions.replay', async () => {
    const proxy = ok<SessionInfo>(await table.dispatch('connections.proxy', { target: sio4.url }));
    expect(proxy).toMatchObject({ kind: 'live', state: 'open', proxy: { target: sio4.url } });
    const manager = new Manager(proxy.proxy?.listen ?? '', { reconnection: false });
    try {
      const socket = manager.socket('/');
      await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
      expect(await socket.emitWithAck('echo', 'through', { the: 'proxy' })).toBe('through');
      expect(await socket.emitWithAck('echo', 'again')).toBe('again');
    } finally {
      manager.engine.close();
    }
    const records = await page(proxy.session);
    const echoes = records.filter(
      (r): r is PacketRecord => !isLifecycle(r) && r.dir === 'out' && r.sio?.event === 'echo',
    );
    expect(echoes.map((r) => r.sio?.args?.[0])).toEqual(['through', 'again']);
    expect(await table.dispatch('connections.emit', emitTo(proxy.session))).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
    expect(await table.dispatch('connections.close', { session: proxy.session })).toEqual({
      ok: true,
      result: undefined,
    });

    const replay = ok<ReplayResult>(
      await table.dispatch('sessions.replay', { session: proxy.session, target: sio4.url, speed: 0 }),
    );
    expect(replay.info).toMatchObject({ kind: 'live', state: 'closed' });
    expect(replay.diff.counts).toMatchObject({ different: 0, missing: 0, extra: 0 });
    expect(replay.diff.answers.filter((a) => a.kind === 'ack').map((a) => a.replayed?.args)).toEqual([
      ['through', { the: 'proxy' }],
      ['again'],
    ]);
    // Both sessions were recorded to the sessions folder as they happened.
    for (const [info, kind] of [
      [proxy, 'proxy'],
      [replay.info, 'replay'],
    ] as const) {
      const file = readSessionFile(info.recording ?? '');
      expect(file.header).toMatchObject({ target: sio4.url, options: { kind } });
      expect(file.records).toEqual(await page(info.session));
    }
    const replayed = await page(replay.info.session);
    expect(replayed.some((r) => !isLifecycle(r) && r.dir === 'out' && r.sio?.event === 'echo')).toBe(true);
  });

  it('a replay whose session is closed early says it was cancelled and compares only what it re-sent', async () => {
    const proxy = ok<SessionInfo>(await table.dispatch('connections.proxy', { target: sio4.url }));
    const manager = new Manager(proxy.proxy?.listen ?? '', {
      reconnection: false,
      transports: ['websocket'],
    });
    try {
      const socket = manager.socket('/');
      await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
      expect(await socket.emitWithAck('echo', 'first')).toBe('first');
      // The second emit comes well after the first: the replay, at recorded speed, is closed before it.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await socket.emitWithAck('echo', 'second')).toBe('second');
    } finally {
      manager.engine.close();
    }
    await table.dispatch('connections.close', { session: proxy.session });
    const known = new Set(
      ok<SessionInfo[]>(await table.dispatch('sessions.list', undefined)).map((s) => s.session),
    );

    const running = table.dispatch('sessions.replay', { session: proxy.session, target: sio4.url, speed: 1 });
    let replaying: SessionInfo | undefined;
    while (replaying === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const list = ok<SessionInfo[]>(await table.dispatch('sessions.list', undefined));
      replaying = list.find((s) => !known.has(s.session));
    }
    // The first echo is answered in the replay; then its session is closed.
    while (
      !(await page(replaying.session)).some((r) => !isLifecycle(r) && r.dir === 'in' && r.sio?.type === 'ACK')
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    await table.dispatch('connections.close', { session: replaying.session });
    const replay = ok<ReplayResult>(await running);
    expect(replay.cancelled).toBe(true);
    expect(replay.info.reason).toBe('replay cancelled: only what ran is compared');
    expect(replay.diff.counts).toMatchObject({ missing: 0, different: 0 });
    expect(replay.diff.answers.filter((a) => a.kind === 'ack').map((a) => a.replayed?.args)).toEqual([
      ['first'],
    ]);
  });

  it('refuses what does not fit with one line', async () => {
    expect(await table.dispatch('connections.proxy', { target: 'ftp://example.com' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: /unsupported target scheme "ftp:"/ },
    });
    expect(await table.dispatch('connections.proxy', { target: sio4.url, insecure: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: /options\.insecure must be true or false/ },
    });
    expect(await table.dispatch('connections.proxy', { target: sio4.url, listenPort: 70000 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: /options\.listenPort/ },
    });
    expect(
      await table.dispatch('sessions.replay', { session: 's1', target: sio4.url, speed: -1 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-request', message: /request\.speed/ } });
  });
});

function ok<T>(outcome: Outcome<unknown>): T {
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

async function page(session: string): Promise<SessionRecord[]> {
  return ok<SessionRecord[]>(await table.dispatch('sessions.page', { session, from: 0, count: 5000 }));
}

function emitTo(session: string): object {
  return { session, nsp: '/', event: 'x', args: [], ack: false };
}
