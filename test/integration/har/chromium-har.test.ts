// HAR from a real browser: Debian's Chromium runs a page with the official socket.io browser client
// (socket.io-client's dist/socket.io.min.js) against a real socket.io 4 server, Playwright records the
// network as HAR (its recordHar embeds `_webSocketMessages`, as Chrome DevTools' export does), and the
// import must show the session: handshake, the upgrade, events, acks both ways, binary, one connection.
import { createReadStream, readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacketRecord } from '../../../shared/record';
import { readHar } from '../../../shared/session/har';
import { chromiumMissing, launchChromium } from '../../e2e/support/browser';
import { buildCli, runCli } from '../../support/cli';
import { packets, withReport } from '../../support/ndjson';
import { tempDir } from '../../support/temp-dir';

const CLIENT_JS = resolve(
  import.meta.dirname,
  '../../../node_modules/socket.io-client/dist/socket.io.min.js',
);
const PAGE = `<!doctype html><meta charset="utf-8"><title>har</title><script src="/client.js"></script>`;

/** What the page does, in the browser: connect, wait for the upgrade, emit with acks, answer an ask. */
const SCENARIO = `new Promise((resolve, reject) => {
  const socket = io({ transports: ['polling', 'websocket'], reconnection: false });
  socket.on('connect_error', reject);
  socket.on('ask', (question, ack) => ack({ answer: 42 }));
  const upgraded = new Promise((r) => socket.io.engine.once('upgrade', r));
  socket.once('welcome', async () => {
    await upgraded;
    const echo = await socket.emitWithAck('echo', 'hi', { n: 1 });
    const bytes = await socket.emitWithAck('echo', new Uint8Array([1, 2, 255]));
    await new Promise((r) => { socket.once('answered', r); socket.emit('ask-me'); });
    socket.disconnect();
    resolve({ echo, bytes: Array.from(new Uint8Array(bytes)) });
  });
})`;

let http: HttpServer;
let io: Server;
let url: string;
let dir: string;

beforeAll(async () => {
  http = createServer((req, res) => {
    if (req.url === '/client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      createReadStream(CLIENT_JS).pipe(res);
    } else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else if (!req.url?.startsWith('/socket.io/')) res.writeHead(404).end();
  });
  io = new Server(http, { serveClient: false });
  io.on('connection', (socket) => {
    socket.emit('welcome', { sid: socket.id });
    socket.on('echo', (...args: unknown[]) => {
      const ack = args.pop();
      if (typeof ack === 'function') ack(...args);
    });
    socket.on('ask-me', () =>
      socket.emit('ask', 'what?', (answer: unknown) => socket.emit('answered', answer)),
    );
  });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  dir = tempDir('sio-har');
});
afterAll(async () => {
  await io?.close();
});

describe.skipIf(chromiumMissing)('HAR from a real Chromium', () => {
  it('imports what Chromium recorded of the official browser client: handshake, upgrade, events, acks', async () => {
    const harPath = join(dir, 'chromium.har');
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ recordHar: { path: harPath, content: 'embed' } });
      const page = await context.newPage();
      await page.goto(url);
      const result = await page.evaluate(SCENARIO);
      expect(result).toEqual({ echo: 'hi', bytes: [1, 2, 255] });
      await context.close(); // writes the HAR
    } finally {
      await browser.close();
    }

    const text = readFileSync(harPath, 'utf8');
    const imported = readHar(text);
    if ('error' in imported) throw new Error(imported.error.message);
    const { records, connections } = imported.har;
    expect(connections).toBe(1);
    const decoded = packets(records);
    expect(decoded.filter((p) => p.error !== undefined)).toEqual([]);
    const find = (dir: 'in' | 'out', pick: (p: PacketRecord) => boolean): PacketRecord | undefined =>
      decoded.find((p) => p.dir === dir && pick(p));

    const open = find('in', (p) => p.eio?.type === 'open');
    expect(open).toMatchObject({ transport: 'polling', eio: { data: { upgrades: ['websocket'] } } });
    expect(find('out', (p) => p.sio?.type === 'CONNECT')).toBeDefined();
    expect(find('in', (p) => p.sio?.type === 'CONNECT')).toBeDefined();
    expect(find('out', (p) => p.eio?.type === 'ping' && p.eio.data === 'probe')).toBeDefined();
    expect(find('in', (p) => p.eio?.type === 'pong' && p.eio.data === 'probe')).toBeDefined();
    const upgrade = find('out', (p) => p.eio?.type === 'upgrade');
    expect(upgrade?.transport).toBe('websocket');
    const echo = find('out', (p) => p.sio?.event === 'echo' && p.sio.args?.[0] === 'hi');
    expect(echo).toMatchObject({ transport: 'websocket', sio: { type: 'EVENT', args: ['hi', { n: 1 }] } });
    expect(find('in', (p) => p.sio?.type === 'ACK' && p.sio.id === echo?.sio?.id)?.sio?.args).toEqual([
      'hi',
      { n: 1 },
    ]);
    // Binary both ways: a BINARY_EVENT with its attachment reassembled, and the BINARY_ACK back.
    expect(find('out', (p) => p.sio?.type === 'BINARY_EVENT')?.sio?.args).toEqual([{ $binary: 'AQL/' }]);
    expect(find('in', (p) => p.sio?.type === 'BINARY_ACK')?.sio?.args).toEqual([{ $binary: 'AQL/' }]);
    // The server asked, the page answered.
    const ask = find('in', (p) => p.sio?.event === 'ask');
    expect(find('out', (p) => p.sio?.type === 'ACK' && p.sio.id === ask?.sio?.id)?.sio?.args).toEqual([
      { answer: 42 },
    ]);
    expect(find('out', (p) => p.sio?.type === 'DISCONNECT')).toBeDefined();
    // Time runs forward from the handshake.
    expect(open?.t).toBeGreaterThanOrEqual(0);
    expect(echo?.t).toBeGreaterThan(open?.t ?? 0);

    // `decode` reads the HAR too, and writes it back as HAR.
    const cli = await buildCli();
    const result = await runCli(cli, ['decode', harPath, '--format', 'ndjson', '--summary']);
    expect(result.code).toBe(0);
    const { records: printed, report: summary } = withReport(result.stdout, 'summary');
    expect(summary.connections).toMatchObject([
      { eio: 4, transport: 'websocket', upgrade: { completed: true } },
    ]);
    expect(printed).toEqual(records);
    const exported = await runCli(cli, ['decode', harPath, '--format', 'har']);
    const again = readHar(exported.stdout);
    if ('error' in again) throw new Error(again.error.message);
    const strip = (r: PacketRecord): object => ({ ...r, t: 0 });
    expect(packets(again.har.records).map(strip)).toEqual(decoded.map(strip));
  });
});
