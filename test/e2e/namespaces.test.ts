// Namespaces as first-class in the app, in Chromium against `sio-inspector serve` and a real socket.io 4
// server whose /admin wants the token "secret": a connection whose only namespace was refused says so in
// its header instead of a green OPEN; the Emit tab joins the namespace again with its own auth, shows it
// connected, re-authenticates it and leaves it, on the same connection.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { setEditorText, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('namespaces in the app', { timeout: 120_000 }, () => {
  let page: Page;
  let server: TestServer;
  openServedApp('namespaces', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
  });

  const row = (nsp: string, status: string): string =>
    `[data-testid=namespace][data-nsp="${nsp}"][data-status=${status}]`;

  it('says "refused" in the header when every namespace was refused', async () => {
    await page.getByTestId('new-connection').click();
    await page.getByTestId('connect-url').fill(server.url);
    await page.getByTestId('connect-namespaces').fill('/admin');
    await setEditorText(page, 'connect-auth', '{"token": "wrong"}');
    await page.getByTestId('connect').click();
    const state = page.getByTestId('session-state');
    await state.filter({ hasText: /^refused$/i }).waitFor({ timeout: TIMEOUT });
    expect(await state.getAttribute('title')).toBe('Every namespace was refused: /admin (unauthorized)');
  });

  it('joins the namespace again with its own auth, re-authenticates it and leaves it', async () => {
    await showView(page, 'emit');
    await page.locator(row('/admin', 'refused')).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('join-nsp').fill('/admin');
    await page.getByTestId('join-auth').fill('{"token": "secret"}');
    await page.getByTestId('join').click();
    await page.locator(row('/admin', 'connected')).waitFor({ timeout: TIMEOUT });
    await page
      .getByTestId('session-state')
      .filter({ hasText: /^open$/i })
      .waitFor({ timeout: TIMEOUT });

    await page.getByTestId('join-auth').fill('{"token": "wrong"}');
    await page.locator(row('/admin', 'connected')).getByTestId('namespace-rejoin').click();
    await page.locator(row('/admin', 'refused')).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('join-auth').fill('{"token": "secret"}');
    await page.locator(row('/admin', 'refused')).getByTestId('namespace-rejoin').click();
    await page.locator(row('/admin', 'connected')).waitFor({ timeout: TIMEOUT });

    await page.getByTestId('join-nsp').fill('/');
    await page.getByTestId('join-auth').fill('');
    await page.getByTestId('join').click();
    await page.locator(row('/', 'connected')).waitFor({ timeout: TIMEOUT });
    await page.locator(row('/admin', 'connected')).getByTestId('namespace-leave').click();
    await page.locator(row('/admin', 'disconnected')).waitFor({ timeout: TIMEOUT });
    // The connection itself stays open on "/".
    expect(await page.getByTestId('session-state').textContent()).toMatch(/open/i);
  });
});
