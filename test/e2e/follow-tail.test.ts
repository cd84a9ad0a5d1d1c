// Following a live tail end to end: Chromium against `sio-inspector serve` and a socket.io 4 server that
// sends 500 events a second. The canvas shows each batch as it comes; the rows as DOM elements (what
// assistive technology and scripts read) catch up with it every half second at most, so they too keep
// moving down with the newest records while records keep coming, not only once they stop.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRateServer, type RateServer } from '../bench/rate-server';
import { connect, rows, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

const RATE = 500;
const SECONDS = 8;

describe.skipIf(chromiumMissing)('following a live tail', { timeout: 120_000 }, () => {
  let server: RateServer;
  let page: Page;
  openServedApp('follow-tail', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startRateServer(RATE, SECONDS);
  });

  afterAll(() => {
    server?.stop();
  });

  /** The newest record among the DOM rows (they are in slot order, not row order). */
  const newestRow = (): Promise<number> =>
    page.evaluate(() =>
      Math.max(
        -1,
        ...Array.from(document.querySelectorAll('[data-testid=frame-row]')).map((r) =>
          Number(r.getAttribute('data-index')),
        ),
      ),
    );

  it('keeps the newest records in the DOM rows while they arrive, and the last one at the end', async () => {
    await connect(page, server.url);
    await rows(page, /tick/).first().waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('follow-toggle').getAttribute('aria-pressed')).toBe('true');
    // Four seconds of records, sampled every 200 ms: a catch-up put off until the records stop would
    // leave the DOM rows where they were.
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) {
      seen.add(await newestRow());
      await page.waitForTimeout(200);
    }
    expect(seen.size).toBeGreaterThanOrEqual(5);
    await rows(page, /done/).first().waitFor({ timeout: TIMEOUT });
    const count = Number(
      ((await page.getByTestId('record-count').first().textContent()) ?? '').replace(/\D/g, ''),
    );
    expect(await newestRow()).toBe(count - 1);
    expect(await page.getByTestId('follow-toggle').getAttribute('aria-pressed')).toBe('true');
  });
});
