// Secrets from the app, in Chromium against a real socket.io 4 server: a connection with a credential in
// its query and its auth payload is saved masked; the saved file, opened again, replays only once the
// masked values are given in the replay form (the server's /admin takes the real token only); with
// "Keep secrets in recordings" on, a save holds them in clear.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startSocketIo4Server, type TestServer } from '../support/servers';
import { openSessionFile, rows, rowsOfKind, setEditorText, TIMEOUT } from './support/app-page';
import { chromiumMissing, screenshot } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('secrets in the app', { timeout: 120_000 }, () => {
  let server: TestServer;
  let page: Page;
  let masked = '';
  openServedApp('secrets', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
  });

  /** Connects to / and /admin with the token in the auth payload and a credential in the query. */
  async function connectWithSecrets(): Promise<void> {
    await page.getByTestId('new-connection').click();
    await page.getByTestId('connect-url').fill(server.url);
    await page.getByTestId('connect-namespaces').fill('/, /admin');
    await page.getByTestId('connect-query').fill('access_token=query-secret');
    await setEditorText(page, 'connect-auth', `{"token": "${ADMIN_TOKEN}"}`);
    await page.getByTestId('connect').click();
    await page.getByTestId('session-state').filter({ hasText: /open/i }).waitFor({ timeout: TIMEOUT });
    await adminJoined();
  }

  /** The server let the session into /admin: a CONNECT row for /admin from each side. */
  async function adminJoined(): Promise<void> {
    await expect
      .poll(() => rowsOfKind(page, 'connect').filter({ hasText: '/admin' }).count(), { timeout: TIMEOUT })
      .toBe(2);
  }

  async function saved(): Promise<string> {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('save-session').click(),
    ]);
    return download.path();
  }

  it('saves a live session with its credentials masked', async () => {
    expect(await page.getByTestId('keep-secrets').isChecked()).toBe(false);
    await connectWithSecrets();
    masked = await saved();
    const text = readFileSync(masked, 'utf8');
    expect(text).not.toContain('query-secret');
    expect(text).not.toContain(`"token":"${ADMIN_TOKEN}"`);
    expect(text).toContain('<redacted>');
    await page.getByTestId('disconnect').click();
  });

  it('replays the masked file only with the masked values given', async () => {
    await openSessionFile(page, masked);
    await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('replay').click();
    await page.getByTestId('replay-target').fill(server.url);
    await page.getByTestId('replay-speed').selectOption('0');
    await page.getByTestId('replay-start').click();
    await page
      .getByTestId('error')
      .filter({ hasText: /secrets masked \(.*query access_token.*auth of \/admin.*\)/ })
      .waitFor({ timeout: TIMEOUT });

    await page.getByTestId('replay').click();
    await page.getByTestId('replay-target').fill(server.url);
    await page.getByTestId('replay-speed').selectOption('0');
    await page.locator('.replay-secrets summary').click();
    await page.getByTestId('replay-secret-query').fill('access_token=query-secret');
    await page.getByTestId('replay-secret-auth').fill(`{"token": "${ADMIN_TOKEN}"}`);
    await screenshot(page, 'chromium-replay-masked-values');
    await page.getByTestId('replay-start').click();
    await page.getByTestId('replay-diff').waitFor({ timeout: 30_000 });
    await adminJoined();
    expect(await rows(page, /unauthorized/).count()).toBe(0);
  });

  it('keeps them in clear with "Keep secrets in recordings" on', async () => {
    await page.getByTestId('new-connection').click();
    await page.getByTestId('keep-secrets').check();
    await connectWithSecrets();
    const text = readFileSync(await saved(), 'utf8');
    expect(text).toContain('query-secret');
    expect(text).toContain(`"token":"${ADMIN_TOKEN}"`);
    await page.getByTestId('disconnect').click();
    // The setting stays for the next start of the app, in its settings file (not the page's storage).
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByTestId('new-connection').click();
    expect(await page.getByTestId('keep-secrets').isChecked()).toBe(true);
  });
});
