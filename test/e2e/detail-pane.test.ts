// The detail pane end to end: Chromium against `sio-inspector serve`, sessions opened from the page. A
// field's range reads in bytes, and the hex view highlights exactly those bytes while the text view marks
// the field's characters; an HTTP request's header says what the request was.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { OPENING_FRAMES, openLines, rowsOfKind, SESSION_HEADER } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

const FRAMES = [
  ...OPENING_FRAMES,
  { t: 3, dir: 'out', transport: 'websocket', text: '421["echo","héllo wörld €","x"]' },
  { t: 5, dir: 'in', transport: 'websocket', text: '431["héllo wörld €","x"]' },
];

/** Runs in the page: the byte offsets the hex view highlights, in order. */
const HEX_HIGHLIGHT = `Array.from(document.querySelectorAll('[data-testid=raw-hex] .hex-bytes span'))
  .flatMap((span, i) => (span.classList.contains('hl') ? [i] : []))`;

describe.skipIf(chromiumMissing)('the detail pane', { timeout: 120_000 }, () => {
  let page: Page;
  openServedApp('detail-offsets', (opened) => (page = opened));

  it("gives an ACK's arg the byte range the hex view highlights", async () => {
    await openLines(page, 'utf8.ndjson', FRAMES);
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

  it('heads an HTTP request with the request, not its kind twice', async () => {
    const url = 'http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling';
    const request = { t: 1, conn: 'c1', event: 'http-request', method: 'GET', status: 200, ms: 12, url };
    await openLines(page, 'http.ndjson', [SESSION_HEADER, request]);
    await rowsOfKind(page, 'lifecycle').first().click();
    const title = page.getByTestId('frame-detail').locator('.detail-title');
    await expect.poll(() => title.textContent()).toBe(`http-requestGET 200 12 ms ${url}`);
  });
});
