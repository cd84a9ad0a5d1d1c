// `sio-inspector proxy`, built and run as a user runs it: the official socket.io 4 client (polling with
// upgrade) and socket.io-client 2 (EIO3 polling) through one proxy at the same time, each its own
// connection, decoded live on stdout and recorded to a session file; SIGTERM ends it with a summary.
// An https target: refused in one line while its certificate cannot be verified, reached with
// --insecure or once the certificate is trusted.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Manager } from 'socket.io-client';
import clientV2 from 'socket.io-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLifecycle, type PacketRecord, type SessionRecord } from '../../../shared/record';
import { buildCli, runCli } from '../../support/cli';
import { spawnCli } from '../../support/cli-process';
import { ndjson, packets, readSessionFile, withReport } from '../../support/ndjson';
import { selfSignedServer } from '../../support/engine-support';
import { RELAXED_HEARTBEAT, startSocketIo4Server, type TestServer } from '../../support/servers';
import { tempDir } from '../../support/temp-dir';

let cli: string;
let dir: string;
let sio4: TestServer;

beforeAll(async () => {
  [cli, sio4] = await Promise.all([buildCli(), startSocketIo4Server(RELAXED_HEARTBEAT)]);
  dir = tempDir('sio-proxy');
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

    const { records, report: summary } = withReport(result.stdout, 'summary');
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
    expect(summary.connections.map((c) => c.eio).sort()).toEqual([3, 4]);

    const file = readSessionFile(out);
    expect(file.header).toMatchObject({ target: sio4.url, options: { kind: 'proxy', listen: 0 } });
    expect(file.problems).toEqual([]);
    expect(file.records).toEqual(records);
  });

  it('says in one line when the port is taken, the target is not http(s), or a flag is missing', async () => {
    const port = new URL(sio4.url).port;
    const taken = await runCli(cli, ['proxy', '--listen', port, '--target', sio4.url]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe(
      `sio-inspector: proxy: cannot listen on 127.0.0.1:${port}: the port is in use (pick another --listen)\n`,
    );
    const scheme = await runCli(cli, ['proxy', '--listen', '0', '--target', 'ftp://example.com']);
    expect(scheme).toMatchObject({
      code: 2,
      stderr:
        'sio-inspector: proxy: unsupported target scheme "ftp:" (use http://host:port or https://host:port)\n',
    });
    const bad = await runCli(cli, ['proxy', '--listen', '0', '--target', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a URL/);
    const missing = await runCli(cli, ['proxy', '--target', sio4.url]);
    expect(missing).toMatchObject({ code: 2, stderr: 'sio-inspector: proxy: --listen PORT is required\n' });
  });
});

describe('proxy to an https target', () => {
  const server = selfSignedServer();
  let certFile = '';
  beforeAll(() => {
    certFile = join(dir, 'cert.pem');
    writeFileSync(certFile, server.cert);
  });

  it.runIf(server.runs)(
    'refuses a self-signed certificate: 502 to each client, the reason once on stderr',
    async () => {
      const proxy = spawnCli(cli, ['proxy', '--listen', '0', '--target', server.url, '--format', 'ndjson']);
      const [, url = ''] = await proxy.waitForStderr(/proxy listening on (http:\/\/127\.0\.0\.1:\d+) → /);
      // One client on polling, one on websocket: each is refused, and the proxy stays up for the next.
      for (const transport of ['polling', 'websocket']) {
        const manager = new Manager(url, { reconnection: false, transports: [transport] });
        const error = await new Promise<Error & { description?: unknown }>((resolve) =>
          manager.socket('/').once('connect_error', resolve),
        );
        if (transport === 'polling') expect(error.description).toBe(502);
        else expect(error.message).toBe('websocket error');
        manager.engine.close();
      }
      const result = await proxy.stop();
      expect(result.code).toBe(0);
      const port = new URL(server.url).port;
      expect(result.stderr.split('\n').filter((line) => line.includes('TLS'))).toEqual([
        `sio-inspector: proxy: TLS certificate of 127.0.0.1:${port} rejected: the certificate is self-signed ` +
          '(use --insecure to skip verification for a server you trust, or add its CA with NODE_EXTRA_CA_CERTS)',
      ]);
      const records = ndjson(result.stdout);
      expect(
        records.filter((r) => isLifecycle(r)).map((r) => [r.event, r.transport, r.status ?? null]),
      ).toEqual([
        ['transport-error', 'polling', null],
        ['http-request', 'polling', 502],
        ['transport-error', 'websocket', null],
        ['http-request', 'websocket', 502],
      ]);
      expect(packets(records)).toEqual([]);
    },
  );

  it.runIf(server.runs)('with --insecure, a client gets through over polling and upgrade', async () => {
    const { records, stderr } = await upgradeThrough(['--target', server.url, '--insecure'], {});
    expectCleanBothWays(records);
    expect(stderr).not.toMatch(/TLS/);
  });

  // The client names the proxy "localhost"; the certificate names only 127.0.0.1. Verification passes
  // because the upstream leg names the target, in Host and in TLS, not the proxy.
  it.runIf(server.runs)(
    'with the certificate trusted, verification passes for the wss:// spelling',
    async () => {
      const target = server.url.replace('https:', 'wss:');
      const { records, stderr } = await upgradeThrough(['--target', target], {
        NODE_EXTRA_CA_CERTS: certFile,
      });
      expectCleanBothWays(records);
      expect(stderr).not.toMatch(/TLS/);
    },
  );
});

/** Runs the proxy until one socket.io 4 client, pointed at it as localhost, has connected and upgraded. */
async function upgradeThrough(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ records: SessionRecord[]; stderr: string }> {
  const proxy = spawnCli(cli, ['proxy', '--listen', '0', '--format', 'ndjson', ...args], { env });
  const [, port] = await proxy.waitForStderr(/proxy listening on http:\/\/127\.0\.0\.1:(\d+) → /);
  const manager = new Manager(`http://localhost:${port}`, {
    reconnection: false,
    transports: ['polling', 'websocket'],
  });
  try {
    const upgraded = new Promise((resolve, reject) => {
      manager.engine.once('upgrade', resolve);
      manager.engine.once('upgradeError', reject);
    });
    await new Promise((resolve, reject) => {
      const socket = manager.socket('/');
      socket.once('connect', () => resolve(undefined));
      socket.once('connect_error', reject);
    });
    await upgraded;
  } finally {
    manager.engine.close();
  }
  const result = await proxy.stop();
  expect(result.code).toBe(0);
  return { records: ndjson(result.stdout), stderr: result.stderr };
}

/** The client's CONNECT went out and the server's came back, the upgrade too, all decoded clean. */
function expectCleanBothWays(records: readonly SessionRecord[]): void {
  const seen = packets(records);
  expect(seen.filter((r) => r.error !== undefined)).toEqual([]);
  expect(records.filter((r) => isLifecycle(r) && r.event === 'transport-error')).toEqual([]);
  for (const dir of ['out', 'in'] as const)
    expect(seen.some((r) => r.dir === dir && r.sio?.type === 'CONNECT')).toBe(true);
  expect(seen.some((r) => r.dir === 'out' && r.transport === 'websocket' && r.eio?.type === 'upgrade')).toBe(
    true,
  );
}
