// A session bigger than the analyses list, end to end: Chromium against `sio-inspector serve`, a session of
// acks never answered and heartbeats, more of each than the analyses list, opened from the page. The
// findings list the first of a code and say how many more there are (the tab's badge counts them all),
// the Acks view lists the latest requests and says how many earlier ones it counts, the heartbeat chart
// the first pings.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACK_PAIRS_KEPT } from '../../shared/analysis/acks';
import { FINDING_EXAMPLES } from '../../shared/analysis/findings';
import { SERIES_KEPT } from '../../shared/analysis/heartbeat';
import { openSessionFile, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

const ACKS = ACK_PAIRS_KEPT + 500;
const PINGS = SERIES_KEPT + 100;

/** Frame lines: a handshake and CONNECT, then emits asking for acks nobody sends, and answered heartbeats. */
function bigSession(): { buffer: Buffer; records: number } {
  const open = '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000}';
  const line = (t: number, dir: 'in' | 'out', text: string) =>
    JSON.stringify({ t, dir, transport: 'websocket', text });
  const lines = [line(0, 'in', open), line(1, 'out', '40'), line(2, 'in', '40{"sid":"s"}')];
  for (let i = 0; i < ACKS; i++) lines.push(line(10 + i, 'out', `42${i}["ask",${i}]`));
  for (let i = 1; i <= PINGS; i++) lines.push(line(i * 25_000, 'in', '2'), line(i * 25_000 + 2, 'out', '3'));
  return { buffer: Buffer.from(lines.join('\n')), records: lines.length };
}

describe.skipIf(chromiumMissing)('analyses of a session bigger than they list', { timeout: 180_000 }, () => {
  let page: Page;
  openServedApp('analysis-bounds', (opened) => (page = opened));

  it('lists the first findings of a code, the latest ack pairs and the first pings, and counts the rest', async () => {
    const { buffer, records } = bigSession();
    await openSessionFile(page, { name: 'big.ndjson', mimeType: 'text/plain', buffer });
    await page
      .getByTestId('row-count')
      .filter({ hasText: records.toLocaleString('en-US') })
      .waitFor({ timeout: 60_000 });

    await showView(page, 'findings');
    const omitted = page.getByTestId('findings-omitted');
    await omitted.waitFor({ timeout: 60_000 });
    const more = (ACKS - FINDING_EXAMPLES).toLocaleString('en-US');
    expect(await omitted.textContent()).toContain(`${more} more ACK_UNANSWERED`);
    expect(await page.getByTestId('finding').count()).toBe(FINDING_EXAMPLES);
    expect(await page.getByTestId('findings-badge').textContent()).toBe(ACKS.toLocaleString('en-US'));
    expect(await page.getByTestId('findings-counts').textContent()).toContain(`${ACKS} warnings`);

    await showView(page, 'acks');
    await page.getByTestId('acks-omitted').waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('acks-omitted').textContent()).toContain('500 earlier ones');
    expect(await page.getByTestId('fact-unanswered').textContent()).toContain(String(ACKS));
    expect(await page.getByTestId('ack-row').count()).toBe(ACK_PAIRS_KEPT);
    // The latest requests are the ones listed.
    expect(await page.getByTestId('ack-row').last().textContent()).toContain(String(ACKS - 1));

    await showView(page, 'heartbeat');
    await page.getByTestId('heartbeat-omitted').waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('heartbeat-omitted').textContent()).toContain('100 later ones');
    expect(await page.getByTestId('fact-pings').textContent()).toContain(String(PINGS));
  });
});
