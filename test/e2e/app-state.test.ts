// State that stays, in Chromium against `sio-inspector serve` and a real socket.io 4 server: form
// contents outlive tab switches, a connection saved by name opens in one click, and after a restart of
// the app (the web host stopped and started on the same config folder) the sessions that were open come
// back with the one that was shown, with the saved connections and recent files; a settings file
// broken by hand gives one notice and an app that works.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { connect, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { startServe, type Served } from './support/serve';
import { VIEWPORT } from './support/served-app';
import { tempDir } from '../support/temp-dir';

describe.skipIf(chromiumMissing)('state that stays', { timeout: 120_000 }, () => {
  const config = tempDir('sio-e2e-state');
  let server: TestServer;
  let browser: Browser;
  let served: Served | undefined;
  let page: Page;

  async function startApp(): Promise<void> {
    await served?.stop();
    served = await startServe([], 60_000, config);
    await page.goto(served.url);
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startSocketIo4Server(), launchChromium()]);
    page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await startApp();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await server?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(page, `FAILED-state-${context.task.name}`);
  });

  it('keeps the connection form and the emit form across tab switches', async () => {
    await connect(page, server.url);
    await showView(page, 'emit');
    await page.getByTestId('emit-event').fill('kept-event');
    await page.getByTestId('new-connection').click();
    await page.getByTestId('connect-query').fill('room=blue');
    await page.getByTestId('connect-kind-proxy').click();
    await page.getByTestId('connect-kind-connect').click();
    await page.getByTestId('session-tab').first().click();
    await expect.poll(() => page.getByTestId('emit-event').inputValue()).toBe('kept-event');
    await page.getByTestId('new-connection').click();
    expect(await page.getByTestId('connect-query').inputValue()).toBe('room=blue');
  });

  it('saves a connection by name, masked, and connects with it in one click', async () => {
    await page.getByTestId('connect-url').fill(server.url);
    await page.getByTestId('connect-headers').fill('X-Api-Key: s3cret\nX-Tenant: acme');
    await page.getByTestId('connect-save-open').click();
    await page.getByTestId('connect-save-name').fill('local sio4');
    await page.getByTestId('connect-save').click();
    await page
      .locator('[data-testid=saved-connection][data-name="local sio4"]')
      .waitFor({ timeout: TIMEOUT });
    await page.getByTestId('connect-save-open').click();
    await page.getByTestId('connect-save-name').fill('clear');
    await page.getByTestId('connect-save-secrets').check();
    await page.getByTestId('connect-save').click();
    await page.locator('[data-testid=saved-connection][data-name="clear"]').waitFor({ timeout: TIMEOUT });

    const saved = (): unknown[] =>
      (
        JSON.parse(readFileSync(join(config, 'sio-inspector', 'settings.json'), 'utf8')) as {
          connections: { name: string; options: { url: string; headers: Record<string, string> } }[];
        }
      ).connections.map((c) => [c.name, c.options.url, c.options.headers]);
    await expect.poll(saved).toEqual([
      ['local sio4', server.url, { 'X-Api-Key': '<redacted>', 'X-Tenant': 'acme' }],
      ['clear', server.url, { 'X-Api-Key': 's3cret', 'X-Tenant': 'acme' }],
    ]);

    const tabs = await page.getByTestId('session-tab').count();
    await page.locator('[data-testid=saved-connection][data-name="clear"]').click();
    await page.getByTestId('session-state').filter({ hasText: /open/i }).waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('session-tab').count()).toBe(tabs + 1);

    // One saved without its secrets fills the form to give them again, instead of sending "<redacted>".
    await page.getByTestId('new-connection').click();
    await page.locator('[data-testid=saved-connection][data-name="local sio4"]').click();
    await page
      .getByTestId('notice')
      .filter({ hasText: /fill in the masked values/ })
      .waitFor();
    expect(await page.getByTestId('connect-headers').inputValue()).toBe(
      'X-Api-Key: <redacted>\nX-Tenant: acme',
    );
  });

  it('reopens where it was after a restart: the open sessions, the one shown, saved connections, recent files', async () => {
    // The second of the open sessions shown, so coming back to it is not coming back to the first.
    await page.getByTestId('session-tab').nth(1).click();
    const settings = join(config, 'sio-inspector', 'settings.json');
    const activeFile = (): string | undefined =>
      (JSON.parse(readFileSync(settings, 'utf8')) as { activeFile?: string }).activeFile;
    await expect.poll(activeFile).toMatch(/\.sio-session\.ndjson$/);
    const shown = basename(activeFile() ?? '');
    const open = await page.getByTestId('session-tab').count();
    await startApp();
    await expect.poll(() => page.getByTestId('session-tab').count(), { timeout: TIMEOUT }).toBe(open);
    // Live sessions come back as their recordings, the one shown shown again.
    const selected = page.locator('[data-testid=session-tab][aria-selected=true]');
    await selected.waitFor({ timeout: TIMEOUT });
    expect(await selected.getAttribute('title')).toMatch(new RegExp(`^${shown.replace(/[.]/g, '\\.')} `));
    expect(await page.getByTestId('session-tab').nth(1).getAttribute('aria-selected')).toBe('true');
    await page
      .getByTestId('session-state')
      .filter({ hasText: /^file$/i })
      .waitFor({ timeout: TIMEOUT });

    await page.getByTestId('new-connection').click();
    await page.locator('[data-testid=saved-connection][data-name="clear"]').waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('recent-file').count()).toBeGreaterThanOrEqual(open);
    expect(await page.getByTestId('recent-connection').count()).toBeGreaterThan(0);

    await page.locator('[data-testid=saved-connection][data-name="clear"]').click();
    await page.getByTestId('session-state').filter({ hasText: /open/i }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('new-connection').click();
    await page.getByTestId('recent-file').first().click();
    await expect.poll(() => page.getByTestId('session-tab').count()).toBe(open + 2);
  });

  it('says in one line that a hand-broken settings file was set aside, and works on', async () => {
    writeFileSync(join(config, 'sio-inspector', 'settings.json'), '{"connections": [ oops');
    await startApp();
    await page
      .getByTestId('error')
      .filter({ hasText: /settings\.json is not JSON .*kept as .*settings\.json\.broken/ })
      .waitFor({ timeout: TIMEOUT });
    await connect(page, server.url);
    expect(readFileSync(join(config, 'sio-inspector', 'settings.json.broken'), 'utf8')).toBe(
      '{"connections": [ oops',
    );
  });
});
