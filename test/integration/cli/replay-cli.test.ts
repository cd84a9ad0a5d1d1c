// `sio-inspector replay`, built and run as a user runs it: a session recorded with `capture --out` from a
// real socket.io 4 server is played back offline, then replayed against the same server (no
// differences) and against one whose echo answers differently (reported, still exit 0).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayDiff } from '../../../shared/analysis/replay-diff';
import { isLifecycle, type SessionRecord } from '../../../shared/record';
import { readSessionText } from '../../../shared/session/session-file';
import { buildCli, runCli } from '../../support/cli';
import { startSocketIo4Server, type TestServer } from '../support/servers';

let cli: string;
let dir: string;
let sio4: TestServer;
let shouting: { url: string; close: () => Promise<void> };
let recorded: string;

beforeAll(async () => {
  [cli, sio4, shouting] = await Promise.all([buildCli(), startSocketIo4Server(), startShoutingServer()]);
  dir = mkdtempSync(join(tmpdir(), 'sio-replay-'));
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
    expect(ndjson(result.stdout)).toEqual(sessionRecords(recorded));
  });

  it('keeps the recorded timing, scaled by --speed', async () => {
    const records = sessionRecords(recorded);
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
      /replay: 3 emits re-sent to .*: \d+ matched, 0 different, 0 missing, 0 extra/,
    );
    expect(result.code).toBe(0);
    const lines = ndjson(result.stdout);
    const { replay } = lines.pop() as unknown as { replay: ReplayDiff };
    expect(replay.counts).toMatchObject({ different: 0, missing: 0, extra: 0 });
    const acks = replay.answers.filter((a) => a.kind === 'ack' && a.replayed !== undefined);
    expect(acks.map((a) => a.replayed?.args)).toEqual([['hi', { n: 1 }], [{ $binary: 'AQID' }]]);
    for (const ack of acks) expect(typeof ack.latencyChangeMs).toBe('number');
    // The server asked, and was answered as the recorded client answered.
    expect(replay.answers.some((a) => a.event === 'answered' && a.status === 'matched')).toBe(true);
    expect(sessionRecords(out)).toEqual(lines);
  });

  it('reports answers that differ from the recorded ones, and still exits 0', async () => {
    const result = await runCli(cli, ['replay', recorded, '--target', shouting.url, '--speed', '0']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^replay: \d+ answers: \d+ matched, 2 different, \d+ missing, \d+ extra$/m);
    expect(result.stdout).toMatch(
      /different ack {3}\/ echo #0 {2}recorded \["hi",\{"n":1\}\] {2}now \["HI"\]/,
    );
    expect(result.stdout).toMatch(/missing {3}event \/ answered #0/);
  });

  it('says in one line what is wrong with the input or the target', async () => {
    const notSession = join(dir, 'not-a-session.txt');
    writeFileSync(notSession, 'hello\n');
    const bad = await runCli(cli, ['replay', notSession]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^sio-inspector: replay: .* is not a session file or HAR \(.*\)\n$/);
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

function ndjson(text: string): SessionRecord[] {
  return text
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as SessionRecord);
}

function sessionRecords(path: string): SessionRecord[] {
  const file = readSessionText(readFileSync(path, 'utf8'));
  if ('error' in file) throw new Error(file.error.message);
  return file.session.records.filter((r) => isLifecycle(r) || r !== undefined);
}
