// The session tab strip end to end, at the smallest window the app supports: Chromium against
// `sio-inspector serve` and a real socket.io 4 server. Every tab a connection, a file or a replay opens
// is scrolled into the strip's sight, and three replays of one file to one server read differently.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { connect, openSessionFile, TIMEOUT } from './support/app-page';
import { chromiumMissing, screenshot } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('the session tab strip', { timeout: 180_000 }, () => {
  let server: TestServer;
  let page: Page;
  openServedApp('session-tabs', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
  });

  const tabs = (): Locator => page.getByTestId('session-tab');
  const activeTab = (): Locator => page.locator('[data-testid=session-tab][aria-selected=true]');

  /** The active tab lies wholly inside the strip's visible part. */
  const expectActiveInSight = async (): Promise<void> => {
    const strip = await page.getByRole('tablist', { name: 'Sessions' }).boundingBox();
    const tab = await activeTab().boundingBox();
    if (strip === null || tab === null) throw new Error('no tab strip or no active tab');
    expect(tab.x).toBeGreaterThanOrEqual(strip.x - 0.5);
    expect(tab.x + tab.width).toBeLessThanOrEqual(strip.x + strip.width + 0.5);
  };

  /** A tab's label as a user sees it: each part that is cut off reads "…". */
  const shownLabel = (tab: Locator): Promise<string> =>
    tab
      .locator('.session-tab-title')
      .evaluate((title) =>
        (title.children.length > 0 ? Array.from(title.children) : [title])
          .map((part) => (part.scrollWidth > part.clientWidth ? '…' : (part.textContent ?? '')))
          .join(''),
      );

  it('scrolls each new tab into sight and tells replays of one session apart', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    for (let i = 0; i < 3; i++) {
      await connect(page, server.url);
      await expectActiveInSight();
    }
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('save-session').click(),
    ]);
    await openSessionFile(page, await saved.path());
    await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: TIMEOUT });
    await expectActiveInSight();
    const file = await activeTab().textContent();

    for (let i = 1; i <= 3; i++) {
      // Back to the file: its tab comes into sight again.
      await tabs()
        .filter({ hasText: file ?? '' })
        .first()
        .click();
      await expectActiveInSight();
      await page.getByTestId('replay').click();
      await page.getByTestId('replay-target').fill(server.url);
      await page.getByTestId('replay-speed').selectOption('0');
      await page.getByTestId('replay-start').click();
      await page.getByTestId('replay-diff').waitFor({ timeout: 30_000 });
      await expect.poll(() => tabs().count(), { timeout: TIMEOUT }).toBe(4 + i);
      await expectActiveInSight();
    }
    await screenshot(page, 'session-tabs-1024x700');

    const replays = tabs().filter({ hasText: 'replay of' });
    expect(await replays.count()).toBe(3);
    const labels = await Promise.all([0, 1, 2].map((i) => shownLabel(replays.nth(i))));
    expect(new Set(labels).size).toBe(3);
    // The whole title, the same for the three, is each tab's tooltip.
    const titles = await Promise.all([0, 1, 2].map((i) => replays.nth(i).getAttribute('title')));
    expect(titles[0]).toMatch(/^replay of .* → /);
  });
});
