// `npm run bench -- scale`: sessions of ten million records. Generates, in a temporary folder removed
// afterwards, ten million frame lines (`decode` and `decode --summary`, whole processes) and a
// ten-million-record session file of about 3 GB (opened through the handler table as the app does, in
// a process of its own so its memory is the store's alone), then a live session receiving 20,000
// packets a second for a minute (the bench's `scale` section then runs `ui-live`, the same traffic with
// the app showing it). Prints every figure; skips what the disk has no room for, and says so.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BridgeEvent, RecordFilter, SessionInfo } from '../../shared/bridge/api';
import type { SessionRecord } from '../../shared/record';
import { createHandlerTable } from '../../electron/app/handler-table';
import { connectLive } from '../../electron/app/live-session';
import { corpusLines } from './corpus';
import { startRateServer } from './rate-server';
import { bridgeCall, filterAll, writeSession } from './store-bench';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.cjs');
export const SCALE_RECORDS = 10_000_000;
/** The session file (3 GB, which the store reads in place) and the frame lines (1.2 GB), with room to spare. */
const NEEDED_BYTES = 5e9;
const LIVE_RATE = 20_000;
const LIVE_SECONDS = 60;
/** How long after the last event is due the bench waits for the session to catch up. */
const WAIT_AFTER_S = 120;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export async function runScaleBench(count = SCALE_RECORDS): Promise<void> {
  const parent = tmpdir();
  const free = freeBytes(parent);
  console.log(`scale: ${count.toLocaleString('en-US')} records, in ${parent} (${mb(free)} free)`);
  const dir = mkdtempSync(join(parent, 'sio-scale-bench-'));
  try {
    if (free < NEEDED_BYTES * (count / SCALE_RECORDS))
      console.log(
        `  skipped decode and store: ${mb(free)} free, the files need ${mb(NEEDED_BYTES * (count / SCALE_RECORDS))}`,
      );
    else {
      await decodeFigures(dir, count);
      storeFigures(dir, count);
    }
    liveFigures();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function freeBytes(path: string): number {
  const fs = statfsSync(path);
  return fs.bavail * fs.bsize;
}

async function decodeFigures(dir: string, count: number): Promise<void> {
  const frames = join(dir, 'frames.ndjson');
  const fd = openSync(frames, 'w');
  let chunk = '';
  for (const line of corpusLines(count)) {
    chunk += `${line}\n`;
    if (chunk.length >= 1 << 22) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  const plain = measured([CLI, 'decode', frames, '--format', 'ndjson'], dir);
  const summary = measured([CLI, 'decode', frames, '--format', 'ndjson', '--summary'], dir);
  rmSync(frames);
  console.log(`  decode, ${count.toLocaleString('en-US')} frame lines, whole process, once each:`);
  console.log(`    decode            ${s(plain.ms)}, CPU ${s(plain.cpuMs)}, peak RSS ${mb(plain.rss)}`);
  // On a shared machine the wall time swings with the load; the CPU time is the steadier comparison.
  const ratio = summary.cpuMs / plain.cpuMs;
  console.log(
    `    decode --summary  ${s(summary.ms)}, CPU ${s(summary.cpuMs)}, peak RSS ${mb(summary.rss)} (target ≤ 250 MB) ${summary.rss <= 250e6 ? 'OK' : 'OVER'}; ` +
      `CPU ${ratio.toFixed(2)} × decode, wall ${(summary.ms / plain.ms).toFixed(2)} × (target ≤ 1.3) ${ratio <= 1.3 ? 'OK' : 'OVER'}`,
  );
}

/** A whole process's wall time, CPU time (user + system) and peak RSS (its own getrusage, printed as it exits). */
function measured(args: readonly string[], dir: string): { ms: number; cpuMs: number; rss: number } {
  const probe = join(dir, 'rusage.cjs');
  writeFileSync(
    probe,
    `process.on('exit', () => require('node:fs').writeSync(3, JSON.stringify(process.resourceUsage())));`,
  );
  const start = performance.now();
  const run = spawnSync(process.execPath, ['-r', probe, ...args], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 20,
  });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr?.toString()}`);
  const usage = JSON.parse(run.output[3]?.toString() ?? '{}') as {
    maxRSS: number;
    userCPUTime: number;
    systemCPUTime: number;
  };
  return { ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, rss: usage.maxRSS * 1024 };
}

function storeFigures(dir: string, count: number): void {
  const path = join(dir, 'session.ndjson');
  const fileMb = writeSession(path, count);
  // Its own process: the figures are the store's, not the generator's garbage.
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'scale-bench.ts'), 'store', path, String(count), dir],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
  );
  rmSync(path);
  if (run.status !== 0) throw new Error(`the store bench failed (exit ${run.status})`);
  const r = JSON.parse(run.stdout) as StoreFigures;
  const ok = (good: boolean): string => (good ? 'OK' : 'OVER');
  console.log(`  app record store, session file of ${fileMb.toFixed(0)} MB, through the handler table:`);
  console.log(
    `    first rows ${r.firstRowsMs.toFixed(0)} ms (target ≤ 1000) ${ok(r.firstRowsMs <= 1000)}; all ${count.toLocaleString('en-US')} records in ${s(r.loadedMs)}`,
  );
  console.log(
    `    Node RSS: peak ${mb(r.peakRss)} (target ≤ 1 GB) ${ok(r.peakRss <= 1e9)}, after loading ${mb(r.loadedRss)}, heap ${mb(r.heap)}`,
  );
  console.log(
    `    page of 256 at random places: median ${r.pageMedianMs.toFixed(1)} ms, slowest ${r.pageMaxMs.toFixed(1)} ms of ${r.pages} (target ≤ 50) ${ok(r.pageMaxMs <= 50)}`,
  );
  for (const f of r.filters)
    console.log(
      `    ${f.name.padEnd(24)} ${s(f.ms)} (target ≤ 3 s) ${ok(f.ms <= 3000)}, first matches after ${f.firstMs.toFixed(0)} ms, ${f.slices} slices, ${f.matches} matches`,
    );
  console.log(`    analyses (the summary and findings of every connection) ${s(r.analyseMs)}`);
}

interface StoreFigures {
  readonly firstRowsMs: number;
  readonly loadedMs: number;
  readonly peakRss: number;
  readonly loadedRss: number;
  readonly heap: number;
  readonly pages: number;
  readonly pageMedianMs: number;
  readonly pageMaxMs: number;
  readonly filters: readonly { name: string; ms: number; firstMs: number; slices: number; matches: number }[];
  readonly analyseMs: number;
}

const STORE_FILTERS: readonly [string, RecordFilter][] = [
  ['column: EVENT on /admin', { sioTypes: ['EVENT'], nsp: '/admin' }],
  ['text search, rare', { text: 'order-7777777"' }],
  ['text search, common', { text: 'eur' }],
];

async function storeProcess(path: string, count: number, dir: string): Promise<StoreFigures> {
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 250);
  // The store's own file of the records goes beside the session file, and is removed with it.
  process.env.TMPDIR = dir;
  const table = createHandlerTable({ maxFileBytes: Number.POSITIVE_INFINITY });
  const call = bridgeCall(table);
  try {
    const started = performance.now();
    const loaded = new Promise<void>((done) =>
      table.subscribe((e: BridgeEvent) => {
        if (e.type === 'session' && e.info.state === 'offline') done();
      }),
    );
    const opened = await table.openPath(path);
    const session = opened.session.id;
    await call('sessions.page', { session, from: 0, count: 256 });
    const firstRowsMs = performance.now() - started;
    await loaded;
    const loadedMs = performance.now() - started;
    const info = (await call<SessionInfo[]>('sessions.list'))[0];
    if (info?.total !== count) throw new Error(`expected ${count} records, got ${info?.total}`);
    global.gc?.();
    const loadedRss = process.memoryUsage.rss();
    const heap = process.memoryUsage().heapUsed;
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const from = Math.floor(Math.random() * (count - 256));
      const t = performance.now();
      const page = await call<SessionRecord[]>('sessions.page', { session, from, count: 256 });
      times.push(performance.now() - t);
      if (page.length !== 256) throw new Error(`a page of ${page.length}`);
    }
    times.sort((a, b) => a - b);
    const filters = [];
    for (const [name, filter] of STORE_FILTERS) {
      const t = performance.now();
      const result = await filterAll(call, session, filter);
      filters.push({ name, ms: performance.now() - t, ...result });
    }
    const t = performance.now();
    await call('sessions.analyse', { session });
    const analyseMs = performance.now() - t;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return {
      firstRowsMs,
      loadedMs,
      peakRss,
      loadedRss,
      heap,
      pages: times.length,
      pageMedianMs: times[times.length >> 1] ?? 0,
      pageMaxMs: times[times.length - 1] ?? 0,
      filters,
      analyseMs,
    };
  } finally {
    clearInterval(sampler);
    await table.dispose();
  }
}

function liveFigures(): void {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'scale-bench.ts'), 'live'],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) throw new Error(`the live bench failed (exit ${run.status})`);
  const r = JSON.parse(run.stdout) as LiveFigures;
  console.log(
    `  live: ${LIVE_RATE.toLocaleString('en-US')} events/s for ${LIVE_SECONDS} s from socket.io 4 into an app session (recorded to its file too):`,
  );
  console.log(
    r.done
      ? `    ${r.received.toLocaleString('en-US')} of ${r.sent.toLocaleString('en-US')} events in the store: ${r.sent - r.received} lost ${r.received === r.sent ? 'OK' : 'LOST'}`
      : `    BEHIND: ${r.received.toLocaleString('en-US')} of ${r.sent.toLocaleString('en-US')} events in the store when the bench stopped waiting, ${LIVE_SECONDS + WAIT_AFTER_S} s after the start`,
  );
  console.log(`    Node RSS every 10 s: ${r.rssEvery10s.map((v) => mb(v)).join(', ')}`);
  console.log('    scrolling p95 during the run: next, "ui, live", the app showing the same traffic');
}

interface LiveFigures {
  /** The server's last event arrived: every event before it was stored or lost. */
  readonly done: boolean;
  readonly sent: number;
  readonly received: number;
  readonly rssEvery10s: readonly number[];
}

async function liveProcess(): Promise<LiveFigures> {
  const server = await startRateServer(LIVE_RATE, LIVE_SECONDS);
  const recordDir = mkdtempSync(join(tmpdir(), 'sio-scale-live-'));
  const table = createHandlerTable({ connect: connectLive, recordDir });
  const call = bridgeCall(table);
  try {
    const rssEvery10s: number[] = [];
    const sampler = setInterval(() => rssEvery10s.push(process.memoryUsage.rss()), 10_000);
    const info = await call<SessionInfo>('connections.open', {
      url: server.url,
      transports: ['websocket'],
      upgrade: false,
    });
    const session = info.session;
    const sent = LIVE_RATE * LIVE_SECONDS;
    // `done` comes last: once a filter finds it, every tick before it has been stored.
    const deadline = Date.now() + (LIVE_SECONDS + WAIT_AFTER_S) * 1000;
    let done = false;
    while (!done && Date.now() < deadline) {
      await sleep(1000);
      done = (await filterAll(call, session, { event: 'done' })).matches > 0;
    }
    clearInterval(sampler);
    const ticks = await filterAll(call, session, { event: 'tick', dir: 'in' });
    await call('connections.close', { session });
    return { done, sent, received: ticks.matches, rssEvery10s };
  } finally {
    server.stop();
    await table.dispose();
    rmSync(recordDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mode, path, count, dir] = process.argv.slice(2);
  if (mode === 'store' && path !== undefined)
    process.stdout.write(JSON.stringify(await storeProcess(path, Number(count), dir ?? tmpdir())));
  else if (mode === 'live') process.stdout.write(JSON.stringify(await liveProcess()));
  else await runScaleBench(Number(mode ?? SCALE_RECORDS));
  // Whatever the table left behind (a closing socket) must not keep a finished bench alive.
  process.exit(0);
}
