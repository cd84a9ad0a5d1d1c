// Connection-state recovery end to end against a real socket.io 4.8 server: `capture --reconnect` loses
// its WebSocket (the server cuts it with no close frame), reconnects as socket.io-client does, offers the
// last {pid, offset} merged with --auth, the server replays what was missed before its CONNECT answer,
// and the session reads as the reference server's normal behaviour: no error record, no false finding.
// The official socket.io-client does the same through the recording proxy, where no record says which
// connection replaces which: the summary tells it from the pid the client offers.
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDecodingProxy } from '../../../electron/proxy/decoding-proxy';
import { summarizeSession } from '../../../shared/analysis/summary';
import {
  isLifecycle,
  type LifecycleRecord,
  type PacketRecord,
  type SessionRecord,
} from '../../../shared/record';
import { buildCli, runCli } from '../../support/cli';
import { readSessionFile, withReport } from '../../support/ndjson';
import { startRecoveryServer, type RecoveryServer } from '../../support/deployment-servers';
import { tempDir } from '../../support/temp-dir';

let cli: string;
let dir: string;
let server: RecoveryServer;

beforeAll(async () => {
  [cli, server] = await Promise.all([buildCli(), startRecoveryServer()]);
  dir = tempDir('sio-recovery');
});
afterAll(async () => {
  await server.close();
});

function packetsOf(records: readonly SessionRecord[], conn: string): PacketRecord[] {
  return records.filter((r): r is PacketRecord => !isLifecycle(r) && r.conn === conn);
}

describe('socket.io 4.8 with connectionStateRecovery', () => {
  it('capture --reconnect recovers the session after the server drops the transport', async () => {
    const out = join(dir, 'recovery.jsonl');
    const result = await runCli(
      cli,
      [
        'capture',
        server.url,
        '--transports',
        'websocket',
        '--reconnect',
        '--auth',
        '{"token":"t"}',
        '--emit',
        '["drop-me"]',
        '--until',
        'recovered',
        '--out',
        out,
        '--summary',
        '--format',
        'ndjson',
      ],
      { timeoutMs: 30_000 },
    );
    expect(result.stderr).toMatch(/capture ended \(--until "recovered" arrived\)/);
    expect(result.code).toBe(0);

    // The server saw a new session, then the same one recovered; the second CONNECT carried the last
    // pid and offset with the --auth merged in.
    expect(server.connections.map((c) => c.recovered)).toEqual([false, true]);
    expect(server.connections[1]?.id).toBe(server.connections[0]?.id);
    const [first, second] = server.auths as Record<string, unknown>[];
    expect(first).toEqual({ token: 't' });
    expect(second).toMatchObject({ token: 't', pid: expect.any(String), offset: expect.any(String) });

    const { records } = readSessionFile(out);
    expect(records.filter((r) => r.error !== undefined)).toEqual([]);
    const reconnect = records.find((r): r is LifecycleRecord => isLifecycle(r) && r.event === 'reconnect');
    expect(reconnect).toMatchObject({ conn: 'c2', reconnectOf: 'c1', attempt: 1 });
    // socket.io-client's first delay: 1000 ms ± half.
    expect(reconnect?.ms).toBeGreaterThanOrEqual(500);
    expect(reconnect?.ms).toBeLessThanOrEqual(1500);

    // The offset offered is the one the server appended to the last event before the loss (`welcome`).
    const welcome = packetsOf(records, 'c1').find((r) => r.sio?.event === 'welcome');
    const offset = welcome?.sio?.args?.at(-1);
    const connect = packetsOf(records, 'c2').find((r) => r.dir === 'out' && r.sio?.type === 'CONNECT');
    expect(connect?.sio?.data).toMatchObject({ offset, token: '<redacted>' });

    // The missed packets came before the server's CONNECT answer, as socket.io 4.8 sends them.
    const inbound = packetsOf(records, 'c2').filter((r) => r.dir === 'in' && r.sio !== undefined);
    expect(inbound.map((r) => r.sio?.event ?? r.sio?.type)).toEqual([
      'missed',
      'missed',
      'CONNECT',
      'recovered',
    ]);

    const { report } = withReport(result.stdout, 'summary');
    const [c1, c2] = report.connections;
    expect(report.connections).toHaveLength(2);
    expect(c1?.reconnectOf).toBeUndefined();
    expect(c2?.reconnectOf).toBe('c1');
    const pid = c1?.namespaces[0]?.pid;
    expect(pid).toEqual(expect.any(String));
    expect(c2?.namespaces[0]).toMatchObject({ nsp: '/', connected: true, pid, recovered: true });
    const findings = report.connections.flatMap((c) => c.findings);
    expect(findings.map((f) => f.code)).not.toContain('EVENT_BEFORE_CONNECT');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    // The one warning is true: the server did cut c1's WebSocket with no close frame.
    expect(c1?.findings.filter((f) => f.severity === 'warning').map((f) => f.code)).toEqual([
      'TRANSPORT_ERROR',
    ]);
    expect(c2?.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(c2?.findings.map((f) => f.code)).toContain('RECOVERY_MISSED_PACKETS');

    // The file says the same when decoded again.
    expect(summarizeSession(records).connections[1]?.reconnectOf).toBe('c1');
  });

  it('the summary of a proxied socket.io-client says which connection its recovery replaces', async () => {
    const records: SessionRecord[] = [];
    const proxy = await startDecodingProxy({
      target: server.url,
      onRecords: (batch) => records.push(...batch),
    });
    const before = server.connections.length;
    const socket = io(`http://127.0.0.1:${proxy.port}`, {
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 200,
    });
    try {
      await new Promise<void>((resolve) => socket.once('welcome', () => resolve()));
      const recovered = new Promise<void>((resolve) => socket.once('recovered', () => resolve()));
      socket.emit('drop-me');
      await recovered;
      expect(socket.recovered).toBe(true);
      await waitFor(() => records.some((r) => !isLifecycle(r) && r.sio?.event === 'recovered'));
    } finally {
      socket.disconnect();
      await proxy.close();
    }
    expect(server.connections.slice(before).map((c) => c.recovered)).toEqual([false, true]);

    expect(records.filter((r) => r.error !== undefined)).toEqual([]);
    expect(records.filter((r) => isLifecycle(r) && r.event === 'reconnect')).toEqual([]);
    const { connections } = summarizeSession(records);
    expect(connections.map((c) => [c.conn, c.reconnectOf])).toEqual([
      ['c1', undefined],
      ['c2', 'c1'],
    ]);
    const pid = connections[0]?.namespaces[0]?.pid;
    expect(pid).toEqual(expect.any(String));
    expect(connections[1]?.namespaces[0]).toMatchObject({ nsp: '/', connected: true, pid, recovered: true });
    expect(connections.flatMap((c) => c.findings).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('capture --reconnect-attempts gives up in one line when the server is gone', async () => {
    const gone = await startRecoveryServer();
    const run = runCli(
      cli,
      [
        'capture',
        gone.url,
        '--transports',
        'websocket',
        '--reconnect-attempts',
        '2',
        '--emit',
        '["drop-me"]',
        '--format',
        'ndjson',
      ],
      { timeoutMs: 30_000 },
    );
    // Once the session is under way, the whole server goes: every attempt is refused.
    await waitFor(() => gone.connections.length === 1);
    await gone.close();
    const result = await run;
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/gave up reconnecting after 2 attempt\(s\): cannot connect to .*refused/);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
