// `sio-inspector browse`, built and run as a user runs it, on Debian's Chromium (headless): a page with
// the official socket.io browser client (4 and 2) in several frames, one from another site, against a
// real server. What it records is what the server saw, packet for packet, with no error record.
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLifecycle } from '../../../shared/record';
import { chromiumMissing, CHROMIUM } from '../../e2e/support/browser';
import { buildCli, runCli } from '../../support/cli';
import { spawnCli, type CliProcess } from '../../support/cli-process';
import { ndjson, packets, readSessionFile, withReport } from '../../support/ndjson';
import { startSocketIo2Server, startSocketIo4Server, type TestServer } from '../../support/servers';
import { expectSameEnginePackets, servePages, type PageSite } from '../../support/socket-io-pages';
import { FRAMES_PAGE_DONE, SCENARIOS } from '../../support/socket-io-scenarios';
import { tempDir } from '../../support/temp-dir';

let cli: string;
let dir: string;
const servers: TestServer[] = [];

beforeAll(async () => {
  cli = await buildCli();
  dir = tempDir('sio-browse');
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** Resolves once the CLI's stdout holds `count` records of the event `done` (the recording caught up). */
function recordedDone(browse: CliProcess, count: number): Promise<void> {
  let stdout = '';
  return new Promise((resolve) => {
    const check = (chunk: string): void => {
      stdout += chunk;
      if ((stdout.match(/"event":"done"/g) ?? []).length >= count) {
        browse.child.stdout.off('data', check);
        resolve();
      }
    };
    browse.child.stdout.on('data', check);
  });
}

describe.skipIf(chromiumMissing)('browse', () => {
  for (const [name, start, client] of [
    ['socket.io 4', startSocketIo4Server, 'v4'],
    ['socket.io 2', startSocketIo2Server, 'v2'],
  ] as const) {
    it(`records every frame's connections of a page on ${name}, as the server saw them`, async () => {
      const server = await start();
      servers.push(server);
      const site: PageSite = servePages(server, client, SCENARIOS);
      const out = join(dir, `${client}.jsonl`);
      const profilesBefore = browserProfiles();
      const browse = spawnCli(
        cli,
        [
          'browse',
          `${site.base}/page/frames`,
          '--browser',
          CHROMIUM,
          '--headless',
          '--format',
          'ndjson',
          '--summary',
          '--out',
          out,
        ],
        { timeoutMs: 60_000 },
      );
      await browse.waitForStderr(/browse: recording /);
      const caughtUp = recordedDone(browse, FRAMES_PAGE_DONE);
      await site.waitForDone(FRAMES_PAGE_DONE);
      await caughtUp;
      const result = await browse.stop('SIGINT');
      expect(result.stderr).toMatch(/browse ended \(interrupted\): \d+ records from 6 connection\(s\)/);
      expect(result.code).toBe(0);

      const { records, report } = withReport(result.stdout, 'summary');
      expectSameEnginePackets(records, site);
      // Six connections: upgrade, websocket, two of `two`, and `reload` before and after reloading.
      expect(site.sockets).toHaveLength(6);
      expect(report.connections).toHaveLength(6);
      // `upgrade` upgraded; `websocket` and half of `two` never polled; the other half only polled. (Whether
      // the reloaded page upgraded before it said done is up to timing.)
      expect(report.connections.filter((c) => c.upgrade?.completed === true).length).toBeGreaterThanOrEqual(
        1,
      );
      const transports = report.connections.map((c) => c.transport);
      expect(transports.filter((t) => t === 'websocket').length).toBeGreaterThanOrEqual(3);
      expect(transports).toContain('polling');
      // The refused namespace, twice (upgrade and websocket), with the server's reason.
      const refused = report.connections.flatMap((c) => c.namespaces.filter((n) => n.nsp === '/admin'));
      expect(refused).toHaveLength(2);
      for (const nsp of refused)
        expect(nsp).toMatchObject({ connected: false, error: { message: 'unauthorized' } });
      // Binary both ways: the bytes the page sent come back in the server's `binary` event.
      const binary = packets(records).filter((r) => r.sio?.type === 'BINARY_EVENT');
      expect(binary.map((r) => [r.dir, r.sio?.args])).toEqual(
        expect.arrayContaining([
          ['out', [{ $binary: 'AQID+g==' }]],
          ['in', [{ $binary: 'AQID+g==' }]],
        ]),
      );
      // Acks both ways: the page's echo acked by the server, the server's `ask` answered by the page.
      const acks = packets(records).filter((r) => r.sio?.type === 'ACK');
      expect(acks.filter((r) => r.dir === 'in').length).toBeGreaterThanOrEqual(5);
      expect(acks.filter((r) => r.dir === 'out').map((r) => r.sio?.args)).toEqual([[42], [42]]);
      // What the browser was closing when the recording stopped, it says it closed itself.
      const closed = records.filter((r) => isLifecycle(r) && r.event === 'closed');
      for (const r of closed)
        expect(r).toMatchObject({
          reason: expect.stringMatching(/sio-inspector closed the browser|navigated/),
        });

      // The session file holds the same records, and decode reads it back.
      const file = readSessionFile(out);
      expect(file.records).toEqual(records);
      expect(file.header.options).toMatchObject({ kind: 'browser', mode: 'launch', headless: true });
      const decoded = await runCli(cli, ['decode', out, '--format', 'ndjson']);
      expect(decoded.code).toBe(0);
      // The browser's temporary profile is gone.
      expect(browserProfiles()).toEqual(profilesBefore);
    }, 90_000);
  }

  it('ends after --duration, and closes the browser', async () => {
    const server = await startSocketIo4Server();
    servers.push(server);
    const site = servePages(server, 'v4', SCENARIOS);
    const result = await runCli(
      cli,
      [
        'browse',
        `${site.base}/page/two`,
        '--browser',
        CHROMIUM,
        '--headless',
        '--duration',
        '3',
        '--format',
        'ndjson',
      ],
      { timeoutMs: 30_000 },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/browse ended \(--duration 3 s\): \d+ records from 2 connection\(s\)\n$/);
    const records = ndjson(result.stdout);
    expectSameEnginePackets(records, site);
    const closed = records.filter((r) => isLifecycle(r) && r.event === 'closed');
    expect(closed.map((r) => r.conn).sort()).toEqual(['c1', 'c2']);
    for (const r of closed)
      expect(r).toMatchObject({ reason: 'sio-inspector closed the browser at the end of the recording' });
  }, 40_000);

  it("masks the page's credentials in what it prints and writes, unless --keep-secrets", async () => {
    const server = await startSocketIo4Server();
    servers.push(server);
    const site = servePages(server, 'v4', SCENARIOS);
    for (const keep of [false, true]) {
      const out = join(dir, `secrets-${keep}.jsonl`);
      const browse = spawnCli(
        cli,
        [
          'browse',
          `${site.base}/page/secrets`,
          '--browser',
          CHROMIUM,
          '--headless',
          '--format',
          'ndjson',
          '--out',
          out,
          ...(keep ? ['--keep-secrets'] : []),
        ],
        { timeoutMs: 40_000 },
      );
      await browse.waitForStderr(/browse: recording /);
      const caughtUp = recordedDone(browse, 1);
      await site.waitForDone(keep ? 2 : 1);
      await caughtUp;
      const result = await browse.stop('SIGINT');
      expect(result.code).toBe(0);
      const written = readFileSync(out, 'utf8');
      for (const text of [result.stdout, written]) {
        expect(text.includes('auth-secret-1'), `auth in clear (--keep-secrets ${keep})`).toBe(keep);
        expect(text.includes('query-secret-2'), `query in clear (--keep-secrets ${keep})`).toBe(keep);
      }
      const connect = packets(ndjson(result.stdout)).find(
        (r) => r.dir === 'out' && r.sio?.type === 'CONNECT',
      );
      expect(connect?.sio?.data).toEqual({ token: keep ? 'auth-secret-1' : '<redacted>' });
    }
  }, 60_000);

  it('says in one line why a browser cannot start', async () => {
    const bad = await runCli(cli, ['browse', 'http://127.0.0.1:1/', '--browser', '/bin/false', '--headless']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^sio-inspector: browse: \/bin\/false exited before DevTools answered/);
    const usage = await runCli(cli, ['browse', 'http://x/', '--browser', join(dir, 'none')]);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not an executable file\n$/) });
  });
});

function browserProfiles(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('sio-inspector-browser-'));
}
