// The bridge's browser sessions, through the real handler table: `connections.browser` launches
// Debian's Chromium (headless) on a page of the official socket.io client, the page's connections land
// in the session as they open, decoded, and are what the server saw; closing the session closes the
// browser. Attaching takes a loopback DevTools endpoint only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../shared/bridge/api';
import type { Outcome } from '../../../shared/bridge/outcome';
import { isLifecycle, type SessionRecord } from '../../../shared/record';
import { createHandlerTable, type HandlerTable } from '../../../electron/app/handler-table';
import { connectLive } from '../../../electron/app/live-session';
import { chromiumMissing } from '../../e2e/support/browser';
import { readSessionFile } from '../../support/ndjson';
import { startSocketIo4Server, type TestServer } from '../../support/servers';
import { expectSameEnginePackets, servePages, type PageSite } from '../../support/socket-io-pages';
import { SCENARIOS } from '../../support/socket-io-scenarios';
import { tempDir } from '../../support/temp-dir';

let sio4: TestServer;
let site: PageSite;
let table: HandlerTable;
let recordDir: string;

beforeAll(async () => {
  sio4 = await startSocketIo4Server();
  site = servePages(sio4, 'v4', SCENARIOS);
  recordDir = tempDir('sio-bridge');
  table = createHandlerTable({ connect: connectLive, recordDir });
});
afterAll(async () => {
  await table.dispose();
  await sio4.close();
});

describe.skipIf(chromiumMissing)('browser sessions over the bridge', () => {
  it("records a launched browser's page as it runs, and closes the browser with the session", async () => {
    // A batch carries only the newest records: what the session holds is paged in, as the page does.
    const doneSeen = new Promise<void>((resolve) => {
      const stop = table.subscribe((event) => {
        if (event.type !== 'records') return;
        void page(event.session).then((records) => {
          if (records.filter((r) => !isLifecycle(r) && r.sio?.event === 'done').length < 2) return;
          stop();
          resolve();
        });
      });
    });
    const info = ok<SessionInfo>(
      await table.dispatch('connections.browser', {
        mode: 'launch',
        url: `${site.base}/page/two`,
        headless: true,
      }),
    );
    expect(info).toMatchObject({ kind: 'live', state: 'open', browser: { mode: 'launch' } });
    await site.waitForDone(2);
    await doneSeen;
    expect(
      await table.dispatch('connections.emit', {
        session: info.session,
        nsp: '/',
        event: 'x',
        args: [],
        ack: false,
      }),
    ).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await table.dispatch('connections.close', { session: info.session })).toEqual({
      ok: true,
      result: undefined,
    });
    const records = await page(info.session);
    expectSameEnginePackets(records, site);
    expect(new Set(records.map((r) => r.conn))).toEqual(new Set(['c1', 'c2']));
    const file = readSessionFile(info.recording ?? '');
    expect(file.header.options).toMatchObject({ kind: 'browser', mode: 'launch', headless: true });
    expect(file.records).toEqual(records);
  }, 40_000);

  it('refuses what does not fit with one line', async () => {
    expect(
      await table.dispatch('connections.browser', { mode: 'attach', cdp: 'http://10.0.0.1:9222' }),
    ).toMatchObject({
      ok: false,
      error: { message: /only a loopback DevTools endpoint/ },
    });
    expect(
      await table.dispatch('connections.browser', { mode: 'launch', url: 'file:///etc/passwd' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(
      await table.dispatch('connections.browser', { mode: 'launch', url: site.base, browser: '/bin/sh' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-request', message: /options/ } });
  });
});

function ok<T>(outcome: Outcome<unknown>): T {
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

async function page(session: string): Promise<SessionRecord[]> {
  return ok<SessionRecord[]>(await table.dispatch('sessions.page', { session, from: 0, count: 5000 }));
}
