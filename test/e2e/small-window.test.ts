// The smallest window the desktop app allows (1024×700), end to end: Chromium against `sio-inspector
// serve` and a real socket.io 4 server, a live session with an acked emit and a refused namespace. The
// timeline's Preview column keeps room to read, a record selected or not, and the Sequence facts show
// their values whole.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { connect, emit, rowsOfKind, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing, screenshot } from './support/browser';
import { openServedApp } from './support/served-app';

const SMALLEST = { width: 1024, height: 700 };
/** About 28 characters of the timeline's monospace: an event's first argument, a handshake's sid. */
const PREVIEW_MIN_PX = 200;

describe.skipIf(chromiumMissing)('the smallest window', { timeout: 120_000 }, () => {
  let server: TestServer;
  let page: Page;
  openServedApp('small-window', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
  });

  const previewWidth = async (): Promise<number> =>
    (await page.locator('.row-header [role=columnheader].cell-preview').boundingBox())?.width ?? 0;

  it('keeps the Preview column readable, with and without a record selected', async () => {
    await page.setViewportSize(SMALLEST);
    await connect(page, server.url, { namespaces: '/, /admin' });
    await emit(page, 'echo', '["hello", {"n": 1}]');
    await showView(page, 'timeline');
    // Heartbeats every 300 ms would push the row out of the rendered window of a following timeline.
    await page.getByTestId('filter-hide-heartbeats').check();
    await rowsOfKind(page, 'ack').first().waitFor({ timeout: TIMEOUT });
    expect(await previewWidth()).toBeGreaterThanOrEqual(PREVIEW_MIN_PX);
    await rowsOfKind(page, 'ack').first().click();
    await page.getByTestId('frame-detail').locator('.detail-body').waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'small-window-timeline');
    expect(await previewWidth()).toBeGreaterThanOrEqual(PREVIEW_MIN_PX);
  });

  it('shows every Sequence fact whole, the connection closed too', async () => {
    await showView(page, 'raw');
    await page.getByTestId('fault-drop').click();
    await page
      .getByTestId('session-state')
      .filter({ hasText: /closed/i })
      .waitFor({ timeout: TIMEOUT });
    await showView(page, 'sequence');
    await page.getByTestId('fact-closed').waitFor({ timeout: TIMEOUT });
    const facts = page.locator('[data-testid=connection-facts] .fact');
    await page
      .getByTestId('fact-namespaces')
      .filter({ hasText: 'unauthorized' })
      .waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'small-window-sequence');
    const clipped = await facts.evaluateAll((all) =>
      all.flatMap((fact) => {
        const box = fact.closest('.facts')?.getBoundingClientRect();
        const value = fact.querySelector('dd');
        if (box === undefined || value === null) return [];
        const shown = value.getBoundingClientRect();
        const cut =
          value.scrollWidth > value.clientWidth ||
          shown.right > box.right + 0.5 ||
          shown.left < box.left - 0.5 ||
          shown.bottom > box.bottom + 0.5;
        return cut ? [fact.getAttribute('data-testid') ?? '?'] : [];
      }),
    );
    expect(clipped).toEqual([]);
  });
});
