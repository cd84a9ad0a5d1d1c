// Stop of a text search end to end: Chromium against `sio-inspector serve --session`, a session of a few
// of the store's scans. A search answers in slices of FILTER_SLICE_MS, and on a quiet machine the whole
// session fits in one, leaving nothing to stop; so the serve process runs under Node's inspector, and a
// breakpoint in the search's loop holds its main thread: past the deadline in the first slice (which then
// answers with what it found and `more`), then for good in the second, while the page shows the search
// running with its Stop. Stop keeps the matches found, says the search stopped, and the held answer,
// let through afterwards, changes nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FILTER_SLICE_MS } from '../../electron/store/record-store';
import { TIMEOUT } from './support/app-page';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { startServe, type Served } from './support/serve';
import { VIEWPORT } from './support/served-app';

const RECORDS = 150_000;
/** The line of the search's loop where a scan's lines have been tested, before the slice looks at the clock. */
const SCANNED = 'at = scan.to;';

/** Frame lines: a handshake, then chat events, heartbeats and acks; "chat" in a third of them. */
function session(): string {
  const open = '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000}';
  const lines = [JSON.stringify({ t: 0, dir: 'in', transport: 'websocket', text: open })];
  for (let i = 1; i < RECORDS; i++) {
    const text = i % 3 === 0 ? `42["chat",{"n":${i},"pad":"${'x'.repeat(40)}"}]` : i % 3 === 1 ? '2' : '3';
    lines.push(JSON.stringify({ t: i, dir: i % 3 === 2 ? 'out' : 'in', transport: 'websocket', text }));
  }
  return `${lines.join('\n')}\n`;
}

/** The serve process's main thread through its inspector (the Chrome DevTools Protocol). */
class Inspector {
  private nextId = 0;
  private readonly waiting = new Map<number, (result: unknown) => void>();
  private readonly pauses: (() => void)[] = [];
  private pausedCount = 0;
  readonly scripts = new Map<string, string>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as {
        id?: number;
        method?: string;
        result?: unknown;
        params?: { url?: string; scriptId?: string };
      };
      if (message.id !== undefined) this.waiting.get(message.id)?.(message.result);
      if (message.method === 'Debugger.scriptParsed' && message.params?.url !== undefined)
        this.scripts.set(message.params.url, message.params.scriptId ?? '');
      if (message.method === 'Debugger.paused') {
        this.pausedCount++;
        for (const resolve of this.pauses.splice(0)) resolve();
      }
    });
  }

  static async connect(stderr: () => string): Promise<Inspector> {
    const url = stderr().match(/Debugger listening on (ws:\/\/\S+)/)?.[1];
    if (url === undefined) throw new Error(`no inspector URL in:\n${stderr()}`);
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new Inspector(socket);
  }

  /** The command's result; undefined at once when the inspector is gone (the process ended). */
  send<T = unknown>(method: string, params: object = {}): Promise<T> {
    if (this.socket.readyState !== WebSocket.OPEN) return Promise.resolve(undefined as T);
    const id = ++this.nextId;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve) => this.waiting.set(id, (r) => resolve(r as T)));
  }

  /** Resolves once the main thread has paused `count` times in all. */
  paused(count: number): Promise<void> {
    if (this.pausedCount >= count) return Promise.resolve();
    return new Promise((resolve) => this.pauses.push(() => void this.paused(count).then(resolve)));
  }

  close(): void {
    this.socket.close();
  }
}

describe.skipIf(chromiumMissing)('Stop of a text search', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sio-e2e-search-stop-'));
  let served: Served | undefined;
  let browser: Browser | undefined;
  let inspector: Inspector | undefined;
  let page: Page;

  beforeAll(async () => {
    const file = join(dir, 'long.ndjson');
    writeFileSync(file, session());
    [served, browser] = await Promise.all([
      startServe(['--session', file], 120_000, undefined, ['--inspect=127.0.0.1:0']),
      launchChromium(),
    ]);
    page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await page.goto(served.url);
  }, 180_000);

  afterAll(async () => {
    // A main thread held at a breakpoint could not end on SIGTERM.
    await inspector?.send('Debugger.disable').catch(() => undefined);
    inspector?.close();
    await browser?.close();
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the matches found so far and says the search stopped', async () => {
    try {
      await page
        .getByTestId('row-count')
        .filter({ hasText: RECORDS.toLocaleString('en-US') })
        .waitFor({ timeout: 120_000 });
      const debug = await Inspector.connect((served as Served).stderr);
      inspector = debug;
      await debug.send('Debugger.enable');
      const cli = [...debug.scripts.entries()].find(([url]) => url.endsWith('/cli.cjs'));
      expect(cli).toBeDefined();
      const { scriptSource } = await debug.send<{ scriptSource: string }>('Debugger.getScriptSource', {
        scriptId: cli?.[1],
      });
      const lineNumber = scriptSource.split('\n').findIndex((l) => l.trim() === SCANNED);
      expect(lineNumber).toBeGreaterThan(0);
      await debug.send('Debugger.setBreakpointByUrl', { url: cli?.[0], lineNumber });

      await page.getByTestId('search-input').fill('chat');
      // The first slice, held past its deadline after its first scan: it answers with `more`.
      await debug.paused(1);
      await new Promise((resolve) => setTimeout(resolve, FILTER_SLICE_MS * 2));
      await debug.send('Debugger.resume');
      // The second slice is held until the end of the test: the search runs, as far as the page knows.
      await debug.paused(2);
      const stop = page.getByTestId('search-stop');
      await stop.waitFor({ timeout: TIMEOUT });
      const count = page.getByTestId('search-count');
      expect(await count.textContent()).toMatch(/^… \d+%$/);
      await stop.click();
      await count.filter({ hasText: /^[\d,]+ \(stopped\)$/ }).waitFor({ timeout: TIMEOUT });
      const found = await count.textContent();
      expect(await stop.count()).toBe(0);
      const hits = Number(found?.match(/^([\d,]+)/)?.[1]?.replaceAll(',', ''));
      expect(hits).toBeGreaterThan(0);
      expect(hits).toBeLessThan(RECORDS / 3);

      // Let go (disabling removes the breakpoint), the held slice answers; the page no longer wants it.
      // A new search then runs to its end.
      await debug.send('Debugger.disable');
      await page.getByTestId('search-input').fill('no-such-text');
      await count.filter({ hasText: 'no match' }).waitFor({ timeout: TIMEOUT });
    } catch (error) {
      await screenshot(page, 'FAILED-search-stop').catch(() => undefined);
      throw error;
    }
  });
});
