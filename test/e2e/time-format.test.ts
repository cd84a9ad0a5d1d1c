// One time format, end to end: Chromium against `sio-inspector serve`, a session file opened from the
// page. The timeline, the detail and the Acks view write a record's time the same way, seconds since the
// session started to the millisecond, and hovering it gives the wall-clock time from the file's start.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openLines, rowsOfKind, SESSION_HEADER, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

const RECORDS = [
  {
    t: 0,
    conn: 'c1',
    frame: 0,
    dir: 'in',
    transport: 'websocket',
    size: 60,
    eio: { type: 'open', data: { sid: 'a', upgrades: [], pingInterval: 25000, pingTimeout: 20000 } },
  },
  {
    t: 1,
    conn: 'c1',
    frame: 1,
    dir: 'out',
    transport: 'websocket',
    size: 2,
    eio: { type: 'message', data: '40' },
    sio: { type: 'CONNECT', nsp: '/' },
  },
  {
    t: 2,
    conn: 'c1',
    frame: 2,
    dir: 'in',
    transport: 'websocket',
    size: 14,
    eio: { type: 'message', data: '40{"sid":"s1"}' },
    sio: { type: 'CONNECT', nsp: '/', data: { sid: 's1' } },
  },
  {
    t: 62_005.4,
    conn: 'c1',
    frame: 3,
    dir: 'out',
    transport: 'websocket',
    size: 13,
    eio: { type: 'message', data: '421["echo",1]' },
    sio: { type: 'EVENT', nsp: '/', id: 1, event: 'echo', args: [1] },
  },
  {
    t: 62_010,
    conn: 'c1',
    frame: 4,
    dir: 'in',
    transport: 'websocket',
    size: 6,
    eio: { type: 'message', data: '431[1]' },
    sio: { type: 'ACK', nsp: '/', id: 1, args: [1] },
  },
];
/** The wall clock's seconds and milliseconds do not depend on the page's time zone. */
const AT_62_005 = /^since the session started · 2026-01-01 \d\d:\d\d:02\.005$/;

describe.skipIf(chromiumMissing)('one time format', { timeout: 120_000 }, () => {
  let page: Page;
  openServedApp('time-format', (opened) => (page = opened));

  it('writes a record’s time alike in the timeline, the detail and the Acks view, with the wall clock on hover', async () => {
    await openLines(page, 'times.sio-session.ndjson', [SESSION_HEADER, ...RECORDS]);
    const row = rowsOfKind(page, 'event').first();
    const cell = row.locator('.cell-time');
    expect(await cell.textContent()).toBe('62.005 s');
    expect(await cell.getAttribute('title')).toMatch(AT_62_005);

    await row.click();
    const time = page.getByTestId('detail-time');
    await time.waitFor({ timeout: TIMEOUT });
    expect(await time.textContent()).toBe('62.005 s');
    expect(await time.getAttribute('title')).toMatch(AT_62_005);

    await showView(page, 'acks');
    const asked = page.getByTestId('ack-row').first().locator('td').nth(1);
    await asked.waitFor({ timeout: TIMEOUT });
    expect(await asked.textContent()).toBe('62.005 s');
    expect(await asked.getAttribute('title')).toMatch(AT_62_005);
  });
});
