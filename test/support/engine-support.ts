// Support for the engine's integration tests: a connection that keeps what it saw and lets a test await
// the record or event it expects (no sleeps), and the few servers the shared support does not have:
// short heartbeats on socket.io 2, a v3-only server that checks EIO, TLS, and a server in a child
// process that can be killed mid-stream.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join, resolve } from 'node:path';
import { Server } from 'socket.io';
import createV2Server from 'socket.io-v2';
import { afterAll, beforeAll } from 'vitest';
import { isLifecycle, type PacketRecord, type SessionRecord } from '../../shared/record';
import { Connection, type ConnectionEvent } from '../../electron/engine/connection';
import type { ConnectOptions } from '../../electron/engine/options';
import { startClock } from '../../electron/engine/clock';
import { listeningPort, spawnProcess } from './cli-process';
import { tempDir } from './temp-dir';

const WAIT_MS = 5_000;

/** A live connection plus everything it reported, with awaitable expectations. */
export class Observed {
  readonly records: SessionRecord[] = [];
  readonly events: ConnectionEvent[] = [];
  readonly connection: Connection;
  private waiters: (() => void)[] = [];

  constructor(options: ConnectOptions) {
    this.connection = new Connection(
      options,
      {
        records: (batch) => {
          this.records.push(...batch);
          this.wake();
        },
        event: (event) => {
          this.events.push(event);
          this.wake();
        },
      },
      startClock(),
    );
  }

  start(): this {
    this.connection.start();
    return this;
  }

  /** The first event (seen or to come) that matches. */
  event<T extends ConnectionEvent['type']>(
    type: T,
    match: (event: Extract<ConnectionEvent, { type: T }>) => boolean = () => true,
    ms = WAIT_MS,
  ): Promise<Extract<ConnectionEvent, { type: T }>> {
    return this.until(
      () =>
        this.events.find(
          (e): e is Extract<ConnectionEvent, { type: T }> =>
            e.type === type && match(e as Extract<ConnectionEvent, { type: T }>),
        ),
      `event ${type}`,
      ms,
    );
  }

  /** The first packet record (seen or to come) that matches. */
  packet(match: (record: PacketRecord) => boolean, what: string, ms = WAIT_MS): Promise<PacketRecord> {
    return this.until(() => this.packets().find(match), what, ms);
  }

  /** Resolves once `count` packet records match. */
  packets(match: (record: PacketRecord) => boolean = () => true): PacketRecord[] {
    return this.records.filter((r): r is PacketRecord => !isLifecycle(r) && match(r));
  }

  async atLeast(
    count: number,
    match: (record: PacketRecord) => boolean,
    what: string,
    ms = WAIT_MS,
  ): Promise<PacketRecord[]> {
    return this.until(
      () => {
        const found = this.packets(match);
        return found.length >= count ? found : undefined;
      },
      `${count} × ${what}`,
      ms,
    );
  }

  async close(): Promise<void> {
    if (this.connection.state !== 'closed') await this.connection.close();
  }

  /** What `find` finds, once it finds it (among what was seen or is to come). */
  until<T>(find: () => T | undefined, what: string, ms = WAIT_MS): Promise<T> {
    return new Promise((resolvePromise, reject) => {
      const check = (): boolean => {
        const found = find();
        if (found === undefined) return false;
        clearTimeout(timer);
        resolvePromise(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const tail = this.records.slice(-8).map((r) => JSON.stringify(r).slice(0, 200));
        reject(new Error(`timed out waiting for ${what}; last records:\n${tail.join('\n')}`));
      }, ms);
      const waiter = (): void => {
        if (check()) this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      if (!check()) this.waiters.push(waiter);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

export function isEvent(record: PacketRecord, dir: 'in' | 'out', event: string): boolean {
  return record.dir === dir && record.sio?.event === event;
}

export interface HeartbeatServer {
  readonly url: string;
  /** Why the server let each client go (socket.io's disconnect reasons, e.g. "ping timeout"). */
  readonly disconnects: string[];
  close(): Promise<void>;
}

/** socket.io 4 or 2 with the given heartbeat and nothing else, telling why clients went away. */
export async function startHeartbeatServer(
  kind: 'socket.io 4' | 'socket.io 2',
  pingInterval: number,
  pingTimeout: number,
): Promise<HeartbeatServer> {
  const http = createHttpServer();
  const disconnects: string[] = [];
  const onSocket = (socket: { on(event: 'disconnect', listener: (reason: string) => void): void }): void =>
    socket.on('disconnect', (reason) => disconnects.push(reason));
  if (kind === 'socket.io 4') {
    const io = new Server(http, { allowEIO3: true, pingInterval, pingTimeout });
    io.on('connection', onSocket);
    return { url: await listen(http), disconnects, close: () => io.close() };
  }
  const io = createV2Server(http, { pingInterval, pingTimeout });
  io.on('connection', (socket) => onSocket(socket as unknown as Parameters<typeof onSocket>[0]));
  return { url: await listen(http), disconnects, close: () => new Promise<void>((done) => io.close(done)) };
}

export interface PlainServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A v3-only server that checks EIO, as strict v3 servers (python-engineio 3) do: socket.io 2 behind a
 * gate that refuses EIO=4 with the very answers engine.io ≥4 gives an unsupported version (docs/protocol.md
 * §1.2): HTTP 400 `{"code":5,...}` on polling, a plain-text 400 on a websocket upgrade.
 */
export async function startV3OnlyServer(): Promise<PlainServer> {
  const http = createHttpServer();
  const io = createV2Server(http);
  const asksV4 = (req: IncomingMessage): boolean =>
    new URL(req.url ?? '/', 'http://x').searchParams.get('EIO') === '4';
  const engineRequest = http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  http.removeAllListeners('request');
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!asksV4(req)) return engineRequest.forEach((listener) => listener.call(http, req, res));
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ code: 5, message: 'Unsupported protocol version' }));
  });
  const engineUpgrade = http.listeners('upgrade') as ((
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ) => void)[];
  http.removeAllListeners('upgrade');
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!asksV4(req)) return engineUpgrade.forEach((listener) => listener.call(http, req, socket, head));
    const body = 'Unsupported protocol version';
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
  });
  return { url: await listen(http), close: () => new Promise<void>((done) => io.close(done)) };
}

/**
 * socket.io 4 that offers the websocket upgrade in its handshake but refuses the upgrade request with
 * 403, as a proxy that does not pass websockets does.
 */
export async function startNoWebSocketServer(): Promise<PlainServer> {
  const http = createHttpServer();
  const io = new Server(http);
  http.removeAllListeners('upgrade');
  http.on('upgrade', (_req: IncomingMessage, socket: Duplex) =>
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 9\r\n\r\nForbidden'),
  );
  return { url: await listen(http), close: () => io.close() };
}

/** Answers 404 to everything, as a web server with nothing at the Engine.IO path does. */
export async function startNotFoundServer(): Promise<PlainServer> {
  const http = createHttpServer((_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not Found');
  });
  return { url: await listen(http), close: () => new Promise<void>((done) => http.close(() => done())) };
}

/** Sets Set-Cookie on the handshake and notes the Cookie header and query of every later request. */
export async function startStickyServer(): Promise<
  PlainServer & {
    readonly cookies: (string | undefined)[];
    readonly handshakes: { headers: unknown; query: unknown }[];
  }
> {
  const http = createHttpServer();
  const cookies: (string | undefined)[] = [];
  const handshakes: { headers: unknown; query: unknown }[] = [];
  const note = (req: { url?: string; headers: { cookie?: string } }): void => {
    if ((req.url ?? '').includes('sid=')) cookies.push(req.headers.cookie);
  };
  const io = new Server(http);
  // After socket.io attached: it takes over the request listeners that exist before it.
  http.prependListener('request', note);
  http.prependListener('upgrade', note);
  io.engine.on('initial_headers', (headers: Record<string, string[]>) => {
    headers['set-cookie'] = ['lb=node-1; Path=/; HttpOnly'];
  });
  io.on('connection', (socket) =>
    handshakes.push({ headers: socket.handshake.headers, query: socket.handshake.query }),
  );
  return { url: await listen(http), cookies, handshakes, close: () => io.close() };
}

export type TlsAvailability = { readonly key: string; readonly cert: string } | { readonly skip: string };

/** A fresh self-signed certificate for 127.0.0.1 from openssl, or why there is none. */
export function selfSignedCertificate(): TlsAvailability {
  const dir = tempDir('sio-tls');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const result = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  );
  if (result.error !== undefined) return { skip: `openssl cannot run: ${result.error.message}` };
  if (result.status !== 0) return { skip: `openssl failed: ${result.stderr.trim()}` };
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

/** socket.io 4 over HTTPS with the given certificate. */
export async function startTlsServer(tls: {
  readonly key: string;
  readonly cert: string;
}): Promise<PlainServer> {
  const https = createHttpsServer(tls);
  const io = new Server(https);
  await new Promise<void>((done) => https.listen(0, '127.0.0.1', done));
  return { url: `https://127.0.0.1:${(https.address() as AddressInfo).port}`, close: () => io.close() };
}

export interface SelfSignedServer {
  /** False where openssl cannot make a certificate (skipped with its reason, as requireOrSkip does). */
  readonly runs: boolean;
  /** The certificate (PEM), for a client told to trust it. */
  readonly cert: string;
  /** The server's https:// URL, once the suite has started it. */
  readonly url: string;
}

/**
 * socket.io 4 over HTTPS with a fresh self-signed certificate, for the describe block this is called
 * in: started before its tests, closed after them. Tests run it `.runIf(server.runs)`.
 */
export function selfSignedServer(): SelfSignedServer {
  const tls = selfSignedCertificate();
  const runs = requireOrSkip('skip' in tls ? tls.skip : undefined);
  let server: PlainServer | undefined;
  beforeAll(async () => {
    if (!('skip' in tls)) server = await startTlsServer(tls);
  });
  afterAll(async () => server?.close());
  return {
    runs,
    cert: 'skip' in tls ? '' : tls.cert,
    get url() {
      if (server === undefined) throw new Error('the TLS server runs only while its suite does');
      return server.url;
    },
  };
}

export interface ChildServer {
  readonly url: string;
  readonly child: ChildProcess;
  kill(): Promise<void>;
}

/** socket.io 4 in a child process that emits `tick` every 10 ms to each client, to kill mid-stream. */
export async function startChildServer(): Promise<ChildServer> {
  const code = `
    const { Server } = require('socket.io');
    const http = require('node:http').createServer();
    const io = new Server(http);
    io.on('connection', (s) => { let n = 0; const t = setInterval(() => s.emit('tick', n++), 10); s.on('disconnect', () => clearInterval(t)); });
    http.listen(0, '127.0.0.1', () => console.log('listening ' + http.address().port));
    process.stdin.on('end', () => process.exit(0)); process.stdin.resume();`;
  const server = spawnProcess(process.execPath, ['-e', code], {
    cwd: resolve(import.meta.dirname, '../..'),
    timeoutMs: Infinity,
  });
  const port = await listeningPort(server, 'the child server');
  return {
    url: `http://127.0.0.1:${port}`,
    child: server.child,
    async kill() {
      await server.stop('SIGKILL');
    },
  };
}

/** A port nothing listens on: bound, noted, and closed again. */
export async function unusedPort(): Promise<number> {
  const http = createHttpServer();
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const port = (http.address() as AddressInfo).port;
  await new Promise<void>((done) => http.close(() => done()));
  return port;
}

/** Skip locally with a loud reason; on CI a missing system package is a failure. */
export function requireOrSkip(reason: string | undefined): boolean {
  if (reason === undefined) return true;
  if (process.env['CI'] === 'true') throw new Error(`required on CI: ${reason}`);
  console.warn(`\n*** SKIPPED: ${reason} ***\n`);
  return false;
}

async function listen(http: HttpServer): Promise<string> {
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}
