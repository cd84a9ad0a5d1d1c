import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli, runCliInTerminal } from '../../support/cli';
import { ndjson, withReport } from '../../support/ndjson';
import { tempDir } from '../../support/temp-dir';

let cli: string;
let dir: string;

const SESSION = [
  {
    t: 0,
    dir: 'in',
    transport: 'websocket',
    text: '0{"sid":"abc","upgrades":[],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000}',
  },
  { t: 1, dir: 'out', transport: 'websocket', text: '40' },
  { t: 2, dir: 'in', transport: 'websocket', text: '40{"sid":"s1"}' },
  { t: 3, dir: 'out', transport: 'websocket', text: '421["echo","hi"]' },
  { t: 5, dir: 'in', transport: 'websocket', text: '431["hi"]' },
  { t: 6, dir: 'in', transport: 'websocket', text: '451-["file",{"_placeholder":true,"num":0}]' },
  { t: 6, dir: 'in', transport: 'websocket', binary: 'AQID' },
]
  .map((l) => JSON.stringify(l))
  .join('\n');

beforeAll(async () => {
  cli = await buildCli();
  dir = tempDir('sio-decode');
});

const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('sio-inspector decode', () => {
  it('prints one ndjson record per packet, binary reassembled', async () => {
    const result = await runCli(cli, ['decode', file('s.ndjson', SESSION), '--format', 'ndjson']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const records = ndjson(result.stdout);
    expect(records).toHaveLength(7);
    expect(records[3]).toMatchObject({
      frame: 3,
      dir: 'out',
      sio: { type: 'EVENT', id: 1, event: 'echo', args: ['hi'] },
    });
    expect(records[5]).toMatchObject({
      sio: { type: 'BINARY_EVENT', event: 'file', args: [{ $binary: 'AQID' }] },
    });
    expect(records[6]).toMatchObject({ attachmentOf: 5 });
  });

  it('reads standard input with -', async () => {
    const result = await runCli(cli, ['decode', '-', '--format', 'ndjson'], { stdin: SESSION });
    expect(result.code).toBe(0);
    expect(ndjson(result.stdout)).toHaveLength(7);
  });

  it('adds a summary as the last record', async () => {
    const result = await runCli(cli, [
      'decode',
      file('s2.ndjson', SESSION),
      '--format',
      'ndjson',
      '--summary',
    ]);
    expect(result.code).toBe(0);
    const [conn] = withReport(result.stdout, 'summary').report.connections;
    expect(conn).toMatchObject({ conn: 'c1', eio: 4, sid: 'abc', transport: 'websocket' });
    expect(conn?.acks).toMatchObject({ sent: 1, answered: 1 });
    expect(conn?.acks.latencyMs).toEqual({ median: 2, max: 2 });
    expect(conn?.namespaces).toEqual([expect.objectContaining({ nsp: '/', connected: true, sid: 's1' })]);
  });

  it("lists the summary's connections in the order they opened, as the app does, in both formats", async () => {
    // c10's frames first, as a browser recording can report a later connection before an earlier one.
    const frames = ['c10', 'c2']
      .flatMap((conn) => SESSION.split('\n').map((l) => JSON.stringify({ ...JSON.parse(l), conn })))
      .join('\n');
    const path = file('two.ndjson', frames);
    const piped = await runCli(cli, ['decode', path, '--format', 'ndjson', '--summary']);
    expect(piped.code).toBe(0);
    expect(withReport(piped.stdout, 'summary').report.connections.map((c) => c.conn)).toEqual(['c2', 'c10']);
    const table = await runCli(cli, ['decode', path, '--summary']);
    expect(table.code).toBe(0);
    expect(table.stdout.indexOf('summary c2 ')).toBeGreaterThan(-1);
    expect(table.stdout.indexOf('summary c2 ')).toBeLessThan(table.stdout.indexOf('summary c10 '));
  });

  // Ten thousand connections summarised, twice: on a busy two-core machine, longer than the default.
  it(
    'summarises the first 10,000 connections of a file naming a new one on every line, and says how many records it left',
    { timeout: 120_000 },
    async () => {
      const open = SESSION.split('\n')[0] ?? '';
      const lines = Array.from({ length: 10_050 }, (_, i) =>
        JSON.stringify({ ...JSON.parse(open), conn: `c${i + 1}` }),
      );
      const path = file('hostile.ndjson', `${lines.join('\n')}\n`);
      const json = await runCli(cli, ['decode', path, '--format', 'ndjson', '--summary']);
      expect(json.code).toBe(0);
      const { report } = withReport(json.stdout, 'summary');
      expect(report.connections).toHaveLength(10_000);
      expect(report.connections.at(-1)?.conn).toBe('c10000');
      expect(report.recordsNotAnalysed).toBe(50);
      const table = await runCli(cli, ['decode', path, '--summary']);
      expect(table.code).toBe(0);
      expect(table.stdout.trimEnd().split('\n').at(-1)).toBe(
        'summary  50 records of connections past the first 10,000 not analysed',
      );
    },
  );

  it('reads its own --format ndjson output back as the same records', async () => {
    const first = await runCli(cli, ['decode', file('s5.ndjson', SESSION), '--format', 'ndjson']);
    const again = await runCli(cli, [
      'decode',
      file('s5.records.ndjson', first.stdout),
      '--format',
      'ndjson',
    ]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(ndjson(again.stdout)).toEqual(ndjson(first.stdout));
    const piped = await runCli(cli, ['decode', '-', '--format', 'ndjson', '--summary'], {
      stdin: first.stdout,
    });
    const { records, report } = withReport(piped.stdout, 'summary');
    expect(records).toEqual(ndjson(first.stdout));
    expect(report.connections[0]).toMatchObject({ conn: 'c1', eio: 4, sid: 'abc' });
  });

  it('turns lines that are not frames into error records with their line number and still exits 0', async () => {
    const input = `${SESSION.split('\n')[0]}\nnot json\n{"dir":"in"}\n`;
    const result = await runCli(cli, ['decode', '-', '--format', 'ndjson'], { stdin: input });
    expect(result.code).toBe(0);
    expect(ndjson(result.stdout).slice(1)).toEqual([
      expect.objectContaining({
        event: 'input-error',
        line: 2,
        error: expect.objectContaining({ code: 'FRAME_LINE_INVALID' }),
      }),
      expect.objectContaining({ event: 'input-error', line: 3, raw: '{"dir":"in"}' }),
    ]);
  });

  it('prints a readable pretty view without colour when not a terminal', async () => {
    const result = await runCli(cli, ['decode', file('s3.ndjson', SESSION)]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[3]).toMatch(/c1 .*#3 .*→ ws +message EVENT id=1 echo \["hi"\]/);
    expect(result.stdout).not.toContain('\x1b[');
  });

  it('colours the pretty view when asked to', async () => {
    const result = await runCli(cli, ['decode', file('s4.ndjson', SESSION)], { env: { FORCE_COLOR: '1' } });
    expect(result.stdout).toContain('\x1b[');
  });

  it.each([
    [['decode'], /decode: missing input/],
    [['decode', 'x', '--format', 'xml'], /--format must be one of pretty, ndjson/],
    [['decode', 'x', '--eio', '5'], /--eio must be one of 3, 4/],
    [['decode', 'x', '--bogus'], /Unknown option '--bogus'/],
    [['decode', '/no/such/file'], /cannot read \/no\/such\/file: no such file/],
    [['decode', '/'], /is a directory/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('fails with one line and exit 2 for %j', async (args, message) => {
    const result = await runCli(cli, args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('shows its progress on stderr when that is a terminal, stdout is not, and the input is big', async () => {
    // 40 MB of frame lines, above the size that gets a progress line.
    const line = `${JSON.stringify({ t: 1, dir: 'in', transport: 'websocket', text: `42["tick","${'x'.repeat(90)}"]` })}\n`;
    const big = file('big.ndjson', line.repeat(Math.ceil(40e6 / line.length)));
    const shown = runCliInTerminal(cli, ['decode', big, '--format', 'ndjson'], join(dir, 'big-out.ndjson'));
    expect(shown.code).toBe(0);
    expect(shown.terminal).toMatch(/sio-inspector: decode .*big\.ndjson: \d+% \([\d.]+ MiB of 38\.\d MiB\)/);
    // The line is cleared at the end: nothing of it is left where the next output starts.
    expect(shown.terminal.endsWith('\r\u001b[K')).toBe(true);
    // Without a terminal there is no progress line.
    const plain = await runCli(cli, ['decode', big, '--format', 'ndjson', '--summary'], {
      timeoutMs: 120_000,
    });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
  }, 240_000);

  it('shows its progress while it imports a big HAR', () => {
    // A page's 36 MB script and its socket's WebSocket: the reader streams past the one to the other.
    const start = Date.parse('2025-03-01T10:00:00.000Z');
    const entry = (url: string, status: number, text: string | undefined): Record<string, unknown> => ({
      startedDateTime: new Date(start).toISOString(),
      time: 1,
      request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [] },
      response: { status, content: text === undefined ? { size: 0 } : { mimeType: 'text/javascript', text } },
    });
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        entries: [
          entry('http://localhost:3000/app.js', 200, `console.log("${'x'.repeat(36e6)}")`),
          {
            ...entry('ws://localhost:3000/socket.io/?EIO=4&transport=websocket', 101, undefined),
            _resourceType: 'websocket',
            _webSocketMessages: [
              {
                type: 'receive',
                time: (start + 1) / 1000,
                opcode: 1,
                data: '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}',
              },
              { type: 'receive', time: (start + 2) / 1000, opcode: 1, data: '42["tick",1]' },
            ],
          },
        ],
      },
    };
    const out = join(dir, 'big-har-out.ndjson');
    const shown = runCliInTerminal(
      cli,
      ['decode', file('big.har', JSON.stringify(har)), '--format', 'ndjson'],
      out,
    );
    expect(shown.code).toBe(0);
    expect(shown.terminal).toMatch(/sio-inspector: decode .*big\.har: \d+% \([\d.]+ MiB of 34\.\d MiB\)/);
    expect(shown.terminal.endsWith('\r\u001b[K')).toBe(true);
    // The socket's two packets, after the lifecycle records of its WebSocket.
    const packets = ndjson(readFileSync(out, 'utf8')).filter((r) => 'eio' in r);
    expect(packets.map((r) => 'eio' in r && r.eio?.type)).toEqual(['open', 'message']);
  }, 240_000);
});
