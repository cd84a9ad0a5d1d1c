// The Electron IPC path of the bridge without Electron: the main side's answer (ipc-answer.ts) called
// with a stand-in invoke event, its value copied as IPC copies it (structured clone), the preload's
// enveloped API over that, and the page's unwrapping. The renderer must see the same UserError,
// code included, as over the web host's WebSocket, which runs here too on the same handler table.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebContents, WebFrameMain } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InspectorApi, SessionInfo } from '../../../../../shared/bridge/api';
import { isBridgeMethod } from '../../../../../shared/bridge/channels';
import {
  createEnvelopedApi,
  unwrapEnvelopedApi,
  type EnvelopedApi,
} from '../../../../../shared/bridge/client';
import { UserError } from '../../../../../shared/user-error';
import { createHandlerTable, type HandlerTable } from '../../../../../electron/app/handler-table';
import { startWebHost, type WebHost } from '../../../../../electron/host/web-host';
import { ipcAnswer, trustedSender, type IpcCall } from '../../../../../electron/desktop/window/ipc-answer';
import { connectBridge } from '../../../../support/host-client';
import { tempDir } from '../../../../support/temp-dir';

const APP = 'sio-inspector://app/';
const isAppUrl = (url: string): boolean => url.startsWith(APP);
const SESSION = readFileSync(
  join(import.meta.dirname, '../../../../fixtures/sessions/socketio4-upgrade.ndjson'),
  'utf8',
);

/** Only the fields the sender check reads; the rest of Electron's objects is not under test. */
function call(sender: object, frame: { parent: object | null; url: string } | null): IpcCall {
  return { sender: sender as WebContents, senderFrame: frame as WebFrameMain | null };
}

let table: HandlerTable;
let host: WebHost;
let web: InspectorApi & { close(): void };
const ourWindow = {};
const admitted = new Set([ourWindow as WebContents]);
const trusted = (event: IpcCall): boolean => trustedSender(event, admitted, isAppUrl);

/** The preload's `window.inspector` over the main side's answers, as IPC carries them. */
function preload(from: IpcCall): EnvelopedApi {
  return createEnvelopedApi({
    call: async (method, params) => structuredClone(await ipcAnswer(table, method, trusted)(from, params)),
    subscribe: (listener) => table.subscribe(listener),
  });
}

const ipc = (): InspectorApi =>
  unwrapEnvelopedApi(preload(call(ourWindow, { parent: null, url: `${APP}index.html` })));

beforeAll(async () => {
  table = createHandlerTable();
  const renderer = tempDir('sio-renderer');
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  host = await startWebHost({ table, rendererDir: renderer });
  web = connectBridge(host.url).bridge;
});

afterAll(async () => {
  web.close();
  await host.close();
  await table.dispose();
});

/** What a call rejects with, to compare across hosts. */
async function failure(run: Promise<unknown>): Promise<UserError> {
  const error: unknown = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UserError)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

describe('bridge errors over Electron IPC', () => {
  it.each<[string, (api: InspectorApi) => Promise<unknown>, string]>([
    [
      'a session that does not exist',
      (api) => api.sessions.page({ session: 's404', from: 0, count: 1 }),
      'not-found',
    ],
    [
      'a request that does not fit',
      (api) => api.sessions.page({ session: 's1', from: -1, count: 1 }),
      'usage',
    ],
    [
      'what this host cannot do',
      (api) => api.connections.open({ url: 'http://127.0.0.1:1', transports: ['websocket'], upgrade: false }),
      'unsupported',
    ],
    ['a file that is not a session', (api) => api.sessions.open({ content: '\n' }), 'input'],
  ])('reach the page with their kind, as over the web host: %s', async (_, request, kind) => {
    const overIpc = await failure(request(ipc()));
    const overWeb = await failure(request(web));
    expect(overIpc.kind).toBe(kind);
    expect(overIpc.data()).toEqual(overWeb.data());
    expect(overIpc.message).not.toContain('\n');
  });

  it('answers with an envelope the preload hands over unopened: a failure resolves, never rejects', async () => {
    const api = preload(call(ourWindow, { parent: null, url: `${APP}index.html` }));
    await expect(api.sessions.close({ session: 's404' })).resolves.toEqual({
      ok: false,
      error: { kind: 'not-found', code: 'not-found', message: expect.stringContaining('s404') as unknown },
    });
    await expect(api.sessions.list()).resolves.toEqual({ ok: true, result: [] });
  });

  it('carries results as the web host does', async () => {
    const opened = await ipc().sessions.open({ content: SESSION, name: 'upgrade.ndjson' });
    expect(opened).toMatchObject({ kind: 'file', title: 'upgrade.ndjson' } satisfies Partial<SessionInfo>);
    await vi.waitFor(async () => {
      const [info] = await ipc().sessions.list();
      expect(info?.state).toBe('offline');
    });
    const page = { session: opened.session, from: 0, count: 10 };
    expect(await ipc().sessions.page(page)).toEqual(await web.sessions.page(page));
  });

  it.each<[string, IpcCall]>([
    ['a window it did not admit', call({}, { parent: null, url: `${APP}index.html` })],
    ['an iframe of our page', call(ourWindow, { parent: {}, url: `${APP}frame.html` })],
    ['our window navigated elsewhere', call(ourWindow, { parent: null, url: 'https://example.com/' })],
    ['a frame already gone', call(ourWindow, null)],
  ])('refuses %s with an invalid-request envelope', async (_, from) => {
    const error = await failure(unwrapEnvelopedApi(preload(from)).sessions.list());
    expect(error.data()).toEqual({ kind: 'usage', message: 'refused: not the inspector window' });
  });

  it('routes every method name the page can call', () => {
    const api = preload(call(ourWindow, { parent: null, url: `${APP}index.html` }));
    const names = Object.entries(api).flatMap(([group, methods]) =>
      typeof methods === 'function' ? [] : Object.keys(methods as object).map((m) => `${group}.${m}`),
    );
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !isBridgeMethod(n))).toEqual([]);
  });
});
