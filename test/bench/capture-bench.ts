// `npm run bench`, capture part: a socket.io 4 server (its own process) emits 100k events of 64 bytes
// over websocket to each client that connects, then `done`. Timed, as whole processes from spawn to
// exit: the official socket.io-client merely counting the events, and `sio-inspector capture --until
// done` recording every frame to a session file. Budget: capture ≤ 1.5 × the client, nothing lost.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isLifecycle } from '../../shared/record';
import { readSessionText } from '../../shared/session/session-file';
import { listeningPort, spawnProcess } from '../support/cli-process';

export interface CaptureBenchResult {
  /** Fastest capture run, ms from spawn to exit. */
  readonly captureMs: number;
  /** Fastest socket.io-client run, ms from spawn to exit. */
  readonly clientMs: number;
  readonly ratio: number;
  /** Ratio of the medians, for a sense of the noise. */
  readonly medianRatio: number;
  /** Blast events in the session file of the slowest capture run (each run is checked). */
  readonly received: number;
  readonly expected: number;
}

const EVENTS = 100_000;
const PAYLOAD = 'x'.repeat(64);
/**
 * Runs per side, interleaved. The fastest run of each side is compared: on a shared machine the other
 * runs measure the neighbours' load as much as the program, and the minimum is the least-disturbed
 * estimate of the wall time (all runs and the median ratio are printed too).
 */
const RUNS = 5;
const BUDGET = 1.5;
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.cjs');

const SERVER = `
  const { Server } = require('socket.io');
  const http = require('node:http').createServer();
  const io = new Server(http, { pingInterval: 25000, pingTimeout: 20000 });
  io.on('connection', (socket) => {
    for (let i = 0; i < ${EVENTS}; i++) socket.emit('blast', ${JSON.stringify(PAYLOAD)});
    socket.emit('done');
  });
  http.listen(0, '127.0.0.1', () => console.log('listening ' + http.address().port));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();`;

const CLIENT = `
  const { io } = require('socket.io-client');
  const socket = io(process.argv[1], { transports: ['websocket'], reconnection: false });
  let received = 0;
  socket.on('blast', () => received++);
  socket.on('done', () => { console.log(received); socket.close(); });
  socket.on('connect_error', (e) => { console.error(e.message); process.exit(1); });`;

export async function runCaptureBench(): Promise<CaptureBenchResult> {
  const server = spawnProcess(process.execPath, ['-e', SERVER], { cwd: ROOT, timeoutMs: Infinity });
  const dir = mkdtempSync(join(tmpdir(), 'sio-capture-bench-'));
  try {
    const url = `http://127.0.0.1:${await listeningPort(server, 'the bench server')}`;
    const clientTimes: number[] = [];
    const captureTimes: number[] = [];
    let received = EVENTS;
    // Alternate the two so that drift in the machine's load hits both alike.
    for (let run = 0; run < RUNS; run++) {
      const client = await timed(['-e', CLIENT, url], 'pipe');
      const counted = Number(client.stdout.trim());
      if (counted !== EVENTS) throw new Error(`socket.io-client counted ${counted} of ${EVENTS} events`);
      clientTimes.push(client.ms);

      const out = join(dir, `capture-${run}.jsonl`);
      const args = [
        CLI,
        'capture',
        url,
        '--transports',
        'websocket',
        '--until',
        'done',
        '--out',
        out,
        '--format',
        'ndjson',
      ];
      captureTimes.push((await timed(args, 'ignore')).ms);
      received = Math.min(received, countBlasts(out));
    }
    const clientMs = Math.min(...clientTimes);
    const captureMs = Math.min(...captureTimes);
    const medianRatio = median(captureTimes) / median(clientTimes);
    const result = {
      captureMs,
      clientMs,
      ratio: captureMs / clientMs,
      medianRatio,
      received,
      expected: EVENTS,
    };
    report(result, clientTimes, captureTimes);
    return result;
  } finally {
    server.child.stdin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(result: CaptureBenchResult, clientTimes: number[], captureTimes: number[]): void {
  const ms = (values: number[]): string => values.map((v) => v.toFixed(0)).join(', ');
  const verdict = result.ratio <= BUDGET && result.received === result.expected ? 'ok' : 'OVER BUDGET';
  console.log(
    `capture: ${EVENTS} events × 64 B over websocket, fastest of ${RUNS} interleaved runs, spawn to exit`,
  );
  console.log(`  socket.io-client receiving: ${result.clientMs.toFixed(0)} ms (runs: ${ms(clientTimes)})`);
  console.log(`  capture --until --out:      ${result.captureMs.toFixed(0)} ms (runs: ${ms(captureTimes)})`);
  console.log(
    `  ratio ${result.ratio.toFixed(2)} (budget ${BUDGET}; ratio of medians ${result.medianRatio.toFixed(2)}), ` +
      `recorded ${result.received}/${result.expected}: ${verdict}`,
  );
}

/** Runs `node <args>` to its exit; wall time from spawn, which includes startup for both sides. */
function timed(args: readonly string[], stdout: 'pipe' | 'ignore'): Promise<{ ms: number; stdout: string }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...args], { cwd: ROOT, stdio: ['ignore', stdout, 'pipe'] });
    let text = '';
    let errors = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (text += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (errors += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) done({ ms, stdout: text });
      else fail(new Error(`node ${args.slice(0, 2).join(' ')} … exited ${code}: ${errors.trim()}`));
    });
  });
}

/** The blast events in a session file; also proves the file reads back whole. */
function countBlasts(path: string): number {
  const read = readSessionText(readFileSync(path, 'utf8'));
  if ('error' in read) throw new Error(`${path}: ${read.error.message}`);
  if (read.session.problems.length > 0)
    throw new Error(`${path}: ${read.session.problems[0]?.error.message}`);
  let count = 0;
  for (const record of read.session.records)
    if (!isLifecycle(record) && record.dir === 'in' && record.sio?.event === 'blast') count++;
  return count;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
