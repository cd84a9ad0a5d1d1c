// `sio-inspector proxy`, built and run as a user runs it: the official socket.io 4 client (polling with
// upgrade) and socket.io-client 2 (EIO3 polling) through one proxy at the same time, each its own
// connection, decoded live on stdout and recorded to a session file; SIGTERM ends it with a summary.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Manager } from 'socket.io-client';
import clientV2 from 'socket.io-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLifecycle, type PacketRecord, type SessionRecord } from '../../../shared/record';
import { readSessionText } from '../../../shared/session/session-file';
import { buildCli, runCli } from '../../support/cli';
import { spawnCli } from '../../support/cli-process';
import { RELAXED_HEARTBEAT, startSocketIo4Server, type TestServer } from '../support/servers';

let cli: string;
let dir: string;
let sio4: TestServer;

beforeAll(async () => {
  [cli, sio4] = await Promise.all([buildCli(), startSocketIo4Server(RELAXED_HEARTBEAT)]);
  dir = mkdtempSync(join(tmpdir(), 'sio-proxy-'));
});
afterAll(async () => {
  await sio4.close();
});

describe('proxy', () => {
  it('decodes a socket.io 4 and a socket.io 2 client at once and records them to a session file', async () => {
    const out = join(dir, 'proxy.jsonl');
    const proxy = spawnCli(cli, [
      'proxy',
      '--listen',
      '0',
      '--target',
      sio4.url,
      '--out',
      out,
      '--format',
      'ndjson',
      '--summary',
    ]);
    const [, url] = await proxy.waitForStderr(/proxy listening on (http:\/\/127\.0\.0\.1:\d+) → /);
    const v4 = new Manager(url ?? '', { reconnection: false, transports: ['polling', 'websocket'] });
    const v2 = clientV2(url ?? '', { forceNew: true, reconnection: false, transports: ['polling'] });
    try {
      const root = v4.socket('/');
      const upgraded = new Promise((resolve) => v4.engine.once('upgrade', resolve));
      const [v4Answer, v2Answer] = await Promise.all([
        (async () => {
          await new Promise((resolve) => root.once('connect', () => resolve(undefined)));
          await upgraded;
          return root.emitWithAck('echo', 'from-v4', { n: 4 });
        })(),
        new Promise((resolve) => v2.emit('echo', 'from-v2', (...args: unknown[]) => resolve(args))),
      ]);
      expect(v4Answer).toBe('from-v4');
      expect(v2Answer).toEqual(['from-v2']);
    } finally {
      v4.engine.close();
      v2.disconnect();
    }
    const result = await proxy.stop();
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/proxy stopped: \d+ records from 2 connection\(s\) to /);

    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.pop() as { summary: { connections: { eio: number; transport: string }[] } };
    const records = lines as unknown as SessionRecord[];
    const byEcho = (text: string): PacketRecord | undefined =>
      packets(records).find((r) => r.sio?.event === 'echo' && r.sio.args?.[0] === text);
    const fromV4 = byEcho('from-v4');
    const fromV2 = byEcho('from-v2');
    expect(fromV4).toMatchObject({ dir: 'out', transport: 'websocket', sio: { type: 'EVENT', id: 0 } });
    expect(fromV2).toMatchObject({ dir: 'out', transport: 'polling', sio: { type: 'EVENT' } });
    expect(fromV4?.conn).not.toBe(fromV2?.conn);
    // Each answer is decoded on its own connection.
    for (const ask of [fromV4, fromV2]) {
      expect(
        packets(records).some(
          (r) => r.conn === ask?.conn && r.dir === 'in' && r.sio?.type === 'ACK' && r.sio.id === ask.sio?.id,
        ),
      ).toBe(true);
    }
    expect(packets(records).filter((r) => r.error !== undefined)).toEqual([]);
    expect(summary.summary.connections.map((c) => c.eio).sort()).toEqual([3, 4]);

    const file = readSessionText(readFileSync(out, 'utf8'));
    if ('error' in file) throw new Error(file.error.message);
    expect(file.session.header).toMatchObject({ target: sio4.url, options: { kind: 'proxy', listen: 0 } });
    expect(file.session.problems).toEqual([]);
    expect(file.session.records).toEqual(records);
  });

  it('says in one line when the port is taken, the target is not http, or a flag is missing', async () => {
    const port = new URL(sio4.url).port;
    const taken = await runCli(cli, ['proxy', '--listen', port, '--target', sio4.url]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe(
      `sio-inspector: proxy: cannot listen on 127.0.0.1:${port}: the port is in use (pick another --listen)\n`,
    );
    const tls = await runCli(cli, ['proxy', '--listen', '0', '--target', 'wss://example.com']);
    expect(tls.code).toBe(2);
    expect(tls.stderr).toMatch(/^sio-inspector: proxy: wss:\/\/ targets are not supported: .*\n$/);
    const bad = await runCli(cli, ['proxy', '--listen', '0', '--target', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a URL/);
    const missing = await runCli(cli, ['proxy', '--target', sio4.url]);
    expect(missing).toMatchObject({ code: 2, stderr: 'sio-inspector: proxy: --listen PORT is required\n' });
  });
});

function packets(records: readonly SessionRecord[]): PacketRecord[] {
  return records.filter((r): r is PacketRecord => !isLifecycle(r));
}
