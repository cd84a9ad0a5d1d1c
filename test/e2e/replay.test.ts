// Replay from the app end to end: the recorded socket.io 4 session opened in Chromium, replayed from
// the session toolbar against a real socket.io 4 server; the new session opens as a tab and shows the
// diff of the server's answers when the replay is over.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../integration/support/servers';
import { openSessionFile, TIMEOUT } from './support/app-page';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { ROOT } from './support/renderer-build';
import { startServe, type Served } from './support/serve';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'sessions', 'socketio4-upgrade.ndjson');

describe.skipIf(chromiumMissing)('replay from the app', { timeout: 120_000 }, () => {
  let browser: Browser;
  let served: Served;
  let server: TestServer;
  let page: Page;

  beforeAll(async () => {
    [served, server] = await Promise.all([startServe(), startSocketIo4Server()]);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(served.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await server?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page, `FAILED-replay-${context.task.name}`).catch(() => undefined);
  });

  it('replays a saved session and reports how the answers differ', async () => {
    await openSessionFile(page, FIXTURE);
    await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('replay').click();
    await page.getByTestId('replay-target').fill(server.url);
    await page.getByTestId('replay-speed').selectOption('0');
    await page.getByTestId('replay-start').click();
    const diff = page.getByTestId('replay-diff');
    await diff.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('session-tab').count()).toBe(2);
    expect(await page.getByTestId('session-state').textContent()).not.toMatch(/file/i);
    expect(await diff.textContent()).toMatch(/\d+ matched.*\d+ different.*\d+ missing.*\d+ extra/);
    await screenshot(page, 'chromium-replay-diff');
  });
});
