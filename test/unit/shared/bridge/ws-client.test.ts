import { describe, expect, it } from 'vitest';
import type { BridgeEvent } from '../../../../shared/bridge/api';
import { UserError } from '../../../../shared/user-error';
import { bridgeUrl, parseWireRequest } from '../../../../shared/bridge/wire';
import { createWebBridge, type SocketLike } from '../../../../shared/bridge/ws-client';

/** A socket the test drives: what the page sent, and server frames and state changes on demand. */
class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: unknown[] = [];
  readonly closedWith: unknown[] = [];
  private readonly listeners = new Map<string, ((event: { readonly data: unknown }) => void)[]>();

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(code?: number, reason?: string): void {
    this.closedWith.push([code, reason]);
    this.readyState = 3;
    this.fire('close');
  }

  addEventListener(type: string, listener: (event: { readonly data: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  open(): void {
    this.readyState = 1;
    this.fire('open');
  }

  receive(message: unknown): void {
    this.fire('message', typeof message === 'string' ? message : JSON.stringify(message));
  }

  drop(): void {
    this.readyState = 3;
    this.fire('close');
  }

  private fire(type: string, data?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

describe('createWebBridge', () => {
  it('queues calls until the socket opens, then matches replies by id', async () => {
    const socket = new FakeSocket();
    const api = createWebBridge(socket);
    const list = api.sessions.list();
    const page = api.sessions.page({ session: 's1', from: 0, count: 2 });
    expect(socket.sent).toEqual([]);
    socket.open();
    expect(socket.sent).toEqual([
      { id: 1, method: 'sessions.list' },
      { id: 2, method: 'sessions.page', params: { session: 's1', from: 0, count: 2 } },
    ]);
    socket.receive({ id: 2, ok: true, result: [{ t: 0, conn: 'c1', event: 'ws-open' }] });
    socket.receive({ id: 1, ok: true, result: [] });
    expect(await list).toEqual([]);
    expect(await page).toEqual([{ t: 0, conn: 'c1', event: 'ws-open' }]);
  });

  it('rejects with the UserError of an error reply, its kind and cause kept', async () => {
    const socket = new FakeSocket();
    socket.open();
    const api = createWebBridge(socket);
    const call = api.sessions.analyse({ session: 'nope' });
    socket.receive({
      id: 1,
      ok: false,
      error: {
        code: 'failed',
        kind: 'protocol',
        message: 'handshake refused',
        why: { cause: 'version', setting: 'eio', value: 3 },
      },
    });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).data()).toEqual({
      kind: 'protocol',
      message: 'handshake refused',
      why: { cause: 'version', setting: 'eio', value: 3 },
    });
  });

  it('delivers pushed events to every listener until unsubscribed, and ignores junk frames', () => {
    const socket = new FakeSocket();
    socket.open();
    const api = createWebBridge(socket);
    const a: BridgeEvent[] = [];
    const b: BridgeEvent[] = [];
    api.onEvent((e) => a.push(e));
    const stopB = api.onEvent((e) => b.push(e));
    const event: BridgeEvent = { type: 'records', session: 's1', from: 0, records: [], total: 3 };
    socket.receive({ event });
    stopB();
    socket.receive('not json');
    socket.receive({ id: 99, ok: true, result: 1 });
    socket.receive({ event });
    expect(a).toEqual([event, event]);
    expect(b).toEqual([event]);
  });

  it('rejects pending and later calls once the socket is gone, and says so once', async () => {
    const socket = new FakeSocket();
    socket.open();
    const api = createWebBridge(socket);
    const events: BridgeEvent[] = [];
    api.onEvent((e) => events.push(e));
    const pending = api.sessions.list();
    socket.drop();
    await expect(pending).rejects.toMatchObject({
      kind: 'network',
      message: /lost the connection to sio-inspector/,
    });
    await expect(api.sessions.list()).rejects.toMatchObject({
      kind: 'network',
      message: 'not connected to sio-inspector',
    });
    expect(events).toEqual([{ type: 'error', message: expect.stringMatching(/lost the connection/) }]);
  });

  it('closes quietly when the page asks', async () => {
    const socket = new FakeSocket();
    socket.open();
    const api = createWebBridge(socket);
    const events: BridgeEvent[] = [];
    api.onEvent((e) => events.push(e));
    const pending = api.sessions.list();
    api.close();
    await expect(pending).rejects.toMatchObject({ message: 'the bridge was closed' });
    expect(socket.closedWith).toEqual([[1000, 'closed by the page']]);
    expect(events).toEqual([]);
  });
});

describe('bridgeUrl', () => {
  it.each([
    ['http://127.0.0.1:5123/?token=abc_-1', 'ws://127.0.0.1:5123/bridge?token=abc_-1'],
    ['http://localhost:80/index.html?x=1&token=t0k#top', 'ws://localhost:80/bridge?token=t0k'],
    ['https://127.0.0.1:9/?token=z', 'wss://127.0.0.1:9/bridge?token=z'],
  ])('%s → %s', (page, socket) => {
    expect(bridgeUrl(page)).toBe(socket);
  });

  it.each([
    'http://127.0.0.1:5123/',
    'http://127.0.0.1:5123/?token=',
    'file:///x/index.html?token=a',
    'nonsense',
  ])('has no socket for %s', (page) => {
    expect(bridgeUrl(page)).toBeUndefined();
  });
});

describe('parseWireRequest', () => {
  it('reads a request, params optional', () => {
    expect(parseWireRequest('{"id":3,"method":"sessions.list"}')).toEqual({
      request: { id: 3, method: 'sessions.list', params: undefined },
    });
    expect(parseWireRequest('{"id":0,"method":"x","params":{"a":1}}')).toEqual({
      request: { id: 0, method: 'x', params: { a: 1 } },
    });
  });

  it.each([
    ['{', 'not JSON'],
    ['[1]', 'not a JSON object'],
    ['{"method":"x"}', '"id" must be a non-negative integer'],
    ['{"id":-1,"method":"x"}', '"id" must be a non-negative integer'],
    ['{"id":1.5,"method":"x"}', '"id" must be a non-negative integer'],
    ['{"id":1,"method":7}', '"method" must be a string'],
  ])('refuses %s', (text, error) => {
    expect(parseWireRequest(text)).toEqual({ error });
  });
});
