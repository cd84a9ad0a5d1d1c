// The app for one describe block: `sio-inspector serve` and Chromium started before its tests, the page
// opened at the printed URL, everything stopped after them, and a screenshot of the page for each test
// that fails (test-results/screenshots/FAILED-<name>-<test>.png).
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium, screenshot } from './browser';
import { startServe, type Served } from './serve';

export const VIEWPORT = { width: 1440, height: 900 };

/** Registers the hooks; `onPage` receives the page once it is open. */
export function openServedApp(name: string, onPage: (page: Page) => void): void {
  let browser: Browser | undefined;
  let served: Served | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchChromium()]);
    page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await page.goto(served.url);
    onPage(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page !== undefined)
      await screenshot(page, `FAILED-${name}-${context.task.name}`).catch(() => undefined);
  });
}
