// The replay form end to end: Chromium against `sio-inspector serve` and a real socket.io 4 server. The
// form starts with the session's recorded target (or the last one replayed to), closes on Esc and on a
// click elsewhere, and leaves the playhead readout in sight.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { connect, openSessionFile, TIMEOUT } from './support/app-page';
import { chromiumMissing, screenshot } from './support/browser';
import { ROOT } from './support/renderer-build';
import { openServedApp, VIEWPORT } from './support/served-app';

/** Frame lines: no header, so no recorded target. */
const FIXTURE = join(ROOT, 'test', 'fixtures', 'sessions', 'socketio4-upgrade.ndjson');

describe.skipIf(chromiumMissing)('the replay form', { timeout: 120_000 }, () => {
  let server: TestServer;
  let page: Page;
  openServedApp('replay-form', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
  });

  const form = (): ReturnType<Page['getByTestId']> => page.getByTestId('replay-form');

  it('starts with the recorded target, and closes on Esc and on a click elsewhere', async () => {
    // A session saved from a live connection: its file says where it was recorded.
    await connect(page, server.url);
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('save-session').click(),
    ]);
    await openSessionFile(page, await saved.path());
    await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('replay').click();
    expect(await page.getByTestId('replay-target').inputValue()).toBe(server.url);
    // At the usual and at the smallest window the app supports, it leaves the playhead readout in sight,
    // its masked values opened too.
    await page.locator('[data-testid=replay-form] summary').click();
    await page.getByTestId('replay-secret-headers').waitFor();
    for (const size of [VIEWPORT, { width: 1024, height: 700 }]) {
      await page.setViewportSize(size);
      await screenshot(page, `replay-form-${size.width}x${size.height}`);
      expect(overlap(await form().boundingBox(), await page.getByTestId('playback-time').boundingBox())).toBe(
        false,
      );
    }
    await page.keyboard.press('Escape');
    await form().waitFor({ state: 'detached', timeout: TIMEOUT });
    await page.getByTestId('replay').click();
    await form().waitFor();
    await page.getByTestId('timeline').click({ position: { x: 20, y: 20 } });
    await form().waitFor({ state: 'detached', timeout: TIMEOUT });
    await page.setViewportSize(VIEWPORT);
  });

  it('offers the last target replayed to where the session has none', async () => {
    await page.getByTestId('replay').click();
    await page.getByTestId('replay-speed').selectOption('0');
    await page.getByTestId('replay-start').click();
    await page.getByTestId('replay-diff').waitFor({ timeout: 30_000 });
    await openSessionFile(page, FIXTURE);
    await page
      .getByTestId('session-tab')
      .filter({ hasText: 'socketio4-upgrade' })
      .waitFor({ timeout: TIMEOUT });
    await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('replay').click();
    expect(await page.getByTestId('replay-target').inputValue()).toBe(server.url);
    // Kept in the settings file with the rest of what the app keeps, not in the page's storage.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page
      .getByTestId('session-tab')
      .filter({ hasText: 'socketio4-upgrade' })
      .first()
      .click({ timeout: TIMEOUT });
    await page.getByTestId('replay').click();
    expect(await page.getByTestId('replay-target').inputValue()).toBe(server.url);
  });
});

type Box = { x: number; y: number; width: number; height: number } | null;

function overlap(a: Box, b: Box): boolean {
  if (a === null || b === null) throw new Error('the form or the readout is not shown');
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
