// The UI at a million records (issue 4, "Speed"): a 1,000,000-record session file served by
// `sio-inspector serve --session FILE`, opened in Debian's Chromium. Measures the time to the first rows
// on screen (target ≤ 3 s), the p95 frame time while scrolling (≤ 16 ms) and the renderer's JS heap
// after it all (≤ 400 MB).
//
// Frame times are requestAnimationFrame deltas with vsync and the frame-rate cap off: with them on,
// Chromium paces rAF at 60 Hz and every delta is 16.7 ms whatever the page costs; with them off a frame
// comes as soon as the previous one is done, so a delta is what a frame costs. The headline figure is a
// continuous scroll (wheel, trackpad); jumps across the list (scrollbar drag) and the same scroll over a
// static page of 4,000 plain DOM rows (what scrolling ordinary DOM text costs on this machine) are
// reported beside it.
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { chromium } from 'playwright-core';
import { SESSION_FORMAT, SESSION_VERSION, type SessionHeader } from '../../shared/session/session-file';
import type { PacketRecord, SessionRecord } from '../../shared/record';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/support/browser';
import { startServe } from '../e2e/support/serve';

export interface UiBenchResult {
  readonly firstRowsMs: number;
  readonly p95FrameMs: number;
  readonly heapMB: number;
  /** From page load until the whole file was read on the Node side (the count reached 1,000,000). */
  readonly loadedMs: number;
  /** p95 while jumping across the whole list every frame (dragging the scrollbar): every row changes. */
  readonly p95JumpFrameMs: number;
  /** p95 of the same continuous scroll over a static page of plain DOM rows, for comparison. */
  readonly baselineP95FrameMs: number;
  readonly frames: number;
  readonly records: number;
}

export const UI_BENCH_RECORDS = 1_000_000;
export const FRAME_FLAGS = ['--disable-gpu-vsync', '--disable-frame-rate-limit'];

export async function runUiBench(workDir: string, records = UI_BENCH_RECORDS): Promise<UiBenchResult> {
  const file = join(workDir, `ui-bench-${records}.ndjson`);
  await writeBenchSession(file, records);
  const served = await startServe(['--session', file], 300_000);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...FRAME_FLAGS],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const started = Date.now();
    await page.goto(served.url);
    await page.getByTestId('frame-row').first().waitFor({ timeout: 60_000 });
    const firstRowsMs = Date.now() - started;

    const total = `${records.toLocaleString('en-US')} records`;
    await page.getByTestId('record-count').filter({ hasText: total }).waitFor({ timeout: 600_000 });
    await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: 600_000 });
    const loadedMs = Date.now() - started;

    const continuous = (
      (await page.evaluate(scrollScript('[data-testid=timeline]', 'continuous'))) as ScrollRun
    ).deltas;
    const jumps = ((await page.evaluate(scrollScript('[data-testid=timeline]', 'jumps'))) as ScrollRun)
      .deltas;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };

    const baselinePage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await baselinePage.setContent(BASELINE_PAGE);
    const baseline = ((await baselinePage.evaluate(scrollScript('#list', 'continuous'))) as ScrollRun).deltas;
    return {
      firstRowsMs,
      p95FrameMs: percentile(continuous, 0.95),
      heapMB: heap.usedSize / 1024 / 1024,
      loadedMs,
      p95JumpFrameMs: percentile(jumps, 0.95),
      baselineP95FrameMs: percentile(baseline, 0.95),
      frames: continuous.length + jumps.length,
      records,
    };
  } finally {
    await browser.close();
    await served.stop();
    // A few hundred MB, written again on every run: not worth keeping between runs.
    rmSync(file, { force: true });
  }
}

/**
 * Runs in the page: scrolls the element matching SELECTOR one step per animation frame and resolves
 * with the rAF deltas and where the scrolling stopped. `continuous`: 10 rows a frame for 400 frames from
 * the top, as a wheel or trackpad scrolls, paging in a new page of records every ~25 frames. `onward`:
 * the same steps from `from` (a scrollTop, or 'tail': two screens above the end) on down the list for as
 * long as `maxMs` allows, back to the top past its end; the end is read again there, so a list that grows
 * meanwhile is followed down. `jumps`: 240 jumps to scattered places across the whole list, as dragging
 * the scrollbar does; every row changes on every frame. Each stops early after `maxMs` of frames. The
 * frame callback does no more than set scrollTop, so the deltas are the page's cost. Kept as source text:
 * a transpiled function can carry helper calls (esbuild's `__name`) that the page does not have.
 */
export function scrollScript(
  selector: string,
  mode: 'continuous' | 'onward' | 'jumps',
  maxMs = Number.POSITIVE_INFINITY,
  from: number | 'tail' = 0,
): string {
  return `new Promise((resolve, reject) => {
    const scroller = document.querySelector(${JSON.stringify(selector)});
    if (scroller === null) return reject(new Error('nothing to scroll: ${selector}'));
    const mode = ${JSON.stringify(mode)};
    let range = scroller.scrollHeight - scroller.clientHeight;
    const from = ${JSON.stringify(from)};
    let top = from === 'tail' ? Math.max(0, range - 2 * scroller.clientHeight) : Math.min(from, range);
    const step = (i) => {
      if (mode === 'jumps') return i <= 240 ? (range * ((i * 97) % 240)) / 240 : undefined;
      if (mode === 'continuous') return i <= 400 ? Math.min(range, i * 220) : undefined;
      top += 220;
      if (top > range) {
        range = scroller.scrollHeight - scroller.clientHeight;
        if (top > range) top = 0;
      }
      return top;
    };
    const deltas = [];
    let elapsed = 0;
    let last = 0;
    let i = 0;
    const frame = (now) => {
      if (last !== 0) {
        deltas.push(now - last);
        elapsed += now - last;
      }
      last = now;
      const next = step(++i);
      if (next === undefined || elapsed > ${maxMs}) return resolve({ deltas, top: scroller.scrollTop });
      scroller.scrollTop = next;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })`;
}

/** What scrollScript resolves with. */
export interface ScrollRun {
  readonly deltas: number[];
  /** The scrollTop where the run stopped. */
  readonly top: number;
}

/** The same scrolling over a static page of plain DOM rows: what scrolling ordinary text costs here. */
const BASELINE_PAGE = `<!doctype html><div id="list" style="height:860px;overflow:auto;font:12px monospace">${Array.from(
  { length: 4000 },
  (_, i) =>
    `<div style="height:22px;line-height:22px;white-space:nowrap">${i} ← ws message EVENT / chat 63 B [{"user":"u${i % 97}","text":"message number ${i}"}]</div>`,
).join('')}</div>`;

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** A session file of `count` records shaped like a busy websocket session: events, acks, heartbeats. */
export async function writeBenchSession(path: string, count: number): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const header: SessionHeader = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    created: new Date().toISOString(),
    target: 'http://127.0.0.1:3000',
    options: { kind: 'other' },
    tool: { name: 'sio-inspector', version: 'bench' },
  };
  let chunk = `${JSON.stringify(header)}\n`;
  for (let i = 0; i < count; i++) {
    chunk += `${JSON.stringify(benchRecord(i))}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

function benchRecord(i: number): SessionRecord {
  const at = (p: Omit<PacketRecord, 't' | 'conn' | 'frame' | 'transport'>): PacketRecord => ({
    t: i * 1.5,
    conn: 'c1',
    frame: i,
    transport: 'websocket',
    ...p,
  });
  if (i === 0) {
    const open = { sid: 'bench-sid', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1e6 };
    return at({ dir: 'in', size: 90, eio: { type: 'open', data: open } });
  }
  if (i === 1)
    return at({
      dir: 'out',
      size: 2,
      eio: { type: 'message', data: '0' },
      sio: { type: 'CONNECT', nsp: '/' },
    });
  if (i === 2) {
    const data = { sid: 'bench-socket' };
    return at({
      dir: 'in',
      size: 24,
      eio: { type: 'message', data: `0${JSON.stringify(data)}` },
      sio: { type: 'CONNECT', nsp: '/', data },
    });
  }
  const n = i % 50;
  if (n === 0) return at({ dir: 'in', size: 1, eio: { type: 'ping' } });
  if (n === 1) return at({ dir: 'out', size: 1, eio: { type: 'pong' } });
  if (n === 7) {
    const args = [{ ok: true, id: i - 1 }];
    const data = `3${i - 1}${JSON.stringify(args)}`;
    return at({
      dir: 'in',
      size: data.length + 1,
      eio: { type: 'message', data },
      sio: { type: 'ACK', nsp: '/', id: i - 1, args },
    });
  }
  const args = [{ user: `u${i % 97}`, text: `message number ${i}`, at: i * 1.5 }];
  const id = n === 6 ? i : undefined;
  const data = `2${id ?? ''}${JSON.stringify(['chat', ...args])}`;
  return at({
    dir: i % 3 === 0 ? 'out' : 'in',
    size: data.length + 1,
    eio: { type: 'message', data },
    sio: { type: 'EVENT', nsp: '/', ...(id === undefined ? {} : { id }), event: 'chat', args },
  });
}
