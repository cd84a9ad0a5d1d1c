// The app showing a live session at rate (issue 13, "Live at rate"): `sio-inspector serve` in Chromium
// connects to a socket.io 4 server sending 20,000 events a second for a minute, and the timeline is
// scrolled without a pause while they arrive, in runs of 5 s at wheel speed: one run reads on down the
// list from where the previous such run stopped, the next reads down from two screens above the live
// tail (the newest records, paged in as they come), and so on; past the list's end a run goes back to
// its top. For the last 10 s the timeline follows the tail instead, as it does by default while a live
// session is watched: nothing scrolls but the view, which keeps the newest rows in sight as each batch
// comes. Measures the p95 frame time of that scrolling and of following, the serve process's memory
// every 10 s, how long until every event was in the session, and whether the session file holds every
// one of them. The machine is shared: the bench also says its load, and the CPU time serve and Chromium
// used, which does not swing with the load as frame times do.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/support/browser';
import { connect } from '../e2e/support/app-page';
import { startServe } from '../e2e/support/serve';
import { startRateServer } from './rate-server';
import { cpuSeconds, cpuSpent, loadNow, type CpuSeconds } from './process-cpu';
import { processMemory } from '../support/process-memory';
import { FRAME_FLAGS, percentile, scrollScript, type ScrollRun } from './ui-bench';

export interface UiLiveBenchResult {
  readonly rate: number;
  readonly seconds: number;
  readonly sent: number;
  /** `tick` events in the session file once the session had them all (or the bench stopped waiting). */
  readonly recorded: number;
  /** When the connection ended before the bench closed it (the session file's `closed` record): why, and when. */
  readonly ended: { readonly atMs: number; readonly reason: string } | undefined;
  /** From connecting until the timeline's count stopped growing with every event in; undefined: never. */
  readonly caughtUpMs: number | undefined;
  readonly p95FrameMs: number;
  readonly frames: number;
  /** p95 of the frames while the timeline followed the tail, nothing scrolled by the user. */
  readonly p95FollowFrameMs: number;
  readonly followFrames: number;
  /** The serve process's resident memory every 10 s from connecting, in bytes. */
  readonly rssEvery10s: readonly number[];
  /** CPU seconds of Chromium's processes (by type) while the timeline was scrolled. */
  readonly scrollCpu: CpuSeconds;
  /** CPU seconds serve used from connecting until the session held every event (or the bench stopped waiting). */
  readonly serveCpu: number | undefined;
  /** The machine's one-minute load average as the run started and as it ended. */
  readonly load: readonly [number, number];
}

/** A scroll run stops after this long even when its frames are slow, for the bench to look at the clock. */
const SCROLL_RUN_MS = 5000;
/** The last this-long of the events, the timeline follows the tail instead of being scrolled. */
const FOLLOW_MS = 10_000;
/** How long after the last event was due the bench waits for the session to catch up. */
const WAIT_AFTER_MS = 120_000;

export async function runUiLiveBench(rate = 20_000, seconds = 60): Promise<UiLiveBenchResult> {
  const sessionsDir = mkdtempSync(join(tmpdir(), 'sio-ui-live-'));
  const server = await startRateServer(rate, seconds);
  // Where serve records the session: a folder of the bench's own, removed afterwards.
  process.env.SIO_INSPECTOR_SESSIONS_DIR = sessionsDir;
  const served = await startServe();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...FRAME_FLAGS],
  });
  const rssEvery10s: number[] = [];
  let sampler: NodeJS.Timeout | undefined;
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(served.url);
    const loadBefore = loadNow();
    const cpuBefore = cpuSeconds(served.pid);
    const started = Date.now();
    await connect(page, server.url);
    sampler = setInterval(() => rssEvery10s.push(processMemory(served.pid, 'VmRSS')), 10_000);
    const deltas: number[] = [];
    // Scrolled from when the connection is open until the last FOLLOW_MS of the events.
    const open = Date.now();
    let reading = 0;
    for (let run = 0; Date.now() - open < seconds * 1000 - FOLLOW_MS; run++) {
      const atTail = run % 2 === 1;
      const done = (await page.evaluate(
        scrollScript('[data-testid=timeline]', 'onward', SCROLL_RUN_MS, atTail ? 'tail' : reading),
      )) as ScrollRun;
      if (!atTail) reading = done.top;
      deltas.push(...done.deltas);
    }
    const cpuScrolled = cpuSeconds(served.pid);
    const follow = page.getByTestId('follow-toggle');
    if ((await follow.getAttribute('aria-pressed')) !== 'true') await follow.click();
    const following = (await page.evaluate(framesScript(FOLLOW_MS))) as number[];
    const sent = rate * seconds;
    const caughtUpMs = await caughtUp(page, sent, started);
    const serveCpu = cpuSpent(cpuBefore, cpuSeconds(served.pid)).get('serve');
    clearInterval(sampler);
    return {
      rate,
      seconds,
      sent,
      ...recordedIn(sessionsDir),
      caughtUpMs,
      p95FrameMs: percentile(deltas, 0.95),
      frames: deltas.length,
      p95FollowFrameMs: percentile(following, 0.95),
      followFrames: following.length,
      rssEvery10s,
      scrollCpu: new Map([...cpuSpent(cpuBefore, cpuScrolled)].filter(([name]) => name !== 'serve')),
      serveCpu,
      load: [loadBefore, loadNow()],
    };
  } finally {
    clearInterval(sampler);
    await browser.close();
    await served.stop();
    server.stop();
    rmSync(sessionsDir, { recursive: true, force: true });
  }
}

/** Runs in the page: the rAF deltas of `ms` of frames, doing nothing else in them. */
function framesScript(ms: number): string {
  return `new Promise((resolve) => {
    const deltas = [];
    let elapsed = 0;
    let last = 0;
    const frame = (now) => {
      if (last !== 0) {
        deltas.push(now - last);
        elapsed += now - last;
      }
      last = now;
      if (elapsed > ${ms}) return resolve(deltas);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })`;
}

/** Waits until the count shows at least `sent` records and holds still for two seconds. */
async function caughtUp(page: Page, sent: number, started: number): Promise<number | undefined> {
  const deadline = Date.now() + WAIT_AFTER_MS;
  let last = -1;
  let stillSince = Date.now();
  while (Date.now() < deadline) {
    const text = (await page.getByTestId('record-count').first().textContent()) ?? '';
    const count = Number(text.replace(/\D/g, ''));
    if (count !== last) {
      last = count;
      stillSince = Date.now();
    } else if (count >= sent && Date.now() - stillSince >= 2000) return stillSince - started;
    await page.waitForTimeout(250);
  }
  return undefined;
}

/** The `tick` events the session file holds, and how the connection ended if it did. */
function recordedIn(dir: string): Pick<UiLiveBenchResult, 'recorded' | 'ended'> {
  let recorded = 0;
  let ended: UiLiveBenchResult['ended'];
  for (const name of readdirSync(dir))
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line.includes('"event":"tick"') && line.includes('"dir":"in"')) recorded++;
      else if (line.includes('"event":"closed"')) {
        const record = JSON.parse(line) as { t: number; reason?: string };
        ended = { atMs: record.t, reason: record.reason ?? '' };
      }
    }
  return { recorded, ended };
}
