// `sio-inspector replay`, built and run as a user runs it: a session recorded with `capture --out` from a
// real socket.io 4 server is played back offline, then replayed against the same server (no
// differences) and against one whose echo answers differently (reported, still exit 0). A session
// recorded with `proxy --out` from the official client, which is refused on /admin with one token,
// retries with another, leaves, joins again and then reconnects, is replayed join by join: against the
// same server alike, against one that now refuses that token with each refused join and what was
// answered on it reported.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { Manager, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLifecycle } from '../../../shared/record';
import { buildCli, runCli, runCliInTerminal } from '../../support/cli';
import { spawnCli } from '../../support/cli-process';
import { ndjson, readSessionFile, withReport } from '../../support/ndjson';
import { startSocketIo4Server, type TestServer } from '../../support/servers';
import { tempDir } from '../../support/temp-dir';

let cli: string;
let dir: string;
let sio4: TestServer;
let shouting: { url: string; close: () => Promise<void> };
let recorded: string;

beforeAll(async () => {
  [cli, sio4, shouting] = await Promise.all([buildCli(), startSocketIo4Server(), startShoutingServer()]);
  dir = tempDir('sio-replay');
  recorded = join(dir, 'recorded.jsonl');
  const capture = await runCli(cli, [
    'capture',
    sio4.url,
    '--emit',
    '["echo","hi",{"n":1}]',
    '--emit',
    '["echo",{"$binary":"AQID"}]',
    '--ack',
    '--emit',
    '["ask-me"]',
    '--until',
    'answered',
    '--out',
    recorded,
  ]);
  if (capture.code !== 0) throw new Error(`capture failed: ${capture.stderr}`);
});
afterAll(async () => {
  await Promise.all([sio4.close(), shouting.close()]);
});

describe('replay', () => {
  it('plays a session back offline, the same records in the same order', async () => {
    const result = await runCli(cli, ['replay', recorded, '--speed', '0', '--format', 'ndjson']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^sio-inspector: replay: played \d+ records of /);
    expect(ndjson(result.stdout)).toEqual(readSessionFile(recorded).records);
  });

  it('shows its progress on stderr when that is a terminal, while it reads a big recording and plays it', () => {
    // 35 MB and 110,000 records: past the size and the count that get a progress line.
    const line = `${JSON.stringify({ t: 1, dir: 'in', transport: 'websocket', text: `42["tick","${'x'.repeat(280)}"]` })}\n`;
    const big = join(dir, 'big.ndjson');
    const out = join(dir, 'big-played.ndjson');
    try {
      writeFileSync(big, line.repeat(110_000));
      const shown = runCliInTerminal(cli, ['replay', big, '--speed', '0', '--format', 'ndjson'], out);
      expect(shown.code).toBe(0);
      expect(shown.terminal).toMatch(
        /sio-inspector: replay: reading .*big\.ndjson: \d+% \([\d.]+ MiB of 3\d\.\d MiB\)/,
      );
      expect(shown.terminal).toMatch(
        /sio-inspector: replay: playing .*big\.ndjson: \d+% \([\d,]+ of 110,000 records\)/,
      );
      // Each line is cleared before what comes next: the last words on the terminal are the report's.
      const report = shown.terminal.lastIndexOf('sio-inspector: replay: played 110000 records of ');
      expect(shown.terminal.slice(report - 4, report)).toBe('\r\u001b[K');
      expect(shown.terminal.slice(report)).not.toContain('\u001b[K');
      expect(
        readFileSync(out, 'utf8')
          .split('\n')
          .filter((l) => l !== ''),
      ).toHaveLength(110_000);
    } finally {
      rmSync(big, { force: true });
      rmSync(out, { force: true });
    }
  }, 240_000);

  it('keeps the recorded timing, scaled by --speed', async () => {
    const records = readSessionFile(recorded).records;
    const span = (records.at(-1)?.t ?? 0) - (records[0]?.t ?? 0);
    const started = performance.now();
    const result = await runCli(cli, ['replay', recorded, '--speed', '4', '--format', 'ndjson']);
    expect(result.code).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(span / 4);
  });

  it('re-sends the emits to the same server and finds the same answers', async () => {
    const out = join(dir, 'replayed.jsonl');
    const result = await runCli(cli, [
      'replay',
      recorded,
      '--target',
      sio4.url,
      '--speed',
      '0',
      '--format',
      'ndjson',
      '--out',
      out,
    ]);
    expect(result.stderr).toMatch(
      /replay: 1 join, 1 leave and 3 emits re-sent to .*: \d+ matched, 0 different, 0 missing, 0 extra, \d+ with no answer in either run/,
    );
    expect(result.code).toBe(0);
    const { records: lines, report: replay } = withReport(result.stdout, 'replay');
    expect(replay.counts).toMatchObject({ different: 0, missing: 0, extra: 0 });
    const acks = replay.answers.filter((a) => a.kind === 'ack' && a.replayed !== undefined);
    expect(acks.map((a) => a.replayed?.args)).toEqual([['hi', { n: 1 }], [{ $binary: 'AQID' }]]);
    for (const ack of acks) expect(typeof ack.latencyChangeMs).toBe('number');
    // The server asked, and was answered as the recorded client answered.
    expect(replay.answers.some((a) => a.event === 'answered' && a.status === 'matched')).toBe(true);
    expect(readSessionFile(out).records).toEqual(lines);
  });

  it('reports answers that differ from the recorded ones, and still exits 0', async () => {
    const result = await runCli(cli, ['replay', recorded, '--target', shouting.url, '--speed', '0']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^replay: \d+ answers: \d+ matched, 2 different, \d+ missing, \d+ extra, \d+ with no answer in either run$/m,
    );
    expect(result.stdout).toMatch(
      /different {2}ack {3}\/ echo #0 {2}recorded \["hi",\{"n":1\}\] {2}now \["HI"\]/,
    );
    expect(result.stdout).toMatch(/missing {4}event \/ answered #0/);
  });

  it('says in one line what is wrong with the input or the target', async () => {
    const notSession = join(dir, 'not-a-session.txt');
    writeFileSync(notSession, 'hello\n');
    const bad = await runCli(cli, ['replay', notSession]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^sio-inspector: replay: .* is not a session: its first line is neither a session header, a record nor a frame line\n$/,
    );
    const unreachable = await runCli(cli, [
      'replay',
      recorded,
      '--target',
      'http://127.0.0.1:1',
      '--speed',
      '0',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.split('\n')).toHaveLength(2);
    expect(unreachable.stderr).toMatch(/^sio-inspector: replay: /);
    const speed = await runCli(cli, ['replay', recorded, '--speed', 'fast']);
    expect(speed.code).toBe(2);
  });
});

describe('replay of namespace joins', () => {
  let gated: GatedServer;
  let moved: GatedServer;
  let joins: string;

  beforeAll(async () => {
    [gated, moved] = await Promise.all([startGatedServer('B'), startGatedServer('C')]);
    joins = join(dir, 'joins.jsonl');
    const proxy = spawnCli(cli, [
      'proxy',
      '--listen',
      '0',
      '--target',
      gated.url,
      '--out',
      joins,
      '--keep-secrets',
    ]);
    const [, url] = await proxy.waitForStderr(/proxy listening on (http:\/\/127\.0\.0\.1:\d+) → /);
    await retryLeaveRejoin(url ?? '');
    await reconnectOnce(url ?? '');
    const stopped = await proxy.stop();
    if (stopped.code !== 0) throw new Error(`proxy failed: ${stopped.stderr}`);
  });
  afterAll(async () => {
    await Promise.all([gated.close(), moved.close()]);
  });

  it('recorded every join with its auth on two Engine.IO connections', () => {
    const connects = readSessionFile(joins).records.flatMap((r) =>
      !isLifecycle(r) && r.sio?.nsp === '/admin' && (r.sio.type === 'CONNECT' || r.sio.type === 'DISCONNECT')
        ? [`${r.conn} ${r.dir} ${r.sio.type} ${JSON.stringify(r.sio.data ?? null)}`]
        : [],
    );
    expect(connects.filter((c) => c.includes(' out '))).toEqual([
      'c1 out CONNECT {"token":"A"}',
      'c1 out CONNECT {"token":"B"}',
      'c1 out DISCONNECT null',
      'c1 out CONNECT {"token":"B"}',
      'c2 out CONNECT {"token":"B"}',
      'c2 out DISCONNECT null',
    ]);
  });

  it('does every join again, in order with its own auth, and finds the same answers', async () => {
    const out = join(dir, 'joins-replayed.jsonl');
    const result = await runCli(cli, [
      'replay',
      joins,
      '--target',
      gated.url,
      '--out',
      out,
      '--keep-secrets',
    ]);
    expect(result.stderr).toMatch(
      /replay: 5 joins, 2 leaves and 4 emits on 2 connections re-sent to .*: \d+ matched, 0 different, 0 missing, 0 extra, \d+ with no answer in either run\n$/,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/matched {4}join {2}c1 \/admin #1: refused: unauthorized$/m);
    expect(result.stdout).toMatch(/matched {4}join {2}c1 \/admin #2: accepted$/m);
    expect(result.stdout).toMatch(/matched {4}ack {3}c1 \/admin echo #0 \(join #3\)/m);
    expect(result.stdout).toMatch(/matched {4}ack {3}c2 \/admin echo #0/m);
    const sent = readSessionFile(out).records.flatMap((r) =>
      !isLifecycle(r) && r.dir === 'out' && r.sio?.nsp === '/admin' && r.sio.type !== 'EVENT'
        ? [`${r.conn} ${r.sio.type} ${JSON.stringify(r.sio.data ?? null)}`]
        : [],
    );
    expect(sent).toEqual([
      'c1 CONNECT {"token":"A"}',
      'c1 CONNECT {"token":"B"}',
      'c1 DISCONNECT null',
      'c1 CONNECT {"token":"B"}',
      // The recorded client dropped its transport; the engine's close leaves each namespace first.
      'c1 DISCONNECT null',
      'c2 CONNECT {"token":"B"}',
      'c2 DISCONNECT null',
    ]);
    expect(gated.echoed).toEqual(['first', 'second', 'third', 'first', 'second', 'third']);
  });

  it('asks for the secrets a recording masked, and replays with them given', async () => {
    const masked = join(dir, 'masked-auth.jsonl');
    const capture = await runCli(cli, [
      'capture',
      gated.url,
      '--namespace',
      '/admin',
      '--auth',
      '{"token":"B"}',
      '--header',
      'X-Api-Key: k1',
      '--until',
      'welcome',
      '--out',
      masked,
    ]);
    expect(capture.code).toBe(0);
    const refused = await runCli(cli, ['replay', masked, '--target', gated.url, '--speed', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^sio-inspector: replay: .*masked-auth\.jsonl was recorded with secrets masked \(header X-Api-Key, auth of \/admin\); give them with --header "K: V", --query k=v or --auth JSON, or record with --keep-secrets\n$/,
    );
    const given = await runCli(cli, [
      'replay',
      masked,
      '--target',
      gated.url,
      '--speed',
      '0',
      '--auth',
      '{"token":"B"}',
      '--header',
      'X-Api-Key: k1',
    ]);
    expect(given.code).toBe(0);
    expect(given.stdout).toMatch(/matched {4}join {2}\/admin #1: accepted$/m);
  });

  it('keeps each step after what the client had heard before it, as fast as the answers come', async () => {
    const result = await runCli(cli, ['replay', joins, '--target', gated.url, '--speed', '0']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /: \d+ matched, 0 different, 0 missing, 0 extra, \d+ with no answer in either run\n$/,
    );
  });

  it('reports each join refused now where it was accepted then, and what was answered on it as missing', async () => {
    const result = await runCli(cli, [
      'replay',
      joins,
      '--target',
      moved.url,
      '--speed',
      '0',
      '--format',
      'ndjson',
    ]);
    expect(result.code).toBe(0);
    const { report: replay } = withReport(result.stdout, 'replay');
    const changed = replay.answers
      .filter((a) => a.status !== 'matched')
      .map((a) =>
        a.kind === 'join'
          ? `${a.status} ${a.conn} ${a.nsp} join #${a.join}: ${a.recorded?.outcome} → ${a.replayed?.outcome} ${a.replayed?.error}`
          : `${a.status} ${a.kind} ${a.conn} ${a.nsp} ${String(a.event)} join #${a.join}`,
      );
    expect(changed).toEqual([
      'different c1 /admin join #2: accepted → refused unauthorized',
      'missing event c1 /admin welcome join #2',
      'missing ack c1 /admin echo join #2',
      'different c1 /admin join #3: accepted → refused unauthorized',
      'missing event c1 /admin welcome join #3',
      'missing ack c1 /admin echo join #3',
      'different c2 /admin join #1: accepted → refused unauthorized',
      'missing event c2 /admin welcome join #1',
      'missing ack c2 /admin echo join #1',
    ]);
    expect(moved.echoed).toEqual([]);
    const pretty = await runCli(cli, ['replay', joins, '--target', moved.url, '--speed', '0']);
    expect(pretty.stdout).toMatch(
      /^ {2}different {2}join {2}c1 \/admin #2: recorded accepted, now refused: unauthorized$/m,
    );
    expect(pretty.stdout).toMatch(
      /^ {2}missing {4}ack {3}c1 \/admin echo #0 \(join #2\) {2}recorded \["first"\]$/m,
    );
  });
});

/**
 * The official client on one Engine.IO connection: `/` stays joined while /admin is refused with token
 * A, joined with B (an acked echo), left, and joined again with B (another echo).
 */
async function retryLeaveRejoin(url: string): Promise<void> {
  const manager = new Manager(url, { reconnection: false, transports: ['websocket'] });
  try {
    const root = manager.socket('/');
    await connected(root);
    const admin = manager.socket('/admin', { auth: { token: 'A' } });
    await new Promise((resolve) => admin.once('connect_error', resolve));
    admin.auth = { token: 'B' };
    admin.connect();
    await connected(admin);
    await admin.emitWithAck('echo', 'first');
    admin.disconnect();
    // socket.io 4 handles a DISCONNECT on the next tick and drops a connection whose CONNECT for the
    // same namespace overtakes it: a round trip on `/` in between, as a real client would have.
    await root.emitWithAck('echo', 'between');
    admin.connect();
    await connected(admin);
    await admin.emitWithAck('echo', 'second');
  } finally {
    manager.engine.close();
  }
}

/** A second Engine.IO connection (a reconnect), straight to /admin with token B. */
async function reconnectOnce(url: string): Promise<void> {
  const manager = new Manager(url, { reconnection: false, transports: ['websocket'] });
  const admin = manager.socket('/admin', { auth: { token: 'B' } });
  try {
    await connected(admin);
    await admin.emitWithAck('echo', 'third');
  } finally {
    admin.disconnect();
  }
}

function connected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve) => socket.once('connect', () => resolve()));
}

interface GatedServer {
  readonly url: string;
  /** The first argument of every echo on /admin the server answered. */
  readonly echoed: unknown[];
  close(): Promise<void>;
}

/** socket.io 4 whose /admin middleware accepts only `auth.token === token`; `welcome`, acked `echo`. */
async function startGatedServer(token: string): Promise<GatedServer> {
  const http = createServer();
  const io = new Server(http);
  const echoed: unknown[] = [];
  io.on('connection', (socket) => socket.on('echo', (text: unknown, ack: (a: unknown) => void) => ack(text)));
  const admin = io.of('/admin');
  admin.use((socket, next) =>
    next(socket.handshake.auth.token === token ? undefined : new Error('unauthorized')),
  );
  admin.on('connection', (socket) => {
    socket.emit('welcome');
    socket.on('echo', (text: unknown, ack: (answer: unknown) => void) => {
      echoed.push(text);
      ack(text);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, echoed, close: () => io.close() };
}

/** socket.io 4 whose echo answers in capitals and which never asks the client anything. */
async function startShoutingServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const http = createServer();
  const io = new Server(http);
  io.on('connection', (socket) => {
    socket.emit('welcome', { sid: socket.id });
    socket.on('echo', (...args: unknown[]) => {
      const ack = args.pop();
      if (typeof ack === 'function') ack(typeof args[0] === 'string' ? args[0].toUpperCase() : 'binary?');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: () => io.close() };
}
