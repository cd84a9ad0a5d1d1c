// Reconnection from the app: the connection form's switch on, a real socket.io 4.8 server with
// connection-state recovery, the transport dropped from the fault panel; the session comes back as a
// second connection that recovered the first one's state, and says so in its rows.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecoveryServer, type RecoveryServer } from '../support/deployment-servers';
import { rows, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing, screenshot } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('reconnect from the app', { timeout: 120_000 }, () => {
  let server: RecoveryServer;
  let page: Page;
  openServedApp('reconnect', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startRecoveryServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('comes back after a dropped transport as a second connection that recovered the session', async () => {
    await page.getByTestId('new-connection').click();
    await page.getByTestId('connect-url').fill(server.url);
    await page.getByTestId('connect-reconnect').check();
    await page.getByTestId('connect').click();
    await rows(page, 'welcome').first().waitFor({ timeout: TIMEOUT });
    await showView(page, 'raw');
    await page.getByTestId('fault-drop').click();
    await rows(page, /reconnecting to replace c1/)
      .first()
      .waitFor({ timeout: TIMEOUT });
    await rows(page, 'recovered').first().waitFor({ timeout: TIMEOUT });
    await page.getByTestId('session-state').filter({ hasText: /open/i }).waitFor({ timeout: TIMEOUT });
    expect(server.connections.map((c) => c.recovered)).toEqual([false, true]);
    // Two connections: the timeline gets a connection filter.
    await showView(page, 'timeline');
    await page.getByTestId('filter-conn').waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'reconnect-recovered');
  });
});
