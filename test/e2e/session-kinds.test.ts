// What each kind of session offers, end to end: Chromium against `sio-inspector serve` and a real
// socket.io 4 server. A proxy session, which only records other clients, has no Emit or Raw & faults tab
// and stops with "Stop proxy"; an opened file tells playback here (Play, in the playback bar) from
// replay to a server (its own labelled action in the toolbar).
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { connect, rows, startProxy, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('what each kind of session offers', { timeout: 120_000 }, () => {
  let server: TestServer;
  let page: Page;
  let client: Socket | undefined;
  openServedApp('session-kinds', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  const viewTabs = (): Promise<string[]> =>
    page.getByRole('tablist', { name: 'Views' }).getByRole('tab').allTextContents();

  it('offers a proxy session no sending, and stops it with "Stop proxy"', async () => {
    const listen = await startProxy(page, server.url);
    client = io(listen, { transports: ['websocket'], reconnection: false, forceNew: true });
    client.emit('through-the-proxy');
    // Heartbeats every 300 ms would push the row out of the rendered window of a following timeline.
    await page.getByTestId('filter-hide-heartbeats').check();
    await rows(page, 'through-the-proxy').first().waitFor({ timeout: TIMEOUT });
    expect(await viewTabs()).toEqual(['Timeline', 'Sequence', 'Heartbeat', 'Acks', 'Findings']);
    // Alt+6 (Emit in a connection's tabs) has nothing to open here.
    await page.keyboard.press('Alt+6');
    expect(await page.getByTestId('tab-emit').count()).toBe(0);
    expect(await page.getByTestId('tab-timeline').getAttribute('aria-selected')).toBe('true');
    const stop = page.getByTestId('disconnect');
    expect(await stop.textContent()).toBe('Stop proxy');
    await stop.click();
    await page
      .getByTestId('session-state')
      .filter({ hasText: /closed/i })
      .waitFor({ timeout: TIMEOUT });
  });

  it("offers the app's own connection Emit and Raw & faults, and Disconnect", async () => {
    await connect(page, server.url);
    expect(await viewTabs()).toEqual(expect.arrayContaining(['Emit', 'Raw & faults']));
    expect(await page.getByTestId('disconnect').textContent()).toBe('Disconnect');
  });

  it('tells playback here from replay to a server by wording and place', async () => {
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('save-session').click(),
    ]);
    await page.getByTestId('open-session-input').setInputFiles(await saved.path());
    await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: TIMEOUT });
    // Play is with the playhead's controls and says it sends nothing.
    const play = page.getByTestId('playback').getByTestId('playback-play');
    expect(await play.textContent()).toBe('Play');
    expect(await play.getAttribute('title')).toMatch(/here.*nothing is sent/i);
    // Replay is the toolbar's own action, named for where it goes.
    expect(await page.getByTestId('playback').getByTestId('replay').count()).toBe(0);
    const replay = page.locator('.session-bar').getByTestId('replay');
    expect(await replay.textContent()).toBe('Replay to server…');
    expect(await replay.getAttribute('title')).toMatch(/live server/);
  });
});
