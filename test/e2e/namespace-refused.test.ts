// A refused namespace end to end: Chromium against `sio-inspector serve` and a real socket.io 4 server
// whose /admin wants the token "secret". An emit on the refused namespace says why it cannot go and is
// not listed as sent; once a raw CONNECT with the token is accepted, emits on it go on the wire and are
// acked.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startSocketIo4Server, type TestServer } from '../support/servers';
import { connect, rowsOfKind, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('a refused namespace joined later', { timeout: 120_000 }, () => {
  let server: TestServer;
  let page: Page;
  openServedApp('namespace-refused', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
  });

  const emitOnAdmin = async (event: string): Promise<void> => {
    await showView(page, 'emit');
    await page.getByTestId('emit-nsp').fill('/admin');
    await page.getByTestId('emit-event').fill(event);
    await page.locator('[data-testid=emit-send]:not([disabled])').click({ timeout: TIMEOUT });
  };

  /** Waits for a row in the timeline, heartbeats hidden (at 300 ms they push everything else away). */
  const inTimeline = async (row: Locator): Promise<void> => {
    await showView(page, 'timeline');
    await page.getByTestId('filter-hide-heartbeats').check();
    await row.waitFor({ timeout: TIMEOUT });
  };

  it('says an emit on the refused namespace cannot go, and does not list it as sent', async () => {
    await connect(page, server.url, { namespaces: '/, /admin' });
    await inTimeline(rowsOfKind(page, 'error').filter({ hasText: 'unauthorized' }).first());
    await emitOnAdmin('before-join');
    await page
      .getByTestId('error')
      .filter({ hasText: /before-join.*\/admin.*refused/ })
      .waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('emit-history-item').allTextContents()).not.toContainEqual(
      expect.stringContaining('before-join'),
    );
  });

  const adminConnects = (): Promise<number> =>
    page.getByTestId('sequence-step').filter({ hasText: 'CONNECT /admin' }).count();

  it('emits on the namespace once a raw CONNECT joined it', async () => {
    // The sequence as it stands: our CONNECT /admin, refused.
    await showView(page, 'sequence');
    await page
      .locator('[data-testid=sequence-diagram] .seq-bad')
      .filter({ hasText: 'CONNECT_ERROR /admin' })
      .waitFor({ timeout: TIMEOUT });
    expect(await adminConnects()).toBe(1);
    await showView(page, 'raw');
    await page.getByTestId('raw-frame').fill(`40/admin,{"token":"${ADMIN_TOKEN}"}`);
    await page.getByTestId('raw-send').click();
    await inTimeline(rowsOfKind(page, 'connect').filter({ hasText: 'sid' }).nth(1));
    await emitOnAdmin('echo');
    // The EVENT went on the wire and the server acked it.
    await inTimeline(rowsOfKind(page, 'event').filter({ hasText: 'echo' }).first());
    await inTimeline(rowsOfKind(page, 'ack').filter({ hasText: 'hello' }).first());
  });

  it('shows the join in the sequence while heartbeats keep arriving', async () => {
    // Our second CONNECT /admin and the server's: the analysis follows the live session.
    await showView(page, 'sequence');
    await expect.poll(adminConnects, { timeout: TIMEOUT }).toBe(3);
  });
});
