// The recording proxy against a scripted target (plain node:http + ws on 127.0.0.1), for what real
// Socket.IO servers do not do on demand: odd statuses and headers, gzip, streamed multi-MB bodies,
// refused upgrades, close codes, clients that vanish, an unreachable target.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  startRecordingProxy,
  type ProxyFrame,
  type RecordingProxy,
} from '../../../../electron/proxy/recording-proxy';
import type { LifecycleRecord } from '../../../../shared/record';

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;
type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

let target: Server;
let targetUrl: string;
let onRequest: RequestHandler;
let onUpgrade: UpgradeHandler;
const targetWss = new WebSocketServer({ noServer: true });

let proxy: RecordingProxy;
let proxyUrl: string;
const frames: ProxyFrame[] = [];
const lifecycle: LifecycleRecord[] = [];

beforeAll(async () => {
  target = createServer((req, res) => onRequest(req, res));
  target.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => onUpgrade(req, socket, head));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});

// A fresh proxy per test, so connection ids start at c1 each time.
beforeEach(async () => {
  frames.length = 0;
  lifecycle.length = 0;
  proxy = await startRecordingProxy({
    target: targetUrl,
    onFrame: (frame) => frames.push(frame),
    onLifecycle: (record) => lifecycle.push(record),
  });
  proxyUrl = `http://127.0.0.1:${proxy.port}`;
});

afterEach(async () => {
  await proxy.close();
});

afterAll(async () => {
  for (const ws of targetWss.clients) ws.terminate();
  target.closeAllConnections();
  await new Promise<void>((resolve) => target.close(() => resolve()));
});

describe('recording proxy, HTTP', () => {
  test('forwards method, path, headers and cookies unchanged both ways, with the status; Host names the target', async () => {
    let seen: IncomingMessage | undefined;
    onRequest = (req, res) => {
      seen = req;
      res.writeHead(418, 'Short And Stout', [
        'Set-Cookie',
        'a=1; Path=/',
        'Set-Cookie',
        'b=2; HttpOnly',
        'X-Target',
        'yes',
        'Content-Type',
        'text/plain',
      ]);
      res.end('{"code":3,"message":"Bad request"}');
    };
    const url = '/socket.io/?EIO=4&transport=polling&sid=abc&x=%20y';
    const res = await http('GET', url, undefined, {
      Cookie: 'io=abc; other=1',
      'X-Custom': 'v',
      Origin: 'http://app.example',
    });
    expect(seen?.url).toBe(url);
    expect(seen?.headers.cookie).toBe('io=abc; other=1');
    expect(seen?.headers['x-custom']).toBe('v');
    // The target's own name, not the proxy's (virtual hosts, TLS names); Origin stays the client's page.
    expect(seen?.headers.host).toBe(new URL(targetUrl).host);
    expect(seen?.headers.origin).toBe('http://app.example');
    expect(res.status).toBe(418);
    expect(res.statusMessage).toBe('Short And Stout');
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(res.headers['x-target']).toBe('yes');
    expect(res.body.toString()).toBe('{"code":3,"message":"Bad request"}');
    // An error answer is not an Engine.IO frame; the request is still reported.
    expect(frames).toEqual([]);
    expect(lifecycle).toMatchObject([{ event: 'http-request', method: 'GET', url, status: 418 }]);
  });

  test('reports gzip bodies decompressed while the client gets the compressed bytes', async () => {
    const text = `4${'x'.repeat(5000)}`;
    const gzipped = gzipSync(text);
    onRequest = (_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain; charset=UTF-8' });
      res.end(gzipped);
    };
    const res = await http('GET', '/socket.io/?EIO=4&transport=polling&sid=gz', undefined, {
      'Accept-Encoding': 'gzip',
    });
    expect(res.body).toEqual(gzipped);
    expect(frames).toMatchObject([{ dir: 'in', transport: 'polling', text }]);
  });

  test('streams a 5 MB body each way without holding it back, and records it whole', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 'é4'); // multi-byte, so split characters would show
    const firstChunkSeen = deferred();
    onRequest = (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' });
        // Half now, half once the client has seen the first bytes: a buffering proxy would deadlock.
        res.write(body.subarray(0, body.length / 2));
        void firstChunkSeen.promise.then(() => res.end(body.subarray(body.length / 2)));
      });
    };
    const res = await http('POST', '/socket.io/?EIO=4&transport=polling&sid=big', big, {}, () =>
      firstChunkSeen.resolve(),
    );
    expect(res.body.equals(big)).toBe(true);
    const text = big.toString();
    expect(frames.map((f) => f.dir)).toEqual(['out']); // a POST answer is not a frame
    expect('text' in frames[0]! && frames[0].text === text).toBe(true);
  });

  test('keeps application/octet-stream bodies binary (EIO3 XHR2 payloads)', async () => {
    const payload = Buffer.from([0x01, 0x05, 0xff, 0x04, 0x00, 0x80, 0xfe, 0xff]);
    onRequest = (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.end(payload);
      });
    };
    const url = '/socket.io/?EIO=3&transport=polling&sid=bin';
    await http('POST', url, payload, { 'Content-Type': 'application/octet-stream' });
    await http('GET', url);
    expect(frames).toEqual([
      expect.objectContaining({ dir: 'out', binary: new Uint8Array(payload) }),
      expect.objectContaining({ dir: 'in', binary: new Uint8Array(payload) }),
    ]);
    expect(frames.every((f) => 'binary' in f && f.binary.constructor === Uint8Array)).toBe(true);
  });

  test('groups requests by the sid learned from each kind of handshake response', async () => {
    const bodies: Record<string, { type: string; body: Buffer }> = {
      v4: { type: 'text/plain', body: Buffer.from('0{"sid":"S4","upgrades":[]}\x1e40') },
      v3: { type: 'text/plain', body: Buffer.from('19:0{"sid":"S3","x":1}2:40') },
      v3bin: { type: 'application/octet-stream', body: v3BinaryStringPacket('0{"sid":"SB","x":"é"}') },
    };
    onRequest = (req, res) => {
      const kind = new URL(req.url ?? '', 'http://x').searchParams.get('kind') ?? '';
      const answer = bodies[kind];
      res.writeHead(200, { 'Content-Type': answer?.type ?? 'text/plain' });
      res.end(answer?.body ?? '6');
    };
    const base = '/socket.io/?EIO=4&transport=polling';
    await http('GET', `${base}&kind=v4`);
    await http('GET', `${base}&kind=v3`);
    await http('GET', `${base}&kind=v3bin`);
    await http('GET', `${base}&sid=SB`);
    await http('GET', `${base}&sid=S4`);
    await http('GET', `${base}&sid=S3`);
    await http('GET', `${base}&sid=never-seen`);
    expect(lifecycle.map((r) => r.conn)).toEqual(['c1', 'c2', 'c3', 'c3', 'c1', 'c2', 'c4']);
    // Not Engine.IO (no EIO parameter): forwarded, not recorded.
    await http('GET', '/index.html');
    expect(lifecycle).toHaveLength(7);
  });

  test('reports a long-poll the client abandons, and stops waiting on the target', async () => {
    const arrived = deferred();
    const targetSawClose = deferred();
    onRequest = (req) => {
      req.socket.once('close', () => targetSawClose.resolve());
      arrived.resolve();
    };
    const req = request(`${proxyUrl}/socket.io/?EIO=4&transport=polling&sid=gone`, { agent: false });
    req.on('error', () => undefined);
    req.end();
    await arrived.promise;
    req.destroy();
    await targetSawClose.promise;
    await waitFor(() => lifecycle.length > 0);
    expect(lifecycle).toMatchObject([{ event: 'http-request', method: 'GET' }]);
    expect(lifecycle[0]?.status).toBeUndefined();
    expect(frames).toEqual([]);
  });

  test('answers 502 to requests and upgrades when the target is unreachable, and says why', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const records: LifecycleRecord[] = [];
    const failures: string[] = [];
    const orphan = await startRecordingProxy({
      target: `http://127.0.0.1:${port}`,
      onFrame: () => undefined,
      onLifecycle: (record) => records.push(record),
      onUpstreamFailure: (failure) => failures.push(failure.why.cause),
    });
    try {
      const res = await http(
        'GET',
        '/socket.io/?EIO=4&transport=polling',
        undefined,
        {},
        undefined,
        orphan.port,
      );
      expect(res.status).toBe(502);
      expect(records.map((r) => r.event).sort()).toEqual(['http-request', 'transport-error']);
      expect(records.find((r) => r.event === 'http-request')?.status).toBe(502);
      expect(records.find((r) => r.event === 'transport-error')?.message).toBe(
        `upstream GET /socket.io/?EIO=4&transport=polling: cannot connect to 127.0.0.1:${port}: ` +
          'connection refused (is the server running, and is the port right?)',
      );

      records.length = 0;
      const ws = new WebSocket(`ws://127.0.0.1:${orphan.port}/socket.io/?EIO=4&transport=websocket`);
      ws.on('error', () => undefined);
      const wsStatus = await new Promise<number>((resolve) =>
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
      );
      expect(wsStatus).toBe(502);
      expect(records.map((r) => [r.event, r.transport, r.status ?? null])).toEqual([
        ['transport-error', 'websocket', null],
        ['http-request', 'websocket', 502],
      ]);

      // Not Engine.IO, so not recorded; the proxy's user still hears why it failed.
      records.length = 0;
      const other = await http('GET', '/favicon.ico', undefined, {}, undefined, orphan.port);
      expect(other.status).toBe(502);
      expect(records).toEqual([]);
      expect(failures).toEqual(['unreachable', 'unreachable', 'unreachable']);
    } finally {
      await orphan.close();
    }
  });

  test('rejects a target that is not http:// or https://', async () => {
    await expect(
      startRecordingProxy({
        target: 'ftp://example.com',
        onFrame: () => undefined,
        onLifecycle: () => undefined,
      }),
    ).rejects.toThrow('http://host:port or https://host:port');
  });
});

describe('recording proxy, WebSocket', () => {
  beforeAll(() => {
    onUpgrade = (req, socket, head) =>
      targetWss.handleUpgrade(req, socket, head, (ws) => targetWss.emit('connection', ws, req));
  });

  test('relays text and binary messages as they are, in both directions, and the close code', async () => {
    let targetReq: IncomingMessage | undefined;
    targetWss.once('headers', (headers: string[]) => headers.push('Set-Cookie: io=ws-cookie'));
    targetWss.once('connection', (ws: WebSocket, req: IncomingMessage) => {
      targetReq = req;
      ws.send('0{"sid":"WS1","upgrades":[],"pingInterval":300,"pingTimeout":200}');
      ws.on('message', (data, isBinary) => {
        if (!isBinary && data.toString() === 'bye') ws.close(4001, 'done here');
        else ws.send(data, { binary: isBinary }); // echo
      });
    });
    const client = new WebSocket(`${proxyUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      headers: { Cookie: 'io=client' },
      origin: 'http://app.example',
    });
    const cookie = new Promise<string | string[] | undefined>((resolve) =>
      client.once('upgrade', (res) => resolve(res.headers['set-cookie'])),
    );
    const received: { data: RawData; isBinary: boolean }[] = [];
    client.on('message', (data, isBinary) => received.push({ data, isBinary }));
    const closed = new Promise<[number, string]>((resolve) =>
      client.once('close', (code, reason) => resolve([code, reason.toString()])),
    );
    await new Promise((resolve) => client.once('open', resolve));
    const bytes = Uint8Array.from([0, 255, 128, 52]);
    client.send('42["hi"]');
    client.send(bytes);
    client.send(Buffer.from('4text-as-binary'), { binary: true });
    await waitFor(() => received.length === 4);
    client.send('bye');
    expect(await closed).toEqual([4001, 'done here']);

    expect(await cookie).toEqual(['io=ws-cookie']);
    expect(targetReq?.headers.cookie).toBe('io=client');
    expect(targetReq?.headers.host).toBe(new URL(targetUrl).host);
    expect(targetReq?.headers.origin).toBe('http://app.example');
    expect(received.map((m) => m.isBinary)).toEqual([false, false, true, true]);
    expect(received[2]?.data).toEqual(Buffer.from(bytes));
    // Each direction in order; how the two interleave is up to the network.
    const wire = (dir: 'in' | 'out') =>
      frames
        .filter((f) => f.dir === dir)
        .map((f) => [f.conn, f.transport, 'text' in f ? f.text : [...f.binary]]);
    const textAsBinary = [...Buffer.from('4text-as-binary')];
    expect(wire('out')).toEqual([
      ['c1', 'websocket', '42["hi"]'],
      ['c1', 'websocket', [0, 255, 128, 52]],
      ['c1', 'websocket', textAsBinary],
      ['c1', 'websocket', 'bye'],
    ]);
    expect(wire('in')).toEqual([
      ['c1', 'websocket', '0{"sid":"WS1","upgrades":[],"pingInterval":300,"pingTimeout":200}'],
      ['c1', 'websocket', '42["hi"]'],
      ['c1', 'websocket', [0, 255, 128, 52]],
      ['c1', 'websocket', textAsBinary],
    ]);
    expect(lifecycle.map((r) => [r.event, r.status ?? r.code ?? null, r.reason ?? null])).toEqual([
      ['http-request', 101, null],
      ['ws-open', null, null],
      ['ws-close', 4001, 'done here'],
    ]);

    // The open packet taught the proxy this connection's sid.
    onRequest = (_req, res) => res.writeHead(400).end();
    await http('GET', '/socket.io/?EIO=4&transport=polling&sid=WS1');
    expect(lifecycle.at(-1)?.conn).toBe('c1');
  });

  test('negotiates the subprotocol the target picks', async () => {
    const picky = new WebSocketServer({
      noServer: true,
      handleProtocols: (offered) => (offered.has('b') ? 'b' : false),
    });
    onUpgrade = (req, socket, head) => picky.handleUpgrade(req, socket, head, (ws) => ws.close(1000));
    try {
      const client = new WebSocket(`${proxyUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, [
        'a',
        'b',
      ]);
      await new Promise((resolve) => client.once('open', resolve));
      expect(client.protocol).toBe('b');
      await new Promise((resolve) => client.once('close', resolve));
    } finally {
      onUpgrade = (req, socket, head) =>
        targetWss.handleUpgrade(req, socket, head, (ws) => targetWss.emit('connection', ws, req));
    }
  });

  test('passes a refused upgrade through with its status and body', async () => {
    const saved = onUpgrade;
    onUpgrade = (_req, socket) => {
      socket.end(
        'HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 33\r\n\r\n{"code":4,"message":"Forbidden"}\n',
      );
    };
    try {
      const client = new WebSocket(
        `${proxyUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket&sid=zz`,
      );
      client.on('error', () => undefined);
      const [status, body] = await new Promise<[number, string]>((resolve) =>
        client.once('unexpected-response', (req, res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => {
            resolve([res.statusCode ?? 0, text]);
            req.destroy();
          });
        }),
      );
      expect(status).toBe(403);
      expect(body).toBe('{"code":4,"message":"Forbidden"}\n');
      expect(lifecycle).toMatchObject([{ event: 'http-request', status: 403, transport: 'websocket' }]);
      expect(frames).toEqual([]);
    } finally {
      onUpgrade = saved;
    }
  });

  test('close() ends open WebSockets and pending long-polls', async () => {
    const own = await startRecordingProxy({
      target: targetUrl,
      onFrame: () => undefined,
      onLifecycle: () => undefined,
    });
    const arrived = deferred();
    onRequest = () => arrived.resolve(); // a long-poll that never answers
    const client = new WebSocket(`ws://127.0.0.1:${own.port}/socket.io/?EIO=4&transport=websocket`);
    await new Promise((resolve) => client.once('open', resolve));
    const clientClosed = new Promise((resolve) => client.once('close', resolve));
    const poll = http(
      'GET',
      '/socket.io/?EIO=4&transport=polling&sid=hang',
      undefined,
      {},
      undefined,
      own.port,
    ).catch((err: Error) => err);
    await arrived.promise;
    await own.close();
    await clientClosed;
    expect(await poll).toBeInstanceOf(Error);
  });
});

interface HttpResult {
  readonly status: number;
  readonly statusMessage: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

function http(
  method: string,
  path: string,
  body?: Buffer | string,
  headers: Record<string, string> = {},
  onFirstChunk?: () => void,
  port = proxy.port,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        if (chunks.length === 0) onFirstChunk?.();
        chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          statusMessage: res.statusMessage ?? '',
          headers: res.headers,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One string packet in an EIO3 binary payload: 0, the byte length one digit per byte, 0xff, the bytes. */
function v3BinaryStringPacket(packet: string): Buffer {
  const bytes = Buffer.from(packet);
  return Buffer.concat([Buffer.from([0, ...[...String(bytes.length)].map(Number), 0xff]), bytes]);
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Polls a condition on the event loop; these tests have no event to await for it. */
async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
