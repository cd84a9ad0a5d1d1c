// `sio-inspector attach`, built and run as a user runs it, on a Chromium the test started with
// --remote-debugging-port (headless, its own profile): only the tabs --tab names are recorded, tabs
// opened after attaching too, the recording is what the server saw, and Ctrl-C detaches leaving the
// browser, its tabs and their connections running. Only loopback endpoints are accepted.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../e2e/support/browser';
import { buildCli, runCli } from '../../support/cli';
import { spawnCli } from '../../support/cli-process';
import { startDebuggableBrowser, type DebuggableBrowser } from '../../support/debuggable-browser';
import { ndjson } from '../../support/ndjson';
import { startSocketIo4Server, type TestServer } from '../../support/servers';
import { expectSameEnginePackets, servePages, type PageSite } from '../../support/socket-io-pages';
import { SCENARIOS } from '../../support/socket-io-scenarios';

let cli: string;
let server: TestServer;
let site: PageSite;
let browser: DebuggableBrowser;

beforeAll(async () => {
  [cli, server] = await Promise.all([buildCli(), startSocketIo4Server()]);
  site = servePages(server, 'v4', SCENARIOS);
});
afterAll(async () => {
  await browser?.close();
  await server.close();
});

describe.skipIf(chromiumMissing)('attach', () => {
  it('records the tabs --tab names until Ctrl-C, then detaches and leaves the browser running', async () => {
    browser = await startDebuggableBrowser();
    const endpoint = `http://127.0.0.1:${browser.port}`;
    const attach = spawnCli(cli, [
      'attach',
      '--cdp',
      endpoint,
      '--tab',
      'page/upgrade',
      '--format',
      'ndjson',
    ]);
    await attach.waitForStderr(/attach: recording /);
    let stdout = '';
    const caughtUp = new Promise<void>((resolve) =>
      attach.child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('"event":"done"')) resolve();
      }),
    );
    // Both tabs open after attaching; only the one whose URL holds "page/upgrade" is recorded.
    await browser.openTab(`${site.base}/page/two`);
    await browser.openTab(`${site.base}/page/upgrade`);
    await site.waitForDone(3);
    await caughtUp;
    const result = await attach.stop('SIGINT');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/attach ended \(interrupted\): \d+ records from 1 connection\(s\)\n$/);
    const records = ndjson(result.stdout);
    const upgradePage = site.sockets.filter((s) => s.out.some((p) => p.includes('"hi"')));
    expect(upgradePage).toHaveLength(1);
    expectSameEnginePackets(records, site, upgradePage);
    // Nothing of the recording ended a connection: no closed record, and the page is still connected.
    expect(records.filter((r) => 'event' in r && r.event === 'closed')).toEqual([]);
    const tabs = await browser.tabs();
    expect(tabs.filter((url) => url.includes('/page/'))).toHaveLength(2);
    expect(site.sockets.filter((s) => s.closed)).toEqual([]);
    expect(browser.running).toBe(true);
  }, 60_000);

  it('accepts only a loopback DevTools endpoint, in one line', async () => {
    for (const cdp of ['http://10.1.2.3:9222', 'http://example.com:9222', 'https://127.0.0.1:9222']) {
      const result = await runCli(cli, ['attach', '--cdp', cdp]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^sio-inspector: attach: [^\n]+\n$/);
    }
    const refused = await runCli(cli, ['attach', '--cdp', `http://127.0.0.1:${await closedPort()}`]);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/connection refused.*\n$/) });
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
