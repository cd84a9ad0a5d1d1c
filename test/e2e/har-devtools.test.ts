// Chrome DevTools opens our HAR export. Each recorded session (socket.io 4 and 2 polling with upgrade,
// socket.io 2 polling only, python-socketio WebSocket only) is exported by sessionToHar and imported into
// the DevTools frontend that Debian's Chromium bundles (devtools://devtools/bundled/devtools_app.html,
// which needs no inspected page for this) the way a user does it: Network panel, "Import HAR file…", the
// file chooser. What DevTools made of it is read from its request list and the WebSocket's Messages tab
// on screen, and from its network log through its own modules; DevTools' own HAR writer then writes that
// log out again and our importer must find every recorded packet in it. DevTools reports a HAR it cannot
// read in its own console model (Common.Console), not the page's console, so that is where errors are
// looked for; the last test shows that this is where they land.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isLifecycle, type PacketRecord, type SessionRecord } from '../../shared/record';
import { readHar } from '../../shared/session/har';
import { sessionToHar, type HarDocument } from '../../shared/session/har-export';
import { RECORDED_SESSIONS, recordedSession } from '../support/session-fixtures';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { tempDir } from '../support/temp-dir';

const DEVTOOLS = 'devtools://devtools/bundled/devtools_app.html';
const START = Date.parse('2025-03-01T10:00:00.000Z');
const TIMEOUT = 10_000;

/** A request as DevTools' network log holds it (SDK.NetworkRequest), times in epoch seconds. */
interface DevToolsRequest {
  readonly id: string;
  readonly url: string;
  readonly method: string;
  readonly status: number;
  readonly type: string;
  readonly startTime: number;
  readonly endTime: number;
  readonly transferSize: number;
  readonly frames: readonly { type: string; time: number; opcode: number; data: string }[];
}

interface DevToolsState {
  readonly requests: readonly DevToolsRequest[];
  /** The log written out again by DevTools' own HAR writer (what "Export HAR" saves). */
  readonly har: string;
  /** Error messages in DevTools' console model, where a failed import is reported. */
  readonly errors: readonly string[];
}

// Evaluated as a string in the DevTools page: its modules load by URL there, and a function passed to
// page.evaluate would have its dynamic import() rewritten by the test runner's module transform.
const READ_DEVTOOLS = `(async () => {
  const load = (path) => import('devtools://devtools/bundled/' + path);
  const [Common, Logs, HAR] = await Promise.all(
    ['core/common/common.js', 'models/logs/logs.js', 'models/har/har.js'].map(load));
  const log = [...Logs.NetworkLog.NetworkLog.instance().requests()];
  const requests = log.map((r) => ({
    id: r.requestId(), url: r.url(), method: r.requestMethod, status: r.statusCode,
    type: r.resourceType().name(), startTime: r.startTime, endTime: r.endTime, transferSize: r.transferSize,
    frames: r.frames().map((f) => ({ type: f.type, time: f.time, opcode: f.opCode, data: f.text })),
  }));
  const progress = new Common.Progress.CompositeProgress(new Common.Progress.Progress());
  const har = await HAR.Writer.Writer.harStringForRequests(log, { sanitize: false }, progress);
  const errors = Common.Console.Console.instance().messages()
    .filter((m) => m.level === 'error').map((m) => m.text);
  return { requests, har, errors };
})()`;

describe.skipIf(chromiumMissing)('Chrome DevTools imports the HAR export', { timeout: 60_000 }, () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  /** Uncaught exceptions and console errors of the DevTools page itself. */
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    dir = tempDir('sio-har-devtools');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page, `FAILED-har-devtools-${context.task.name}`).catch(() => undefined);
    await page?.close();
  });

  /** Opens DevTools' Network panel and imports the file through its toolbar button and file chooser. */
  async function importIntoDevTools(file: string): Promise<void> {
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(DEVTOOLS);
    await page.getByRole('tab', { name: 'Network' }).click();
    const chooser = page.waitForEvent('filechooser', { timeout: TIMEOUT });
    await page.getByRole('button', { name: 'Import HAR file…' }).click();
    await (await chooser).setFiles(file);
  }

  function writeHar(name: string, har: unknown): string {
    const file = join(dir, `${name}.har`);
    writeFileSync(file, JSON.stringify(har, null, 2));
    return file;
  }

  it.each(RECORDED_SESSIONS)('%s: every request and message as recorded', async (name) => {
    const records = recordedSession(name);
    const har = sessionToHar(records, { startedAt: START, target: 'http://localhost:3000' });
    await importIntoDevTools(writeHar(name, har));
    const entries = har.log.entries;
    const requestRows = page.locator('.network-log-grid tr[data-network-request-id]');
    await expect.poll(() => requestRows.count(), { timeout: TIMEOUT }).toBe(entries.length);
    const state = await page.evaluate<DevToolsState>(READ_DEVTOOLS);

    expect(state.errors).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The network log, in DevTools' order (by start time): what each entry said, nothing lost or added.
    expect(state.requests.map(identity)).toEqual(entries.map(identityOfEntry));
    for (const [i, request] of state.requests.entries()) {
      const entry = entries[i] as HarDocument['log']['entries'][number];
      // The Size column: the body's bytes as sent (UTF-8), not its UTF-16 length, nothing taken off.
      expect(request.transferSize, request.url).toBe(Buffer.byteLength(entry.response.content.text ?? ''));
      // A request that took no time at all is one DevTools still shows as "Pending".
      expect(request.endTime, request.url).toBeGreaterThan(request.startTime);
    }
    await expectRequestRows(state.requests);

    const ws = state.requests.find((r) => r.type === 'websocket');
    const exported = entries.find((e) => e._resourceType === 'websocket')?._webSocketMessages ?? [];
    expect(ws?.frames ?? []).toEqual(exported);
    if (ws !== undefined) {
      // Message times are epoch seconds like the request's own: every message falls within the socket's
      // life (compared in whole µs, the records' precision, past the floating-point noise of seconds).
      const µs = (seconds: number): number => Math.round(seconds * 1e6);
      for (const frame of ws.frames) {
        expect(µs(frame.time)).toBeGreaterThanOrEqual(µs(ws.startTime));
        expect(µs(frame.time)).toBeLessThanOrEqual(µs(ws.endTime));
      }
      await expectMessagesTab(ws, exported);
    }

    // What DevTools holds, written out by DevTools, still decodes to the recorded packets.
    const back = readHar(state.har);
    if ('error' in back) throw new Error(back.error.message);
    expect(packetsOf(back.har.records).map(withoutTime)).toEqual(packetsOf(records).map(withoutTime));
  });

  it('reports a HAR it cannot read in its console, which is where the test above looks', async () => {
    const har = sessionToHar(recordedSession('socketio4-upgrade'), { startedAt: START });
    const broken = { log: { ...har.log, entries: har.log.entries.map((e) => ({ ...e, time: 'soon' })) } };
    await importIntoDevTools(writeHar('broken', broken));
    await expect
      .poll(async () => (await page.evaluate<DevToolsState>(READ_DEVTOOLS)).errors, { timeout: TIMEOUT })
      .toEqual([expect.stringMatching(/^Failed to load HAR file/)]);
    expect((await page.evaluate<DevToolsState>(READ_DEVTOOLS)).requests).toEqual([]);
  });

  /** The request list on screen: one row per request with its URL, status, type and a finished time. */
  async function expectRequestRows(requests: readonly DevToolsRequest[]): Promise<void> {
    const rows = await page.locator('.network-log-grid tr[data-network-request-id]').evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-network-request-id'),
        url: tr.querySelector('.name-column')?.getAttribute('title'),
        status: tr.querySelector('.status-column')?.firstChild?.textContent,
        type: tr.querySelector('.type-column')?.textContent,
        // The first text node: a WebSocket's cell adds a subtitle below it.
        time: tr.querySelector('.time-column')?.firstChild?.textContent,
      })),
    );
    expect(rows.map(({ time: _time, ...row }) => row)).toEqual(
      requests.map((r) => ({ id: r.id, url: r.url, status: String(r.status), type: r.type })),
    );
    for (const row of rows) expect(row.time).toMatch(/^[\d.]+\s(ms|s)$/);
  }

  /** The WebSocket's Messages tab: each message's direction, text (or "Binary message"), length and time. */
  async function expectMessagesTab(
    ws: DevToolsRequest,
    messages: NonNullable<HarDocument['log']['entries'][number]['_webSocketMessages']>,
  ): Promise<void> {
    await page.locator(`tr[data-network-request-id="${ws.id}"] .name-column`).click();
    await page.getByRole('tab', { name: 'Messages' }).click();
    const rows = page.locator('tr.resource-chunk-view-row-send, tr.resource-chunk-view-row-receive');
    await expect.poll(() => rows.count(), { timeout: TIMEOUT }).toBe(messages.length);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        type: tr.classList.contains('resource-chunk-view-row-send') ? 'send' : 'receive',
        data: tr.querySelector('.data-column')?.textContent,
        length: tr.querySelector('.length-column')?.textContent,
        time: tr.querySelector('.time-column')?.textContent,
      })),
    );
    expect(shown).toEqual(
      messages.map((m) => ({
        type: m.type,
        data: m.opcode === 1 ? m.data : 'Binary message',
        // Binary lengths are bytes; the recorded ones are all under a kilobyte.
        length: m.opcode === 1 ? String(m.data.length) : `${Buffer.from(m.data, 'base64').length}\u00a0B`,
        time: clock(m.time * 1000),
      })),
    );
  }
});

function identity(r: DevToolsRequest): object {
  return { method: r.method, url: r.url, status: r.status, type: r.type };
}

function identityOfEntry(e: HarDocument['log']['entries'][number]): object {
  return { method: e.request.method, url: e.request.url, status: e.response.status, type: e._resourceType };
}

function packetsOf(records: readonly SessionRecord[]): PacketRecord[] {
  return records.filter((r): r is PacketRecord => !isLifecycle(r));
}

function withoutTime({ t: _t, ...rest }: PacketRecord): Omit<PacketRecord, 't'> {
  return rest;
}

/** hh:mm:ss.mmm in local time, as the Messages tab writes a message's time. */
function clock(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
