// Recording a browser from the app: the new-connection form's "Browser" kind, in Chromium, against a
// page served by the test that runs the official socket.io 4 browser client. Launched, the app starts
// Debian's Chromium (headless) on the page and the page's two connections show up as they open;
// attached, it follows a Chromium the test started with --remote-debugging-port, only the tab it names,
// and stopping leaves that browser and its page connected.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDebuggableBrowser, type DebuggableBrowser } from '../support/debuggable-browser';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { servePages, type PageSite } from '../support/socket-io-pages';
import { SCENARIOS } from '../support/socket-io-scenarios';
import { rows, setFilterField, TIMEOUT } from './support/app-page';
import { chromiumMissing, screenshot } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('recording a browser from the app', { timeout: 120_000 }, () => {
  let server: TestServer;
  let site: PageSite;
  let debuggable: DebuggableBrowser | undefined;
  let page: Page;
  openServedApp('browser', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
    site = servePages(server, 'v4', SCENARIOS);
  });

  afterAll(async () => {
    await debuggable?.close();
    await server?.close();
  });

  it("opens a page in a browser and shows the page's connections as they open", async () => {
    await page.getByTestId('new-connection').click();
    await page.getByTestId('connect-kind-browser').click();
    await page.getByTestId('browser-url').fill(`${site.base}/page/two`);
    await page.getByTestId('browser-headless').check();
    await page.getByTestId('browser-start').click();
    await page.getByTestId('browser-banner').waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('browser-banner').textContent()).toContain(`${site.base}/page/two`);

    // The page's two sockets (one polling only, one WebSocket only) each end by emitting `done`.
    await site.waitForDone(2);
    expect(site.sockets).toHaveLength(2);
    await page.locator('.row-header .cell-conn').waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('filter-conn').locator('option').allTextContents()).toEqual([
      'All connections',
      'c1',
      'c2',
    ]);
    await expectDone(page, ['c1', 'c2']);
    await expectNoErrors(page);
    await screenshot(page, 'chromium-browser-launch');

    // Stopping the recording closes the browser it started: the server sees both sockets go.
    await page.getByTestId('disconnect').click();
    await page
      .getByTestId('session-state')
      .filter({ hasText: /closed/i })
      .waitFor({ timeout: TIMEOUT });
    await expect.poll(() => site.sockets.every((s) => s.closed), { timeout: TIMEOUT }).toBe(true);
  });

  it('attaches to a running browser, records only the tab it names, and leaves it running', async () => {
    debuggable = await startDebuggableBrowser();
    const before = site.sockets.length;
    await page.getByTestId('new-connection').click();
    await page.getByTestId('connect-kind-browser').click();
    await page.getByTestId('browser-mode').locator('[data-value=attach]').click();
    await page.getByTestId('browser-cdp').fill(`http://127.0.0.1:${debuggable.port}`);
    await page.getByTestId('browser-tab').fill('page/websocket');
    await page.getByTestId('browser-start').click();
    await page.getByTestId('browser-banner').waitFor({ timeout: TIMEOUT });

    // Both tabs open after attaching; only the one whose URL holds "page/websocket" is recorded.
    await debuggable.openTab(`${site.base}/page/two`);
    await debuggable.openTab(`${site.base}/page/websocket`);
    await site.waitForDone(2 + 2 + 1);
    await expectDone(page, ['c1']);
    // One connection: the WebSocket page's; `two`'s pair of sockets is not in it.
    expect(await page.locator('.row-header .cell-conn').count()).toBe(0);
    await setFilterField(page, 'filter-event', 'echo-binary');
    await expect.poll(() => rows(page).count(), { timeout: TIMEOUT }).toBe(1);
    await page.getByTestId('filter-clear').click();
    await expectNoErrors(page);

    await page.getByTestId('disconnect').click();
    await page
      .getByTestId('session-state')
      .filter({ hasText: /closed/i })
      .waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'chromium-browser-attach');
    expect(debuggable.running).toBe(true);
    expect(site.sockets.slice(before).filter((s) => s.closed)).toEqual([]);
  });
});

/** The rows of the `done` emits, filtered by event name: one per connection in `conns`. */
async function expectDone(page: Page, conns: readonly string[]): Promise<void> {
  await setFilterField(page, 'filter-event', 'done');
  await expect.poll(() => rows(page).count(), { timeout: TIMEOUT }).toBe(conns.length);
  if (conns.length > 1)
    expect((await rows(page).locator('.cell-conn').allTextContents()).sort()).toEqual(conns);
  await page.getByTestId('filter-clear').click();
}

/** No record of the session has an error: the errors-only filter shows none of them. */
async function expectNoErrors(page: Page): Promise<void> {
  await page.getByTestId('filter-errors').check();
  await page
    .getByTestId('row-count')
    .filter({ hasText: /^0 of / })
    .waitFor({ timeout: TIMEOUT });
  await page.getByTestId('filter-clear').click();
}
