// Saving live sessions end to end: Chromium against `sio-inspector serve` and a real socket.io 4 server.
// Save… writes how the session was made (a connection's transports, path, namespaces and headers, a
// proxy's target; credentials masked as in the recording) and when it started, and the HAR of the saved
// file, opened again, is dated as the live session's own HAR.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { connect, openSessionFile, rows, startProxy, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

interface Header {
  readonly created: string;
  readonly target: string;
  readonly options: Record<string, unknown>;
}

interface Har {
  readonly log: { readonly entries: readonly { readonly startedDateTime: string }[] };
}

describe.skipIf(chromiumMissing)('saving a live session', { timeout: 120_000 }, () => {
  let server: TestServer;
  let page: Page;
  let client: Socket | undefined;
  openServedApp('save-session', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  const download = async (testId: string): Promise<string> => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    return readFileSync(await file.path(), 'utf8');
  };

  /** The first entry's start in the HAR of the session shown. */
  const harStart = async (): Promise<string> =>
    (JSON.parse(await download('export-har')) as Har).log.entries[0]?.startedDateTime ?? '';

  /** Saves the session shown, opens the saved file, and answers its header and its HAR's first start. */
  const saveAndReopen = async (): Promise<{ header: Header; reopenedStart: string }> => {
    const text = await download('save-session');
    const header = JSON.parse(text.split('\n')[0] ?? '') as Header;
    await openSessionFile(page, { name: 'saved.ndjson', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: TIMEOUT });
    return { header, reopenedStart: await harStart() };
  };

  it("writes a connection's options and its start, and its HAR keeps that date", async () => {
    const before = Date.now();
    await page.getByTestId('new-connection').click();
    await page.getByTestId('connect-path').fill('/socket.io/');
    await page.getByTestId('connect-headers').fill('X-Trace: e2e\nAuthorization: Bearer s3cret');
    await connect(page, server.url, { namespaces: '/, /admin' });
    const opened = Date.now();
    // Heartbeats every 300 ms would push the row out of the rendered window of a following timeline.
    await page.getByTestId('filter-hide-heartbeats').check();
    await rows(page, 'welcome').first().waitFor({ timeout: TIMEOUT });
    const liveStart = await harStart();

    const { header, reopenedStart } = await saveAndReopen();
    expect(header.target).toBe(server.url);
    expect(header.options).toMatchObject({
      kind: 'connect',
      transports: ['polling', 'websocket'],
      path: '/socket.io/',
      namespaces: ['/', '/admin'],
      headers: ['X-Trace: e2e', 'Authorization: <redacted>'],
    });
    const created = Date.parse(header.created);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(opened);
    expect(Date.parse(liveStart)).toBeGreaterThanOrEqual(created);
    expect(reopenedStart).toBe(liveStart);
  });

  it("writes a proxy's target and its start, and its HAR keeps that date", async () => {
    const before = Date.now();
    const listen = await startProxy(page, server.url);
    client = io(listen, { transports: ['websocket'], reconnection: false, forceNew: true });
    client.emit('through-the-proxy');
    // Heartbeats every 300 ms would push the row out of the rendered window of a following timeline.
    await page.getByTestId('filter-hide-heartbeats').check();
    await rows(page, 'through-the-proxy').first().waitFor({ timeout: TIMEOUT });
    const liveStart = await harStart();

    const { header, reopenedStart } = await saveAndReopen();
    expect(header.target).toBe(server.url);
    expect(header.options).toMatchObject({ kind: 'proxy', insecure: false });
    const created = Date.parse(header.created);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(Date.parse(liveStart)).toBeGreaterThanOrEqual(created);
    expect(reopenedStart).toBe(liveStart);
  });
});
