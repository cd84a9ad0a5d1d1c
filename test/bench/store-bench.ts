// The main-side record store at a million records, through the handler table as the app uses it:
// open a session file, then filter, page and pick. `node --import tsx test/bench/store-bench.ts [N]`.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BridgeEvent, FilterResult, RecordFilter, SessionInfo } from '../../shared/bridge/api';
import type { PacketRecord } from '../../shared/record';
import { createHandlerTable, type HandlerTable } from '../../electron/app/handler-table';

export interface StoreBenchResult {
  readonly records: number;
  /** Every record named its own connection and event (a load test through the proxy, or a hostile file). */
  readonly distinct: boolean;
  readonly fileMb: number;
  /** Session infos the Node side published while the file opened, as JSON: what the bridge carried. */
  readonly infoMb: number;
  readonly openFirstMs: number;
  readonly openAllMs: number;
  readonly heapMb: number;
  /** The whole process's resident memory once the session is open, what the operating system counts. */
  readonly rssMb: number;
  readonly filters: readonly FilterFigure[];
  readonly page5000Ms: number;
  readonly page256Ms: number;
  readonly pick5000Ms: number;
  readonly analyseMs: number;
  /** The longest the Node side's event loop was held while the analysis ran (on its worker). */
  readonly analyseStallMs: number;
  /** Pages of 256 asked every PAGE_EVERY_MS while the analysis ran: how many, and the slowest answer. */
  readonly pagesDuringAnalyse: number;
  readonly slowestPageDuringAnalyseMs: number;
}

export interface FilterFigure {
  readonly name: string;
  /** Until the last slice answered. */
  readonly ms: number;
  /** Until the first slice answered: when the first matches can show. */
  readonly firstMs: number;
  readonly slices: number;
  readonly matches: number;
}

/** A timeline scrolling while the analysis runs. */
const PAGE_EVERY_MS = 20;

const FILTERS: readonly [string, RecordFilter][] = [
  ['direction in', { dir: 'in' }],
  ['EVENT on /admin', { sioTypes: ['EVENT'], nsp: '/admin' }],
  ['event name', { event: 'price' }],
  ['hide heartbeats', { hideHeartbeats: true }],
  ['errors only', { errorsOnly: true }],
  ['text, rare', { text: 'order-77777"' }],
  ['text, common', { text: 'eur' }],
  ['text, none', { text: 'no such thing' }],
  ['text + direction + no heartbeats', { text: 'usd', dir: 'out', hideHeartbeats: true }],
];

/** Calls a bridge method on the handler table as the page would; a refusal throws with its message. */
export function bridgeCall(table: HandlerTable): <T>(method: string, params?: unknown) => Promise<T> {
  return async <T>(method: string, params?: unknown): Promise<T> => {
    const outcome = await table.dispatch(method, params);
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
    return outcome.result as T;
  };
}

export async function runStoreBench(
  workDir: string,
  count = 1_000_000,
  distinct = false,
): Promise<StoreBenchResult> {
  const path = join(workDir, `store-${count}${distinct ? '-distinct' : ''}.ndjson`);
  const fileMb = writeSession(path, count, distinct);
  const table = createHandlerTable();
  const call = bridgeCall(table);
  try {
    const started = performance.now();
    let infoBytes = 0;
    const loaded = new Promise<void>((resolve) =>
      table.subscribe((e: BridgeEvent) => {
        if (e.type !== 'session') return;
        infoBytes += JSON.stringify(e).length;
        if (e.info.state === 'offline') resolve();
      }),
    );
    const opened = await table.openPath(path);
    const openFirstMs = performance.now() - started;
    await loaded;
    const openAllMs = performance.now() - started;
    const session = opened.session.id;
    const info = (await call<SessionInfo[]>('sessions.list'))[0];
    if (info?.total !== count) throw new Error(`expected ${count} records, got ${info?.total}`);
    global.gc?.();
    const heapMb = process.memoryUsage().heapUsed / 1e6;
    const rssMb = process.memoryUsage().rss / 1e6;

    const filters: FilterFigure[] = [];
    for (const [name, filter] of [...FILTERS, ...(distinct ? lateNameFilters(count) : [])]) {
      const { ms, result } = await timed(() => filterAll(call, session, filter));
      filters.push({ name, ms, ...result });
    }
    // A start that leaves a whole page of 5,000 after it, or 0 when the session is smaller than that.
    const random = (): number => Math.floor(Math.random() * Math.max(1, count - 5000));
    const page5000Ms = (await timed(() => call('sessions.page', { session, from: random(), count: 5000 })))
      .ms;
    const page256Ms = (await timed(() => call('sessions.page', { session, from: random(), count: 256 }))).ms;
    const indices = Array.from({ length: 5000 }, random).sort((a, b) => a - b);
    const pick5000Ms = (await timed(() => call('sessions.pick', { session, indices }))).ms;
    // Once: later calls are answered from the cache until records are appended. Meanwhile the
    // timeline keeps paging, and the event loop's delay says whether anything held the main thread.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const analyseStart = performance.now();
    let analysed = false;
    const analysis = call('sessions.analyse', { session }).finally(() => (analysed = true));
    const pages: number[] = [];
    while (!analysed) {
      pages.push((await timedOnce(() => call('sessions.page', { session, from: random(), count: 256 }))).ms);
      await Promise.race([analysis, sleep(PAGE_EVERY_MS)]);
    }
    await analysis;
    const analyseMs = performance.now() - analyseStart;
    loop.disable();
    return {
      records: count,
      distinct,
      fileMb,
      infoMb: infoBytes / 1e6,
      openFirstMs,
      openAllMs,
      heapMb,
      rssMb,
      filters,
      page5000Ms,
      page256Ms,
      pick5000Ms,
      analyseMs,
      analyseStallMs: loop.max / 1e6,
      pagesDuringAnalyse: pages.length,
      slowestPageDuringAnalyseMs: Math.max(0, ...pages),
    };
  } finally {
    await table.dispose();
  }
}

/** A connection and an event name of a distinct-names session, half way down: one record each. */
function lateNameFilters(count: number): [string, RecordFilter][] {
  let i = Math.floor(count / 2);
  while (i % 7 === 0 || i % 50 < 2 || i % 997 === 0) i++;
  return [
    ['one connection, half way', { conn: `c${i}` }],
    ['one event name, half way', { event: `price-${i}` }],
  ];
}

type Call = <T>(method: string, params?: unknown) => Promise<T>;

/** A filter as the renderer runs it: slice after slice until the last. */
export async function filterAll(
  call: Call,
  session: string,
  filter: RecordFilter,
): Promise<{ firstMs: number; slices: number; matches: number }> {
  const start = performance.now();
  let firstMs = 0;
  let slices = 0;
  let matches = 0;
  for (let from = 0; ;) {
    const result = await call<FilterResult>('sessions.filter', { session, filter, from });
    if (slices === 0) firstMs = performance.now() - start;
    slices++;
    matches += result.indices.length;
    if (result.more !== true) return { firstMs, slices, matches };
    from = result.total;
  }
}

/** Median of three runs: the machine is shared. */
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const runs = [await timedOnce(run), await timedOnce(run), await timedOnce(run)];
  runs.sort((a, b) => a.ms - b.ms);
  return runs[1] as { ms: number; result: T };
}

async function timedOnce<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, result };
}

/**
 * A session file of `count` records: a market-data feed with heartbeats, acks and a few errors. Written
 * a few MB at a time, so ten million records (3 GB) never sit in memory. `distinct`: every record names
 * a connection and an event of its own. Returns its size in MB.
 */
export function writeSession(path: string, count: number, distinct = false): number {
  const header = {
    format: 'sio-inspector-session',
    version: 1,
    created: new Date(0).toISOString(),
    target: 'http://127.0.0.1:3000',
    options: {},
    tool: { name: 'sio-inspector', version: 'bench' },
  };
  const fd = openSync(path, 'w');
  let bytes = 0;
  let chunk = `${JSON.stringify(header)}\n${JSON.stringify({ t: 0, conn: 'c1', event: 'ws-open' })}\n`;
  const flush = (): void => {
    bytes += writeSync(fd, chunk);
    chunk = '';
  };
  const base: { conn: string; transport: 'websocket' } = { conn: 'c1', transport: 'websocket' };
  for (let i = 1; i < count; i++) {
    const t = i * 0.5;
    if (distinct) base.conn = `c${i}`;
    let record: PacketRecord;
    if (i % 50 === 0) record = { ...base, t, frame: i, dir: 'in', size: 1, eio: { type: 'ping' } };
    else if (i % 50 === 1) record = { ...base, t, frame: i, dir: 'out', size: 1, eio: { type: 'pong' } };
    else if (i % 997 === 0)
      record = {
        ...base,
        t,
        frame: i,
        dir: 'in',
        size: 9,
        error: { code: 'SIO_INVALID_JSON', message: 'Socket.IO payload is not valid JSON' },
        raw: '42["x",}',
      };
    else {
      const out = i % 7 === 0;
      const args = [
        { order: `order-${i}`, pair: i % 3 === 0 ? 'EUR/USD' : 'GBP/JPY', px: 1 + (i % 1000) / 1000 },
      ];
      const data = `42${out ? i : ''}["${out ? 'order' : 'price'}",${JSON.stringify(args[0])}]`;
      record = {
        ...base,
        t,
        frame: i,
        dir: out ? 'out' : 'in',
        size: data.length,
        eio: { type: 'message', data },
        sio: {
          type: 'EVENT',
          nsp: i % 5 === 0 ? '/admin' : '/',
          ...(out && { id: i }),
          event: distinct ? `${out ? 'order' : 'price'}-${i}` : out ? 'order' : 'price',
          args,
        },
      };
    }
    chunk += `${JSON.stringify(record)}\n`;
    if (chunk.length >= 1 << 22) flush();
  }
  flush();
  closeSync(fd);
  return bytes / 1e6;
}

export function printStoreBench(r: StoreBenchResult): void {
  console.log(
    `store: ${r.records} records${r.distinct ? ', each of its own connection and event name' : ''}, session file ${r.fileMb.toFixed(0)} MB, median of 3 per query`,
  );
  console.log(
    `  open: first rows ${r.openFirstMs.toFixed(0)} ms, all loaded ${r.openAllMs.toFixed(0)} ms, heap ${r.heapMb.toFixed(0)} MB, RSS ${r.rssMb.toFixed(0)} MB, session infos sent ${r.infoMb.toFixed(1)} MB`,
  );
  for (const f of r.filters)
    console.log(
      `  filter ${f.name.padEnd(34)} ${f.ms.toFixed(1).padStart(7)} ms  ${f.matches} matches  (first slice ${f.firstMs.toFixed(1)} ms, ${f.slices} slices)`,
    );
  console.log(
    `  page 5000 ${r.page5000Ms.toFixed(1)} ms, page 256 ${r.page256Ms.toFixed(1)} ms, pick 5000 ${r.pick5000Ms.toFixed(1)} ms`,
  );
  console.log(
    `  analyse (all connections, ${r.records.toLocaleString('en-US')} records) ${r.analyseMs.toFixed(0)} ms, on a worker thread`,
  );
  console.log(
    `  while it ran: longest main-thread stall ${r.analyseStallMs.toFixed(1)} ms; ${r.pagesDuringAnalyse} pages of 256 answered, slowest ${r.slowestPageDuringAnalyseMs.toFixed(1)} ms`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workDir = join(process.cwd(), '.bench');
  mkdirSync(workDir, { recursive: true });
  printStoreBench(
    await runStoreBench(workDir, Number(process.argv[2] ?? 1_000_000), process.argv[3] === 'distinct'),
  );
}
