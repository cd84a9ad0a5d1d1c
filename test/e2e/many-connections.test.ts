// A session of more connections than the page lists, end to end: Chromium against `sio-inspector serve`,
// frame lines of 1,300 connections opened from the page. The timeline's connection filter lists the
// first 1,000 and says how many more there are, and a typed id filters to any of them; the analysis
// views pick from a list, and a typed id shows a connection past it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MAX_LISTED_CONNECTIONS } from '../../shared/limits';
import { openSessionFile, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

const CONNECTIONS = MAX_LISTED_CONNECTIONS + 300;

/** Each connection: its handshake, its namespace CONNECT and answer, and one event. */
function manyConnections(): { buffer: Buffer; records: number } {
  const lines: string[] = [];
  const line = (t: number, conn: string, dir: 'in' | 'out', text: string): number =>
    lines.push(JSON.stringify({ t, conn, dir, transport: 'websocket', text }));
  for (let i = 1; i <= CONNECTIONS; i++) {
    const conn = `c${i}`;
    line(i, conn, 'in', `0{"sid":"sid-${i}","upgrades":[],"pingInterval":25000,"pingTimeout":20000}`);
    line(i + 0.1, conn, 'out', '40');
    line(i + 0.2, conn, 'in', `40{"sid":"socket-${i}"}`);
    line(i + 0.3, conn, 'in', `42["hello",${i}]`);
  }
  return { buffer: Buffer.from(lines.join('\n')), records: lines.length };
}

describe.skipIf(chromiumMissing)(
  'a session of more connections than the page lists',
  { timeout: 180_000 },
  () => {
    let page: Page;
    openServedApp('many-connections', (opened) => (page = opened));

    it('lists the first connections, says how many more, and filters or shows any typed one', async () => {
      const { buffer, records } = manyConnections();
      await openSessionFile(page, { name: 'many.ndjson', mimeType: 'text/plain', buffer });
      await page
        .getByTestId('row-count')
        .filter({ hasText: records.toLocaleString('en-US') })
        .waitFor({ timeout: 60_000 });

      const choices = page.getByTestId('filter-conn').locator('option');
      // "All connections", the listed ones, and the line saying how many more.
      expect(await choices.count()).toBe(MAX_LISTED_CONNECTIONS + 2);
      expect(await page.getByTestId('filter-conn-unlisted').textContent()).toBe(
        'and 300 more: type an id beside',
      );
      await page.getByTestId('filter-conn-id').fill('c1250');
      await page
        .getByTestId('row-count')
        .filter({ hasText: `4 of ${records.toLocaleString('en-US')}` })
        .waitFor({ timeout: TIMEOUT });
      expect(await page.getByTestId('filter-conn').inputValue()).toBe('c1250');

      await showView(page, 'sequence');
      const list = page.getByTestId('conn-picker-list');
      await list.waitFor({ timeout: 60_000 });
      expect(await list.locator('option').count()).toBe(MAX_LISTED_CONNECTIONS + 1);
      expect(await list.inputValue()).toBe('c1');
      await page.getByTestId('conn-picker-id').fill('c1299');
      await page.waitForFunction(
        () =>
          (document.querySelector('[data-testid=conn-picker-list]') as HTMLSelectElement | null)?.value ===
          'c1299',
        undefined,
        { timeout: TIMEOUT },
      );
      expect(await list.locator('option:checked').textContent()).toBe('c1299 · sid-1299');
    });
  },
);
