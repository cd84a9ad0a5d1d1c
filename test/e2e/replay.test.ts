// Replay from the app end to end: the recorded socket.io 4 session opened in Chromium, replayed from
// the session toolbar against a real socket.io 4 server; the new session opens as a tab and shows the
// diff of the server's answers when the replay is over.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { openSessionFile, TIMEOUT } from './support/app-page';
import { chromiumMissing, screenshot } from './support/browser';
import { ROOT } from './support/renderer-build';
import { openServedApp } from './support/served-app';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'sessions', 'socketio4-upgrade.ndjson');

describe.skipIf(chromiumMissing)('replay from the app', { timeout: 120_000 }, () => {
  let server: TestServer;
  let page: Page;
  openServedApp('replay', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
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
