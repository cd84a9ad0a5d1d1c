// `sio-inspector capture`, built and run as a user runs it: records on stdout, or in a session file that
// `decode` reads back, the three ways to end (--until, --duration, Ctrl-C), and one plain stderr line for
// every failure. (The crash bound of the session file: recorder-crash.test.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli, type CliResult } from '../../support/cli';
import { spawnCli } from '../../support/cli-process';
import { ndjson, packets, readSessionFile, withReport } from '../../support/ndjson';
import { ADMIN_TOKEN, startSocketIo4Server, type TestServer } from '../../support/servers';
import {
  selfSignedServer,
  startChildServer,
  startStickyServer,
  unusedPort,
  type ChildServer,
  type PlainServer,
} from '../../support/engine-support';
import { tempDir } from '../../support/temp-dir';

let cli: string;
let dir: string;
let sio4: TestServer;
let ticks: ChildServer;
let strict: PlainServer;

beforeAll(async () => {
  [cli, sio4, ticks, strict] = await Promise.all([
    buildCli(),
    startSocketIo4Server(),
    startChildServer(),
    startStickyServer(),
  ]);
  dir = tempDir('sio-capture');
});
afterAll(async () => {
  await Promise.all([sio4.close(), ticks.kill(), strict.close()]);
});

/** A failure is one line on stderr, no stack trace. */
function expectOneLine(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code).toBe(code);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('capture', () => {
  it('records a session file until an event, and decode reads the file back', async () => {
    const out = join(dir, 'until.jsonl');
    const result = await runCli(cli, [
      'capture',
      sio4.url,
      '--until',
      'answered',
      '--emit',
      '["echo","hi",{"$binary":"AQID"}]',
      '--emit',
      '["ask-me"]',
      '--ack',
      '--out',
      out,
      '--format',
      'ndjson',
      '--summary',
    ]);
    expect(result.stderr).toMatch(
      /^sio-inspector: capture ended \(--until "answered" arrived\): \d+ records in [\d.]+ s to /,
    );
    expect(result.code).toBe(0);
    // With --out the file is the record (as tcpdump -w); stdout has the summary only.
    const { records: printed, report: summary } = withReport(result.stdout, 'summary');
    expect(printed).toEqual([]);
    // --ack asks for an ack on both emits; the server answers echo and not ask-me.
    expect(summary.connections[0]?.acks).toMatchObject({ sent: 2, answered: 1 });

    const { header, records, problems } = readSessionFile(out);
    expect(header).toMatchObject({
      format: 'sio-inspector-session',
      version: 1,
      target: sio4.url,
      tool: { name: 'sio-inspector' },
    });
    expect(header.options).toMatchObject({ eio: 'auto', until: 'answered', ack: true });
    expect(problems).toEqual([]);
    expect(
      packets(records).some(
        (r) => r.dir === 'out' && r.sio?.type === 'BINARY_EVENT' && r.sio.event === 'echo',
      ),
    ).toBe(true);
    expect(packets(records).some((r) => r.dir === 'in' && r.sio?.type === 'BINARY_ACK')).toBe(true);
    expect(records.at(-1)).toMatchObject({ event: 'closed', reason: 'closed by the client' });

    const decoded = await runCli(cli, ['decode', out, '--format', 'ndjson']);
    expect(decoded.code).toBe(0);
    expect(ndjson(decoded.stdout)).toEqual(records);
  });

  it('prints every record to stdout without --out', async () => {
    const result = await runCli(cli, [
      'capture',
      sio4.url,
      '--until',
      'welcome',
      '--format',
      'ndjson',
      '--transports',
      'polling',
    ]);
    expect(result.code).toBe(0);
    const records = ndjson(result.stdout);
    expect(records[0]).toMatchObject({ event: 'http-request', method: 'GET', status: 200 });
    expect(packets(records).some((r) => r.dir === 'in' && r.sio?.event === 'welcome')).toBe(true);
    expect(records.at(-1)).toMatchObject({ event: 'closed' });

    // What capture printed is a bare record stream: decode reads it back as the records they are.
    const decoded = await runCli(cli, ['decode', '-', '--format', 'ndjson'], { stdin: result.stdout });
    expect(decoded.stderr).toBe('');
    expect(decoded.code).toBe(0);
    expect(ndjson(decoded.stdout)).toEqual(records);
  });

  it('ends after --duration with exit 0, and prints pretty lines by default', async () => {
    // Long enough for the handshake and the welcome on a busy machine: the duration counts from the start.
    const result = await runCli(cli, ['capture', sio4.url, '--duration', '1.5', '--transports', 'websocket']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/capture ended \(--duration 1\.5 s\)/);
    expect(result.stdout).toMatch(/← ws {3}message EVENT welcome/);
  });

  it('joins several namespaces with --auth and emits on the last one', async () => {
    const result = await runCli(cli, [
      'capture',
      sio4.url,
      '--namespace',
      '/',
      '--namespace',
      '/admin',
      '--auth',
      `{"token":"${ADMIN_TOKEN}"}`,
      '--emit',
      '["echo","to admin"]',
      '--ack',
      '--until',
      'welcome',
      '--duration',
      '5',
      '--format',
      'ndjson',
      '--keep-secrets',
    ]);
    expect(result.code).toBe(0);
    const sent = packets(ndjson(result.stdout)).filter((r) => r.dir === 'out' && r.sio !== undefined);
    expect(sent.filter((r) => r.sio?.type === 'CONNECT').map((r) => [r.sio?.nsp, r.sio?.data])).toEqual([
      ['/', { token: ADMIN_TOKEN }],
      ['/admin', { token: ADMIN_TOKEN }],
    ]);
  });

  it('masks credentials in the session file and on stdout, and --keep-secrets keeps them for replay', async () => {
    // Long enough that no random sid or cache-buster in the file can contain one by chance.
    const keySecret = 'key-secret-k1';
    const querySecret = 'query-secret-q1';
    const sessionSecret = 'session-secret-s1';
    const args = (out: string): string[] => [
      'capture',
      `${sio4.url.replace('://', '://user:pw@')}?access_token=${querySecret}`,
      '--namespace',
      '/admin',
      '--auth',
      `{"token":"${ADMIN_TOKEN}"}`,
      '--header',
      `X-Api-Key: ${keySecret}`,
      '--header',
      'X-Trace: t1',
      '--query',
      `session=${sessionSecret}`,
      '--transports',
      'polling',
      '--until',
      'welcome',
      '--out',
      out,
    ];
    const masked = join(dir, 'masked.ndjson');
    const result = await runCli(cli, args(masked));
    expect(result.code).toBe(0);
    const text = readFileSync(masked, 'utf8');
    for (const secret of [ADMIN_TOKEN, keySecret, querySecret, sessionSecret, 'user:pw']) {
      expect(text).not.toContain(secret);
    }
    const { header, records } = readSessionFile(masked);
    expect(header.target).toBe(`${sio4.url.replace('://', '://<redacted>@')}?access_token=<redacted>`);
    expect(header.options).toMatchObject({
      auth: { token: '<redacted>' },
      headers: ['X-Api-Key: <redacted>', 'X-Trace: t1'],
      query: ['session=<redacted>'],
    });
    const connects = packets(records).filter((r) => r.dir === 'out' && r.sio?.type === 'CONNECT');
    expect(connects.map((r) => r.sio?.data)).toEqual([{ token: '<redacted>' }]);
    // The server accepted the real token: the namespace joined.
    expect(
      packets(records).some((r) => r.dir === 'in' && r.sio?.type === 'CONNECT' && r.sio.nsp === '/admin'),
    ).toBe(true);

    const kept = join(dir, 'kept.ndjson');
    expect((await runCli(cli, [...args(kept), '--keep-secrets'])).code).toBe(0);
    const clear = readSessionFile(kept);
    expect(clear.header.options).toMatchObject({
      auth: { token: ADMIN_TOKEN },
      headers: [`X-Api-Key: ${keySecret}`, 'X-Trace: t1'],
    });
    expect(readFileSync(kept, 'utf8')).toContain(`access_token=${querySecret}`);
  });

  it('Ctrl-C flushes the records and ends with exit 0', async () => {
    const out = join(dir, 'interrupted.jsonl');
    const capture = spawnCli(cli, ['capture', ticks.url, '--out', out, '--format', 'ndjson', '--summary']);
    // Ticks reach the file on the writer's 100 ms timer (the wait covers a busy machine's start-up).
    await expect
      .poll(() => (readFileSync(out, 'utf8').match(/"tick"/g) ?? []).length, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(3);
    const { code, stdout, stderr } = await capture.stop('SIGINT');
    expect(code).toBe(0);
    expect(stderr).toMatch(/capture ended \(interrupted\)/);
    expect(stdout).toMatch(/^\{"summary":/);
    const { records, problems } = readSessionFile(out);
    expect(records.at(-1)).toMatchObject({ event: 'closed', reason: 'closed by the client' });
    expect(problems).toEqual([]);
  });
});

describe('capture failures: one line on stderr, non-zero exit', () => {
  it('an unreachable port', async () => {
    const port = await unusedPort();
    const result = await runCli(cli, ['capture', `http://127.0.0.1:${port}`]);
    expectOneLine(
      result,
      1,
      /^sio-inspector: cannot connect to 127\.0\.0\.1:\d+: connection refused \(is the server running/,
    );
  });

  it('an unreachable port with --summary: the one line, and a summary only of what happened', async () => {
    const port = await unusedPort();
    const result = await runCli(cli, ['capture', `http://127.0.0.1:${port}`, '--summary']);
    expect(result.code).toBe(1);
    const summary = result.stdout.slice(result.stdout.indexOf('summary c1'));
    expect(summary.trimEnd().split('\n')).toEqual([
      'summary c1  Engine.IO v4',
      '  handshake   none',
      expect.stringMatching(/^ {2}closed {6}cannot connect to 127\.0\.0\.1:\d+: connection refused$/),
      expect.stringMatching(/^ {2}findings {4}TRANSPORT_ERROR {2}transport error: cannot connect/),
    ]);
    expect(result.stdout).not.toContain('null');
  });

  it('a refused namespace mid-upgrade blames no one for the upgrade the capture cut short', async () => {
    const result = await runCli(cli, [
      'capture',
      sio4.url,
      '--namespace',
      '/admin',
      '--auth',
      '{"token":"nope"}',
      '--summary',
      '--format',
      'ndjson',
    ]);
    expect(result.code).toBe(1);
    const { report } = withReport(result.stdout, 'summary');
    const codes = report.connections.flatMap((c) => c.findings.map((f) => f.code));
    expect(codes).toEqual(['NAMESPACE_REFUSED']);
  });

  it('a refused handshake, with the engine.io code decoded', async () => {
    const result = await runCli(cli, ['capture', strict.url, '--eio', '3', '--transports', 'polling']);
    expectOneLine(result, 1, /Engine\.IO error 5 "Unsupported protocol version" \(.*try --eio 4\)$/);
  });

  it('a refused namespace', async () => {
    const result = await runCli(cli, [
      'capture',
      sio4.url,
      '--namespace',
      '/admin',
      '--auth',
      '{"token":"nope"}',
    ]);
    expectOneLine(result, 1, /^sio-inspector: namespace \/admin refused: unauthorized \(check --auth/);
  });

  it('--until never reached before the server went away', async () => {
    const server = await startChildServer();
    const capture = spawnCli(cli, ['capture', server.url, '--until', 'never', '--transports', 'websocket']);
    await capture.waitForStdout(/tick/);
    await server.kill();
    const { code, stderr } = await capture.exited;
    expectOneLine(
      { code, stdout: '', stderr },
      1,
      /^sio-inspector: the server closed the websocket \(code 1006 abnormal closure\) \(the connection was cut/,
    );
  });

  it.each([
    [['capture'], /missing url/],
    [['capture', 'http://x', '--bogus'], /Unknown option '--bogus'.*capture --help/],
    [['capture', 'ftp://x'], /unsupported URL scheme "ftp:"/],
    [['capture', 'http://x', '--eio', '5'], /--eio must be one of 3, 4/],
    [['capture', 'http://x', '--emit', '["x",{"$binary":"!!"}]'], /\$binary is not valid base64/],
    [['capture', 'http://x', '--auth', '[1]'], /--auth must be a JSON object/],
    [['capture', 'http://x', '--header', 'no colon'], /--header takes "Name: value"/],
    [
      ['capture', 'http://x', '--transports', 'carrier-pigeon'],
      /--transports takes polling and\/or websocket/,
    ],
    [['capture', 'http://x', '--duration', '0'], /--duration takes a positive number/],
  ])('wrong usage %j', async (args, pattern) => {
    expectOneLine(await runCli(cli, args), 2, pattern);
  });

  describe('TLS', () => {
    const server = selfSignedServer();

    it.runIf(server.runs)('a self-signed certificate is refused, and --insecure gets through', async () => {
      const refused = await runCli(cli, ['capture', server.url]);
      expectOneLine(
        refused,
        1,
        /TLS certificate of 127\.0\.0\.1:\d+ rejected: the certificate is self-signed \(use --insecure/,
      );
      const accepted = await runCli(cli, [
        'capture',
        server.url,
        '--insecure',
        '--duration',
        '0.3',
        '--format',
        'ndjson',
      ]);
      expect(accepted.code).toBe(0);
      expect(packets(ndjson(accepted.stdout)).some((r) => r.sio?.type === 'CONNECT' && r.dir === 'in')).toBe(
        true,
      );
    });
  });
});
