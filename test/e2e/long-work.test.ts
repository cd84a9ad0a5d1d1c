// Long work in the app shows how far it got and can be stopped, end to end: Chromium against
// `sio-inspector serve`, a session file of 120,000 records opened from the page. Opening shows the share
// of the file read; analysing shows the share analysed on the Node side's worker, and Stop ends the
// worker (the view says so and offers to analyse again, which then answers).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { showView, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

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
