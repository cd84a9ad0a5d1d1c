// The handshake's headers in the detail pane, in Chromium against `sio-inspector serve` and a real
// socket.io 4 server: a connection made with an Authorization header shows, on its polling handshake and
// on its WebSocket upgrade, the request headers with that credential masked, and the server's response
// headers.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { rows, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('handshake headers in the app', { timeout: 120_000 }, () => {
  let page: Page;
  let server: TestServer;
  openServedApp('handshake-headers', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
  });

  /** The detail's header lines of one side, as `Name: value`. */
  async function lines(side: 'request' | 'response'): Promise<string[]> {
    const list: Locator = page.getByTestId(`${side}-headers`).getByTestId('header-line');
    await list.first().waitFor({ timeout: TIMEOUT });
    const texts = await list.evaluateAll((els) =>
      els.map(
        (el) => `${el.querySelector('dt')?.textContent ?? ''}: ${el.querySelector('dd')?.textContent ?? ''}`,
      ),
    );
    return texts;
  }

  it('shows the polling handshake and the upgrade with both sides’ headers, the credential masked', async () => {
    await page.getByTestId('new-connection').click();
    await page.getByTestId('connect-url').fill(server.url);
    await page.getByTestId('connect-headers').fill('Authorization: Bearer e2e-secret\nX-Trace: t-1');
    await page.getByTestId('connect').click();
    await page.getByTestId('session-state').filter({ hasText: /open/i }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('filter-hide-heartbeats').check();

    await rows(page, 'http-request').first().click();
    const request = await lines('request');
    expect(request).toContain('Authorization: <redacted>');
    expect(request).toContain('X-Trace: t-1');
    expect(request.join('\n')).not.toContain('e2e-secret');
    expect(await lines('response')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Content-Type: text\/plain/)]),
    );

    await rows(page, 'ws-open').first().click();
    await page
      .getByTestId('request-headers')
      .getByText('Sec-WebSocket-Key', { exact: true })
      .waitFor({ timeout: TIMEOUT });
    const upgrade = await lines('request');
    expect(upgrade).toContain('Authorization: <redacted>');
    expect(upgrade).toEqual(expect.arrayContaining([expect.stringMatching(/^Sec-WebSocket-Key: \S{24}$/)]));
    const answered = await lines('response');
    expect(answered).toContain('Upgrade: websocket');
    expect(answered).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Sec-WebSocket-Accept: \S{28}$/)]),
    );
  });
});
