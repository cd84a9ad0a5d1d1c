// The emit editor end to end: Chromium against `sio-inspector serve` and a real socket.io 4 server. The
// "+ binary" button writes a `$binary` argument that goes out as a BINARY_EVENT, fast typing keeps every
// keystroke in order, and the editor follows the system's colour scheme while it is open.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { connect, rows, rowsOfKind, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('the emit editor', { timeout: 120_000 }, () => {
  let server: TestServer;
  let page: Page;
  openServedApp('emit-editor', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
  });

  const editorText = (): Promise<string> =>
    page.evaluate(
      // The rendered lines, in order; Monaco renders spaces as no-break spaces.
      `Array.from(document.querySelectorAll('[data-testid=emit-args] .view-line'))
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => l.textContent.replace(/\\u00a0/g, ' ')).join('\\n')`,
    );

  /** Empties the editor and leaves the cursor between a pair of brackets. */
  const emptyArray = async (): Promise<void> => {
    await page
      .locator('[data-testid=emit-args][data-editor=monaco] .monaco-editor')
      .waitFor({ timeout: TIMEOUT });
    await page.locator('[data-testid=emit-args] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText('[]');
    await page.keyboard.press('ArrowLeft');
  };

  it('"+ binary" inserts a $binary argument that is sent as a BINARY_EVENT', async () => {
    await connect(page, server.url);
    await rows(page, 'welcome').first().waitFor({ timeout: TIMEOUT });
    await showView(page, 'emit');
    await page.getByTestId('emit-event').fill('echo');
    await emptyArray();
    await page.getByTestId('emit-insert-binary').click();
    await expect.poll(editorText).toBe('[{"$binary": "aGVsbG8="}]');
    expect(await page.getByTestId('emit-args-status').textContent()).toBe('1 arg, 1 binary');
    await page.locator('[data-testid=emit-send]:not([disabled])').click({ timeout: TIMEOUT });
    // The emit went out as a BINARY_EVENT with one attachment, and the ack brought the bytes back.
    await rowsOfKind(page, 'binary').filter({ hasText: 'echo' }).first().waitFor({ timeout: TIMEOUT });
    await rowsOfKind(page, 'ack').filter({ hasText: '<binary 5 B>' }).first().waitFor({ timeout: TIMEOUT });
  });

  it('keeps every keystroke, in order, when typing fast', async () => {
    await emptyArray();
    // No brackets or quotes: the editor would close them itself.
    const typed = '1, 22, 333, 4444, 55555, 666666, 7777777, 88888888, true, false, null, 0';
    await page.keyboard.type(typed);
    await expect.poll(editorText).toBe(`[${typed}]`);
    // The status follows the text as the editor reports it, a moment later.
    await expect.poll(() => page.getByTestId('emit-args-status').textContent()).toBe('12 args');
  });

  it('follows the system colour scheme while it is open', async () => {
    const theme = (): Promise<string> =>
      page.evaluate(
        `getComputedStyle(document.querySelector('[data-testid=emit-args] .monaco-editor-background')).backgroundColor`,
      );
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(theme).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(theme).toBe('rgb(17, 19, 24)');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(theme).toBe('rgb(255, 255, 255)');
  });
});
