// Offline playback end to end: Chromium against `sio-inspector serve`, the recorded socket.io 4 upgrade
// session opened from the page. Scrubbing and stepping move the playhead; the timeline and the sequence
// diagram show only what happened up to it, and playing at 10x runs to the end.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSessionFile, rows, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { ROOT } from './support/renderer-build';
import { startServe, type Served } from './support/serve';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'sessions', 'socketio4-upgrade.ndjson');
/** Records, not lines: one polling payload holds two packets. */
const RECORDS = 28;

describe.skipIf(chromiumMissing)('offline playback of a saved session', { timeout: 120_000 }, () => {
  let browser: Browser;
  let served: Served;
  let page: Page;

  beforeAll(async () => {
    served = await startServe();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(served.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page, `FAILED-playback-${context.task.name}`).catch(() => undefined);
  });

  const rowCount = (): Promise<string | null> => page.getByTestId('row-count').textContent();
  /** Sequence steps shown with the playhead in the middle of the session. */
  let middle = 0;
  const steps = (): Promise<number> => page.getByTestId('sequence-step').count();

  it('shows every record until playback starts', async () => {
    await openSessionFile(page, FIXTURE);
    await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('playback').waitFor();
    await page
      .getByTestId('row-count')
      .filter({ hasText: String(RECORDS) })
      .waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('playback-time').textContent()).toContain('all records');
  });

  it('steps one record at a time, the timeline following', async () => {
    await page.getByTestId('playback-step').click();
    await page.getByTestId('row-count').filter({ hasText: /^1$/ }).waitFor({ timeout: TIMEOUT });
    await expect.poll(() => rows(page).count()).toBe(1);
    await page.getByTestId('playback-step').click();
    await page.getByTestId('playback-step').click();
    await page.getByTestId('row-count').filter({ hasText: /^3$/ }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('playback-back').click();
    await page.getByTestId('row-count').filter({ hasText: /^2$/ }).waitFor({ timeout: TIMEOUT });
    await expect.poll(() => rows(page).count()).toBe(2);
  });

  it('scrubs to the middle: the sequence diagram shows only the steps so far', async () => {
    await showView(page, 'sequence');
    await page.getByTestId('sequence-step').first().waitFor({ timeout: TIMEOUT });
    const early = await steps();
    await page.getByTestId('playback-scrubber').focus();
    await page.keyboard.press('Home');
    await expect.poll(steps).toBeLessThanOrEqual(1);
    const box = await page.getByTestId('playback-scrubber').boundingBox();
    if (box === null) throw new Error('no scrubber on screen');
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await expect.poll(steps).toBeGreaterThan(0);
    middle = await steps();
    expect(middle).toBeGreaterThanOrEqual(early);
    await screenshot(page, 'chromium-playback-sequence');
  });

  it('plays at 10x to the end, the diagram and timeline complete', async () => {
    await page.getByTestId('playback-speed').selectOption('10');
    const stepsBefore = await steps();
    await page.getByTestId('playback-play').click();
    await page
      .getByTestId('playback-time')
      .filter({ hasText: new RegExp(`${RECORDS} of ${RECORDS}`) })
      .waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=playback-play][aria-pressed=false]').waitFor({ timeout: TIMEOUT });
    expect(await steps()).toBeGreaterThanOrEqual(stepsBefore);
    // The second half of the session holds the /admin namespace's CONNECT exchanges.
    expect(await steps()).toBeGreaterThan(middle);
    for (const step of ['open', '2probe', '3probe', 'upgrade']) {
      expect((await page.getByTestId('sequence-step').allTextContents()).some((s) => s.includes(step))).toBe(
        true,
      );
    }
    await showView(page, 'timeline');
    await page
      .getByTestId('row-count')
      .filter({ hasText: String(RECORDS) })
      .waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'chromium-playback-timeline');
  });

  it('shows only the heartbeat pings up to the playhead', async () => {
    await showView(page, 'heartbeat');
    const points = (): Promise<number> => page.locator('[data-testid=heartbeat-chart] circle.point').count();
    await page.getByTestId('heartbeat-chart').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('playback-scrubber').focus();
    await page.keyboard.press('Home');
    await expect.poll(points).toBe(0);
    await page.keyboard.press('End');
    await expect.poll(points).toBeGreaterThan(1);
    await showView(page, 'timeline');
  });

  it('hands the whole session back', async () => {
    await page.getByTestId('playback-off').click();
    expect(await page.getByTestId('playback-time').textContent()).toContain('all records');
    expect(await rowCount()).toBe(String(RECORDS));
  });
});
