// The app in Chromium over a session whose every record names a connection and an event of its own (a
// load test through the proxy, or a hostile file): `serve --session FILE` with the store bench's
// distinct session. Measures the time to the first rows and to the whole file read, serve's peak RSS,
// the renderer's JS heap, how many connections the connection filter lists, and filtering to one
// connection half way down by typing its id. `node --import tsx test/bench/ui-names-bench.ts [N]`.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/support/browser';
import { startServe } from '../e2e/support/serve';
import { processMemory } from '../support/process-memory';
import { writeSession } from './store-bench';

export interface UiNamesResult {
  readonly records: number;
  readonly firstRowsMs: number;
  /** Until the page counted every record; null: not within `maxMs`. */
  readonly loadedMs: number | null;
  readonly serveRssPeakMb: number;
  readonly heapMB: number;
  /** Connections the connection filter lists (not its "all" and "more" lines). */
  readonly listed: number;
  /** What the filter says of the connections it does not list. */
  readonly unlisted: string;
  /** From typing (or picking) a connection half way down until the one row counted; null: not reached. */
  readonly filterMs: number | null;
}

export async function runUiNamesBench(
  workDir: string,
  records = 1_000_000,
  maxMs = 300_000,
): Promise<UiNamesResult> {
  const file = join(workDir, `ui-names-${records}.ndjson`);
  writeSession(file, records, true);
  const served = await startServe(['--session', file], 60_000);
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, processMemory(served.pid, 'VmHWM') / 1e6)), 250);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const started = Date.now();
    await page.goto(served.url);
    await page.getByTestId('frame-row').first().waitFor({ timeout: 60_000 });
    const firstRowsMs = Date.now() - started;
    const total = `${records.toLocaleString('en-US')} records`;
    const loadedMs = await page
      .getByTestId('session-state')
      .filter({ hasText: /file/i })
      .waitFor({ timeout: maxMs })
      .then(async () => {
        await page.getByTestId('record-count').filter({ hasText: total }).waitFor({ timeout: maxMs });
        return Date.now() - started;
      })
      .catch(() => null);
    const listed = await page
      .getByTestId('filter-conn')
      .locator('option:not([disabled]):not([value=""])')
      .count();
    const unlistedNote = page.getByTestId('filter-conn-unlisted');
    const unlisted = (await unlistedNote.count()) > 0 ? ((await unlistedNote.textContent()) ?? '') : '';
    let filterMs: number | null = null;
    if (loadedMs !== null) {
      let late = Math.floor(records / 2);
      while (late % 7 === 0 || late % 50 < 2 || late % 997 === 0) late++;
      const filterStart = Date.now();
      const typed = page.getByTestId('filter-conn-id');
      if ((await typed.count()) > 0) await typed.fill(`c${late}`);
      else await page.getByTestId('filter-conn').selectOption(`c${late}`);
      filterMs = await page
        .getByTestId('row-count')
        .filter({ hasText: `1 of ${records.toLocaleString()}` })
        .waitFor({ timeout: maxMs })
        .then(() => Date.now() - filterStart)
        .catch(() => null);
    }
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return {
      records,
      firstRowsMs,
      loadedMs,
      serveRssPeakMb: Math.max(peak, processMemory(served.pid, 'VmHWM') / 1e6),
      heapMB: heap.usedSize / 1024 / 1024,
      listed,
      unlisted,
      filterMs,
    };
  } finally {
    clearInterval(sample);
    await browser.close();
    await served.stop();
    rmSync(file, { force: true });
  }
}

export function printUiNamesBench(r: UiNamesResult): void {
  const ms = (v: number | null): string => (v === null ? 'not reached' : `${v.toFixed(0)} ms`);
  console.log(
    `ui, distinct names: ${r.records.toLocaleString('en-US')} records, each of its own connection and event, serve --session, Chromium`,
  );
  console.log(`  first rows shown      ${r.firstRowsMs.toFixed(0)} ms`);
  console.log(`  whole file read       ${ms(r.loadedMs)}`);
  console.log(`  serve peak RSS        ${r.serveRssPeakMb.toFixed(0)} MB`);
  console.log(`  renderer JS heap      ${r.heapMB.toFixed(1)} MB`);
  console.log(
    `  connection choices    ${r.listed.toLocaleString('en-US')} listed${r.unlisted === '' ? '' : `, "${r.unlisted}"`}`,
  );
  console.log(`  filter to one typed   ${ms(r.filterMs)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workDir = join(process.cwd(), '.bench');
  mkdirSync(workDir, { recursive: true });
  printUiNamesBench(await runUiNamesBench(workDir, Number(process.argv[2] ?? 1_000_000)));
}
