// Long work in the app shows how far it got and can be stopped, end to end: Chromium against
// `sio-inspector serve`, a session file of 120,000 records opened from the page. Opening shows the share
// of the file read; analysing shows the share analysed on the Node side's worker, and Stop ends the
// worker (the view says so and offers to analyse again, which then answers). Stop reading ends the
// opening of a file that is still coming (a pipe `serve --session` reads), keeping what was read.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showView, TIMEOUT } from './support/app-page';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { startServe, type Served } from './support/serve';
import { openServedApp, VIEWPORT } from './support/served-app';

const RECORDS = 120_000;

/** Frame lines: a handshake, then emits asking for acks, their answers and chat events. */
function longSession(): Buffer {
  const open = '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000}';
  const line = (t: number, dir: 'in' | 'out', text: string) =>
    JSON.stringify({ t, dir, transport: 'websocket', text });
  const lines = [line(0, 'in', open), line(1, 'out', '40'), line(2, 'in', '40{"sid":"s"}')];
  for (let i = 0; lines.length < RECORDS; i++) {
    lines.push(line(10 + i, 'out', `42${i}["ask",${i}]`), line(11 + i, 'in', `43${i}["ok"]`));
    lines.push(line(11 + i, 'in', `42["chat",{"n":${i}}]`));
  }
  return Buffer.from(lines.slice(0, RECORDS).join('\n'));
}

describe.skipIf(chromiumMissing)('progress and Stop for long work', { timeout: 240_000 }, () => {
  let page: Page;
  openServedApp('long-work', (opened) => (page = opened));

  it('shows the share of the file read while it opens', async () => {
    // Handing a file of megabytes to the page takes a while on a busy machine.
    await page
      .getByTestId('open-session-input')
      .setInputFiles(
        { name: 'long.ndjson', mimeType: 'text/plain', buffer: longSession() },
        { timeout: 120_000 },
      );
    const loading = page.getByTestId('session-state').filter({ hasText: /^loading \d+%$/ });
    await loading.waitFor({ timeout: 60_000 });
    await page
      .getByTestId('row-count')
      .filter({ hasText: RECORDS.toLocaleString('en-US') })
      .waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('session-state').textContent()).toBe('file');
  });

  it('shows the share analysed, and Stop ends the analysis; Analyse starts it again', async () => {
    await showView(page, 'findings');
    // A share the worker told, past the 0% every run starts at.
    await page
      .getByTestId('analysis-progress')
      .filter({ hasText: /^ ?[1-9]\d*%$/ })
      .waitFor({ timeout: 60_000 });
    await page.getByTestId('analysis-stop').click();
    const stopped = page.getByTestId('analysis-stopped');
    await stopped.waitFor({ timeout: TIMEOUT });
    expect(await stopped.textContent()).toContain('Analysis stopped.');
    await stopped.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('findings-counts').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('findings-counts').textContent()).toMatch(/^0 errors · /);
  });
});

describe.skipIf(chromiumMissing || process.platform === 'win32')(
  'Stop reading a file being opened',
  { timeout: 240_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'sio-e2e-stop-reading-'));
    const line = `${JSON.stringify({ dir: 'in', transport: 'websocket', text: '42["tick"]' })}\n`;
    let writer: WriteStream | undefined;
    let served: Served | undefined;
    let browser: Browser | undefined;
    let page: Page;

    beforeAll(async () => {
      // A pipe: the file ends only when the test says, so it is still loading when Stop is clicked.
      const fifo = join(dir, 'growing.ndjson');
      execFileSync('mkfifo', [fifo]);
      writer = createWriteStream(fifo);
      writer.write(line.repeat(5000));
      [served, browser] = await Promise.all([startServe(['--session', fifo]), launchChromium()]);
      page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
      await page.goto(served.url);
    }, 180_000);

    afterAll(async () => {
      writer?.destroy();
      await browser?.close();
      await served?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps the records read and says where reading stopped', async () => {
      try {
        const stop = page.getByTestId('stop-loading');
        await stop.click({ timeout: 60_000 });
        const reason = page
          .getByTestId('session-reason')
          .filter({ hasText: /^reading stopped after [\d,]+ records$/ });
        await reason.waitFor({ timeout: TIMEOUT });
        // More comes down the pipe: the app reads what was on its way, then closes its end.
        // Every error is taken: writes queued behind the first fail too.
        const closed = new Promise<unknown>((resolve) => writer?.on('error', resolve));
        writer?.write(line.repeat(20_000));
        expect(await closed).toMatchObject({ code: 'EPIPE' });
        const count = (await reason.textContent())?.match(/after ([\d,]+) records/)?.[1];
        expect(count).toBeDefined();
        expect(await page.getByTestId('session-state').textContent()).toBe('file');
        expect(await stop.count()).toBe(0);
        await page
          .getByTestId('record-count')
          .filter({ hasText: new RegExp(`^${count} records$`) })
          .waitFor({ timeout: TIMEOUT });
        expect(Number(count?.replaceAll(',', ''))).toBeGreaterThan(0);
        expect(Number(count?.replaceAll(',', ''))).toBeLessThanOrEqual(5000);
      } catch (error) {
        await screenshot(page, 'FAILED-stop-reading').catch(() => undefined);
        throw error;
      }
    });
  },
);
