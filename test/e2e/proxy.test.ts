// The recording proxy end to end: started from the new-connection form in Chromium against a real
// socket.io 4 server, a socket.io-client connected through it, its traffic showing up as rows.
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { rows, startProxy, TIMEOUT } from './support/app-page';
import { chromiumMissing, screenshot } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('recording proxy from the app', { timeout: 120_000 }, () => {
  let server: TestServer;
  let page: Page;
  const clients: Socket[] = [];
  openServedApp('proxy', (opened) => (page = opened));

  /** A socket.io-client pointed at the proxy the page shows, once connected; it emits `event` and the
   * row for it shows up. */
  async function clientThrough(transports: string[], event: string): Promise<Socket> {
    const listen = (await page.getByTestId('proxy-listen').textContent()) ?? '';
    const client = io(listen, { transports, reconnection: false, forceNew: true });
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('connect_error', reject);
    });
    client.emit(event, { n: clients.length });
    await rows(page, event).first().waitFor({ timeout: TIMEOUT });
    return client;
  }

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.close();
  });

  it('starts a proxy and says where to point clients', async () => {
    expect(await startProxy(page, server.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('shows the traffic of a client connected through it', async () => {
    await clientThrough(['polling', 'websocket'], 'through-the-proxy');
    expect(await rows(page).count()).toBeGreaterThan(2);
    // One client: no connection column, no connection filter.
    expect(await page.locator('.row-header .cell-conn').count()).toBe(0);
    expect(await page.getByTestId('filter-conn').count()).toBe(0);
  });

  it('tells a second client apart: a connection column and a filter by connection', async () => {
    await clientThrough(['websocket'], 'from-the-second');
    await page.locator('.row-header .cell-conn').waitFor({ timeout: TIMEOUT });
    const options = await page.getByTestId('filter-conn').locator('option').allTextContents();
    expect(options).toEqual(['All connections', 'c1', 'c2']);
    const secondRow = rows(page, /from-the-second/).first();
    expect(await secondRow.locator('.cell-conn').textContent()).toBe('c2');

    await page.getByTestId('filter-conn').selectOption('c1');
    await page.getByTestId('row-count').filter({ hasText: / of / }).waitFor({ timeout: TIMEOUT });
    await rows(page, /through-the-proxy/)
      .first()
      .waitFor({ timeout: TIMEOUT });
    expect(await rows(page, /from-the-second/).count()).toBe(0);
    const conns = await page.locator('[data-testid=frame-row] .cell-conn').allTextContents();
    expect(new Set(conns)).toEqual(new Set(['c1']));
    await screenshot(page, 'chromium-proxy');
  });
});
