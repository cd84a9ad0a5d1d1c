// The timeline by keyboard, in Chromium against `sio-inspector serve` with a session file opened from the
// page: arrow keys move as soon as the list has focus, a search match lands in the middle of the view,
// and Esc in the search field gives the keys back to the list.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { OPENING_FRAMES, openLines, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

const FRAMES = [
  ...OPENING_FRAMES,
  ...Array.from({ length: 400 }, (_, i) => ({
    t: 3 + i,
    dir: 'in',
    transport: 'websocket',
    text: `42["tick","n${i}x"]`,
  })),
];

describe.skipIf(chromiumMissing)('the timeline by keyboard', { timeout: 120_000 }, () => {
  let page: Page;
  openServedApp('keyboard', (opened) => (page = opened));

  const selected = () => page.locator('[data-testid=frame-row][aria-selected=true]');

  it('moves with the arrow keys as soon as the list has focus, without a click on a row', async () => {
    await openLines(page, 'ticks.ndjson', FRAMES);
    await page.getByTestId('timeline').focus();
    await page.keyboard.press('ArrowDown');
    await selected().waitFor({ timeout: TIMEOUT });
    expect(await selected().getAttribute('data-index')).toBe('0');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => selected().getAttribute('data-index')).toBe('1');
  });

  it('puts a search match in the middle of the view, and Esc in search gives the keys back to the list', async () => {
    await page.getByTestId('search-input').fill('n250x');
    await page.getByTestId('search-count').filter({ hasText: /1/ }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => selected().getAttribute('data-index')).toBe('253');
    const list = await page.getByTestId('timeline').boundingBox();
    const row = await selected().boundingBox();
    const middle = list!.y + list!.height / 2;
    expect(Math.abs(row!.y + row!.height / 2 - middle)).toBeLessThanOrEqual(row!.height);

    await page.getByTestId('search-input').press('Escape');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('timeline');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => selected().getAttribute('data-index')).toBe('254');
  });
});
