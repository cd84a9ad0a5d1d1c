// `npm run bench`: prints the project's speed figures. `npm run bench -- decode` runs one section;
// `scale` (ten million records) and `names` (a million connections) run only when named.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCaptureBench } from './capture-bench';
import { runDecodeBench } from './decode-bench';
import { runLongLineBench } from './long-line-bench';
import { runScaleBench } from './scale-bench';
import { printStoreBench, runStoreBench } from './store-bench';
import { runUiBench } from './ui-bench';
import { printUiNamesBench, runUiNamesBench } from './ui-names-bench';
import { runUiLiveBench } from './ui-live-bench';
import { removeTempDirs } from '../support/temp-dir';

const workDir = join(process.cwd(), '.bench');
mkdirSync(workDir, { recursive: true });

const sections: Record<string, () => Promise<void>> = {
  async decode() {
    const r = await runDecodeBench(workDir);
    console.log(`decode: ${r.frames} frames, --format ndjson, whole process, median of 5`);
    console.log(`  sio-inspector decode          ${r.ourMs.toFixed(0)} ms  (${r.ourLines} lines)`);
    console.log(
      `  engine.io-parser+socket.io-parser ${r.referenceMs.toFixed(0)} ms  (${r.referenceLines} lines)`,
    );
    console.log(
      `  ratio ours/reference          ${r.ratio.toFixed(2)}  ${r.ratio <= 1 ? 'OK' : 'SLOWER than the reference'}`,
    );
  },
  async 'long-line'() {
    console.log('long-line: decode of one frame line, --format ndjson, whole process');
    for (const r of runLongLineBench(workDir))
      console.log(
        `  ${String(r.mb).padStart(3)} MB line   ${r.ms.toFixed(0)} ms  (${(r.ms / r.mb).toFixed(0)} ms/MB)`,
      );
  },
  async capture() {
    // runCaptureBench prints its own figures and verdict.
    await runCaptureBench();
  },
  async store() {
    printStoreBench(await runStoreBench(workDir));
  },
  async names() {
    // A session of a million records, each of its own connection and event: the store, then the app.
    printStoreBench(await runStoreBench(workDir, 1_000_000, true));
    printUiNamesBench(await runUiNamesBench(workDir));
  },
  async scale() {
    // Prints its own figures; long (ten million records), so only when asked for by name. Then the
    // same live traffic with the app showing it, for the scrolling figure: every figure of the scale goals.
    await runScaleBench();
    await printUiLiveBench();
  },
  async 'ui-live'() {
    // The live half of `ui` alone: a minute of traffic, without the million-record session first.
    await printUiLiveBench();
  },
  async ui() {
    const r = await runUiBench(workDir);
    const mark = (ok: boolean): string => (ok ? 'OK' : 'OVER target');
    console.log(`ui: ${r.records.toLocaleString('en-US')}-record session, serve --session, Chromium`);
    console.log(
      `  first rows shown      ${r.firstRowsMs.toFixed(0)} ms  (target ≤ 3000)  ${mark(r.firstRowsMs <= 3000)}`,
    );
    console.log(
      `  scrolling p95 frame   ${r.p95FrameMs.toFixed(1)} ms  (target ≤ 16)  ${mark(r.p95FrameMs <= 16)}`,
    );
    console.log(
      `  renderer JS heap      ${r.heapMB.toFixed(1)} MB  (target ≤ 400)  ${mark(r.heapMB <= 400)}`,
    );
    console.log(`  whole file read       ${r.loadedMs.toFixed(0)} ms`);
    console.log(`  scrollbar-drag p95    ${r.p95JumpFrameMs.toFixed(1)} ms  (every row changes every frame)`);
    console.log(
      `  plain-page p95        ${r.baselineP95FrameMs.toFixed(1)} ms  (same scroll over a static page of plain DOM rows)`,
    );
    await printUiLiveBench();
  },
};

async function printUiLiveBench(): Promise<void> {
  const mark = (ok: boolean): string => (ok ? 'OK' : 'OVER target');
  const live = await runUiLiveBench();
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
  console.log(
    `ui, live: ${live.rate.toLocaleString('en-US')} events/s for ${live.seconds} s from socket.io 4, connected from the app, the timeline scrolled meanwhile, then following the tail`,
  );
  console.log(
    `  scrolling p95 frame   ${live.p95FrameMs.toFixed(1)} ms over ${live.frames} frames  (target ≤ 16)  ${mark(live.p95FrameMs <= 16)}`,
  );
  console.log(
    `  following p95 frame   ${live.p95FollowFrameMs.toFixed(1)} ms over ${live.followFrames} frames  (the last 10 s: the timeline following the tail, not scrolled)`,
  );
  console.log(
    `  events recorded       ${live.recorded.toLocaleString('en-US')} of ${live.sent.toLocaleString('en-US')}  ${live.recorded === live.sent ? 'OK' : 'LOST'}`,
  );
  console.log(
    live.caughtUpMs === undefined
      ? '  all shown             BEHIND: the count never reached them all'
      : `  all shown after       ${(live.caughtUpMs / 1000).toFixed(1)} s from connecting`,
  );
  if (live.ended !== undefined)
    console.log(
      `  connection ended      ${(live.ended.atMs / 1000).toFixed(1)} s in, before the bench closed it: ${live.ended.reason}`,
    );
  console.log(`  serve RSS every 10 s  ${live.rssEvery10s.map(mb).join(', ')}`);
  // CPU time is what the work cost whatever the load; frame times and keeping up depend on the load.
  const perFrame = (seconds: number): string =>
    `${((seconds * 1000) / Math.max(1, live.frames)).toFixed(1)} ms`;
  console.log(
    `  Chromium CPU          ${[...live.scrollCpu].map(([name, s]) => `${name.replace('chromium ', '')} ${s.toFixed(1)} s (${perFrame(s)}/frame)`).join(', ')} while scrolling`,
  );
  if (live.serveCpu !== undefined)
    console.log(
      `  serve CPU             ${live.serveCpu.toFixed(1)} s, ${((live.serveCpu * 1e6) / Math.max(1, live.recorded)).toFixed(1)} µs per event recorded`,
    );
  console.log(
    `  machine load          ${live.load.map((l) => l.toFixed(1)).join(' → ')} (1-minute average, 2 cores)`,
  );
}

/**
 * Sections run only when named: `scale` takes many minutes and gigabytes of disk; `ui` and `scale` run
 * `ui-live` too; `names` is the hostile side of `store` and `ui`, a million connections.
 */
const NAMED_ONLY = new Set(['scale', 'ui-live', 'names']);
const wanted = process.argv.slice(2);
try {
  for (const [name, run] of Object.entries(sections)) {
    if (wanted.includes(name) || (wanted.length === 0 && !NAMED_ONLY.has(name))) await run();
  }
} finally {
  // The folders the test helpers made on the way (a served app's settings, a built CLI).
  removeTempDirs();
}
