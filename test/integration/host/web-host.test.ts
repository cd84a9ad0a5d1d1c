import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeEvent, SessionInfo } from '../../../shared/bridge/api';
import { UserError } from '../../../shared/user-error';
import { createHandlerTable, type HandlerTable } from '../../../electron/app/handler-table';
import { startWebHost, type WebHost } from '../../../electron/host/web-host';
import { connectBridge, eventually, get, upgradeStatus } from '../../support/host-client';
import { tempDir } from '../../support/temp-dir';

const FRAME_LINES = [
  {
    t: 0,
    dir: 'in',
    transport: 'websocket',
    text: '0{"sid":"a","upgrades":[],"pingInterval":300,"pingTimeout":200}',
  },
  { t: 1, dir: 'out', transport: 'websocket', text: '40' },
  { t: 2, dir: 'in', transport: 'websocket', text: '40{"sid":"s1"}' },
  { t: 3, dir: 'out', transport: 'websocket', text: '421["echo","hi"]' },
  { t: 5, dir: 'in', transport: 'websocket', text: '431["hi"]' },
  { t: 6, dir: 'in', transport: 'websocket', text: '42["chat","Needle in a haystack"]' },
]
  .map((l) => JSON.stringify(l))
  .join('\n');

let table: HandlerTable;
let host: WebHost;
let port: number;
let cookie: string;

beforeAll(async () => {
  // The renderer folder, and beside it a file that must never be served.
  const parent = tempDir('sio-web-host');
  const renderer = join(parent, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(
    join(renderer, 'index.html'),
    '<!doctype html><script type="module" src="./assets/app.js"></script>',
  );
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("app");');
  const outside = join(parent, 'outside-root.txt');
  writeFileSync(outside, 'secret');
  symlinkSync(outside, join(renderer, 'assets', 'link.txt'));
  table = createHandlerTable();
  host = await startWebHost({ table, rendererDir: renderer });
  port = host.port;
  const page = await get(port, `/?token=${host.token}`);
  cookie = String(page.headers['set-cookie']).split(';')[0] ?? '';
});

afterAll(async () => {
  await host.close();
  await table.dispose();
});

describe('web host: pages and assets', () => {
  it('prints a 127.0.0.1 URL with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('serves the page with the token, with a strict CSP and a session cookie', async () => {
    const page = await get(port, `/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('assets/app.js');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(String(page.headers['set-cookie'])).toMatch(
      new RegExp(`^sio-inspector-${port}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$`),
    );
  });

  it('never puts the token in the cookie, and the cookie value works as no token', async () => {
    // 127.0.0.1's cookies go to every port on it: what they carry must be useless as the token.
    const value = cookie.split('=')[1] ?? '';
    expect(value).not.toBe(host.token);
    expect(value).not.toContain(host.token.slice(0, 8));
    expect((await get(port, `/?token=${value}`)).status).toBe(403);
    const url = `ws://127.0.0.1:${port}/bridge?token=${value}`;
    expect(await upgradeStatus(url, { origin: `http://127.0.0.1:${port}`, cookie })).toBe(403);
  });

  it.each([
    ['no token', '/'],
    ['a wrong token', '/?token=not-the-token'],
    ['a token one character short', () => `/?token=${host.token.slice(1)}`],
  ])('refuses the page with %s (403)', async (_, path) => {
    const response = await get(port, typeof path === 'function' ? path() : path);
    expect(response.status).toBe(403);
    expect(response.body).toMatch(/^forbidden: open the URL sio-inspector printed/);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('refuses the page even with the cookie: the page URL must carry the token', async () => {
    expect((await get(port, '/', { cookie })).status).toBe(403);
  });

  it('serves assets with the cookie or the token, and refuses them without', async () => {
    const withCookie = await get(port, '/assets/app.js', { cookie });
    expect(withCookie.status).toBe(200);
    expect(withCookie.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(withCookie.body).toBe('console.log("app");');
    expect((await get(port, `/assets/app.js?token=${host.token}`)).status).toBe(200);
    expect((await get(port, '/assets/app.js')).status).toBe(403);
    expect((await get(port, '/assets/app.js', { cookie: `sio-inspector-${port}=wrong` })).status).toBe(403);
    expect((await get(port, '/assets/missing.js', { cookie })).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/../outside-root.txt',
      '/%2e%2e/outside-root.txt',
      '/assets/..%2f..%2foutside-root.txt',
      '/assets/link.txt',
    ]) {
      const response = await get(port, path, { cookie });
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('secret');
    }
  });

  it('refuses a foreign Host header (DNS rebinding), even with the token', async () => {
    for (const hostHeader of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, 'localhost']) {
      const response = await get(port, `/?token=${host.token}`, { host: hostHeader });
      expect(response.status).toBe(403);
      expect(response.body).toBe('forbidden: unknown Host\n');
    }
    // No Host at all: Node's HTTP/1.1 parser answers 400 before we see the request.
    expect((await get(port, `/?token=${host.token}`, { host: '' })).status).toBe(400);
    expect((await get(port, `/?token=${host.token}`, { host: `localhost:${port}` })).status).toBe(200);
  });

  it('allows GET and HEAD only', async () => {
    const response = await get(port, `/?token=${host.token}`, {}, 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });
});

describe('web host: the bridge socket', () => {
  const bridge = (query: string): string => `ws://127.0.0.1:${port}/bridge${query}`;
  const origin = (): string => `http://127.0.0.1:${port}`;

  it('accepts our page: token, Origin and Host right', async () => {
    expect(await upgradeStatus(bridge(`?token=${host.token}`), { origin: origin() })).toBe(101);
    expect(
      await upgradeStatus(`ws://localhost:${port}/bridge?token=${host.token}`, {
        origin: `http://localhost:${port}`,
      }),
    ).toBe(101);
  });

  it.each([
    ['no token', () => bridge(''), () => ({ origin: origin() })],
    ['a wrong token', () => bridge('?token=nope'), () => ({ origin: origin() })],
    ['a token only in the cookie', () => bridge(''), () => ({ origin: origin(), cookie })],
    ['a foreign Origin', () => bridge(`?token=${host.token}`), () => ({ origin: 'http://evil.example' })],
    [
      'another port as Origin',
      () => bridge(`?token=${host.token}`),
      () => ({ origin: `http://127.0.0.1:${port + 1}` }),
    ],
    ['no Origin', () => bridge(`?token=${host.token}`), () => ({})],
    [
      'a foreign Host',
      () => bridge(`?token=${host.token}`),
      () => ({ origin: origin(), host: `rebound.example:${port}` }),
    ],
  ])('refuses %s (403)', async (_, url, headers) => {
    expect(await upgradeStatus(url(), headers())).toBe(403);
  });

  it('opens an uploaded session, pages and filters it over the bridge', async () => {
    const { bridge: api, events } = connectBridge(host.url);
    try {
      const info = await api.sessions.open({ content: FRAME_LINES, name: 'frames.ndjson' });
      expect(info).toMatchObject({ kind: 'file', title: 'frames.ndjson' });
      const done = (e: BridgeEvent): boolean =>
        e.type === 'session' && e.info.session === info.session && e.info.state === 'offline';
      await eventually(api, events, done);
      const records = await api.sessions.page({ session: info.session, from: 0, count: 100 });
      expect(records).toHaveLength(6);
      expect(records[5]).toMatchObject({
        sio: { type: 'EVENT', event: 'chat', args: ['Needle in a haystack'] },
      });
      expect(await api.sessions.filter({ session: info.session, filter: { text: 'NEEDLE' } })).toEqual({
        total: 6,
        indices: [5],
      });
      expect(await api.sessions.filter({ session: info.session, filter: { dir: 'out' } })).toEqual({
        total: 6,
        indices: [1, 3],
      });
      const [analysis] = await api.sessions.analyse({ session: info.session });
      expect(analysis?.acks.pairs).toEqual([expect.objectContaining({ id: 1, latencyMs: 2 })]);
      const list: readonly SessionInfo[] = await api.sessions.list();
      expect(list.map((s) => s.session)).toContain(info.session);
    } finally {
      api.close();
    }
  });

  it('carries UserErrors with their kind, and refuses what does not validate', async () => {
    const { bridge: api } = connectBridge(host.url);
    try {
      const notFound = await api.sessions
        .page({ session: 'zz9', from: 0, count: 1 })
        .catch((e: unknown) => e);
      expect(notFound).toBeInstanceOf(UserError);
      expect(notFound).toMatchObject({
        kind: 'not-found',
        message: 'no session "zz9" (closed, or never opened)',
      });
      const invalid = await api.sessions.page({ session: 's1', from: -1, count: 1 }).catch((e: unknown) => e);
      expect(invalid).toMatchObject({ kind: 'usage', message: /request\.from must be between 0/ });
      const noDialog = await api.sessions.open({}).catch((e: unknown) => e);
      expect(noDialog).toMatchObject({ kind: 'unsupported' });
      const notSession = await api.sessions
        .open({ content: 'hello', name: 'n.txt' })
        .catch((e: unknown) => e);
      expect(notSession).toMatchObject({ kind: 'input', message: /^n\.txt is not a session/ });
    } finally {
      api.close();
    }
  });
});
