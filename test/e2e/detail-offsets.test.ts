// The detail pane's offsets end to end: Chromium against `sio-inspector serve`, a session with non-ASCII
// arguments opened from the page. A field's range reads in bytes, and the hex view highlights exactly
// those bytes while the text view marks the field's characters.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSessionFile, rowsOfKind, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

const FRAMES = [
  {
    t: 0,
    dir: 'in',
    transport: 'websocket',
    text: '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000}',
  },
  { t: 1, dir: 'out', transport: 'websocket', text: '40' },
  { t: 2, dir: 'in', transport: 'websocket', text: '40{"sid":"s1"}' },
  { t: 3, dir: 'out', transport: 'websocket', text: '421["echo","héllo wörld €","x"]' },
  { t: 5, dir: 'in', transport: 'websocket', text: '431["héllo wörld €","x"]' },
];

/** Runs in the page: the byte offsets the hex view highlights, in order. */
const HEX_HIGHLIGHT = `Array.from(document.querySelectorAll('[data-testid=raw-hex] .hex-bytes span'))
  .flatMap((span, i) => (span.classList.contains('hl') ? [i] : []))`;

describe.skipIf(chromiumMissing)('byte offsets in the detail pane', { timeout: 120_000 }, () => {
  let page: Page;
  openServedApp('detail-offsets', (opened) => (page = opened));

  it("gives an ACK's arg the byte range the hex view highlights", async () => {
    await openSessionFile(page, {
      name: 'utf8.ndjson',
      mimeType: 'text/plain',
      buffer: Buffer.from(FRAMES.map((f) => JSON.stringify(f)).join('\n')),
    });
    await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: TIMEOUT });
    await rowsOfKind(page, 'ack').first().click();
    const detail = page.getByTestId('frame-detail');
    const arg = detail.getByTestId('field').filter({ hasText: /^arg 1/ });
    await arg.click();
    // "431[" is 4 bytes, "héllo wörld €" 13 characters in 17 bytes and two quotes, then a comma.
    expect(await arg.locator('.field-range').textContent()).toBe('24–27');
    await expect.poll(() => detail.getByTestId('raw-highlight').textContent()).toBe('"x"');
    await detail.getByTestId('raw-hex-mode').click();
    await detail.getByTestId('raw-hex').waitFor();
    expect(await page.evaluate(HEX_HIGHLIGHT)).toEqual([24, 25, 26]);
  });
});
