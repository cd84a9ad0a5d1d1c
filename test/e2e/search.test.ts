// Search on a long session end to end: Chromium against `sio-inspector serve`, a 40,000-record session
// opened from the page. Enter right after typing jumps to the first match once the search has run,
// instead of being lost while it runs.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSessionFile, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

const RECORDS = 40_000;

/** Frame lines: a handshake, then heartbeats and chat events, one marked event deep in the session. */
function longSession(): Buffer {
  const open = '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000}';
  const lines = [JSON.stringify({ t: 0, dir: 'in', transport: 'websocket', text: open })];
  for (let i = 1; i < RECORDS; i++) {
    const text =
      i === 31_337 ? '42["needle-e2e",1]' : i % 2 === 0 ? `42["chat",${i}]` : i % 4 === 1 ? '2' : '3';
    lines.push(JSON.stringify({ t: i, dir: i % 4 === 3 ? 'out' : 'in', transport: 'websocket', text }));
  }
  return Buffer.from(lines.join('\n'));
}

describe.skipIf(chromiumMissing)('search on a long session', { timeout: 120_000 }, () => {
  let page: Page;
  openServedApp('search', (opened) => (page = opened));

  it('jumps on the first Enter, pressed while the search still runs', async () => {
    await openSessionFile(page, { name: 'long.ndjson', mimeType: 'text/plain', buffer: longSession() });
    await page
      .getByTestId('row-count')
      .filter({ hasText: RECORDS.toLocaleString('en-US') })
      .waitFor({ timeout: TIMEOUT });
    const search = page.getByTestId('search-input');
    await search.fill('needle-e2e');
    await search.press('Enter');
    const selected = page.locator('[data-testid=frame-row][aria-selected=true]');
    await selected.waitFor({ timeout: TIMEOUT });
    expect(await selected.textContent()).toContain('needle-e2e');
    expect(await page.getByTestId('search-count').textContent()).toBe('1 / 1');
  });
});
