// Real Socket.IO servers on 127.0.0.1 random ports, all with the same behaviour, so one scenario can
// run against each: `welcome` on connect, `echo` acked with its args, `echo-binary` answered with a
// `binary` event carrying the same bytes, `ask-me` makes the server ask the client (`ask`, with an ack)
// and report the answer back as `answered`, and namespace `/admin` refuses connections without the
// token "secret". With `farewell`, a socket also emits `farewell` from its `disconnecting` handler, as
// real applications do: the server's EVENT then follows the client's DISCONNECT on the wire.
import { spawnSync } from 'node:child_process';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server, type Socket } from 'socket.io';
import createV2Server, { type V2ServerSocket } from 'socket.io-v2';
import { listeningPort, spawnProcess } from './cli-process';

export interface TestServer {
  readonly url: string;
  /** What the clients answered to `ask` (the JS servers; the Python one reports via `answered` only). */
  readonly answers: unknown[];
  /** The JS servers' HTTP server (to serve pages beside Socket.IO) and Engine.IO server (its sockets). */
  readonly http?: HttpServer;
  readonly engine?: EngineServer;
  close(): Promise<void>;
}

/** What engine.io 3 and 6 both offer: a `connection` event per Engine.IO socket (an EventEmitter). */
export interface EngineServer {
  prependListener(event: 'connection', listener: (socket: EngineSocket) => void): void;
  /** engine.io 3: the messages each socket sends with its open packet, before `connection` (socket.io 2's `0`). */
  readonly initialPacket?: readonly string[];
}
/** An Engine.IO socket: `packet` for each packet received, `packetCreate` for each sent, `close` once. */
export interface EngineSocket {
  readonly id: string;
  on(event: 'packet' | 'packetCreate', listener: (packet: { type: string; data?: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
}

/**
 * A short pingInterval, so two heartbeats take well under a second. pingTimeout only bounds how late a
 * pong may come and costs no time when pongs are prompt; at 200 ms, scenarios lost their connection
 * ("ping timeout") whenever the 2-core machine was busy, so it is generous.
 */
export const PING_INTERVAL = 300;
export const PING_TIMEOUT = 5000;
/** Room for the several-MB bodies the proxy tests push through. */
const MAX_BUFFER = 10_000_000;
export const ADMIN_TOKEN = 'secret';

export interface HeartbeatTimings {
  readonly pingInterval: number;
  readonly pingTimeout: number;
}
/**
 * For tests that move megabytes within one process: a 200 ms pingTimeout does not survive the event
 * loop stalls that JSON-encoding such payloads causes, and those tests are not about heartbeats.
 */
export const RELAXED_HEARTBEAT: HeartbeatTimings = { pingInterval: 25_000, pingTimeout: 20_000 };

export interface Behaviour {
  /** Emit `farewell` from the socket's `disconnecting` handler. */
  readonly farewell?: boolean;
}

/** socket.io 4 (Socket.IO v5 over Engine.IO v4), also accepting EIO3 clients (socket.io-client 2). */
export async function startSocketIo4Server(
  heartbeat: HeartbeatTimings = { pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT },
  behaviour: Behaviour = {},
): Promise<TestServer> {
  const http = createServer();
  const io = new Server(http, { allowEIO3: true, ...heartbeat, maxHttpBufferSize: MAX_BUFFER });
  const answers: unknown[] = [];
  io.on('connection', (socket) => behave(socket, answers, behaviour));
  // EIO3 clients send their namespace query (`0/admin?token=…`); socket.io 4 hands it over as `auth`.
  io.of('/admin').use((socket, next) =>
    next(socket.handshake.auth.token === ADMIN_TOKEN ? undefined : new Error('unauthorized')),
  );
  io.of('/admin').on('connection', (socket) => behave(socket, answers, behaviour));
  const url = await listen(http);
  return { url, answers, http, engine: io.engine as unknown as EngineServer, close: () => io.close() };
}

/** socket.io 2.5 (Socket.IO v4 over Engine.IO v3). */
export async function startSocketIo2Server(behaviour: Behaviour = {}): Promise<TestServer> {
  const http = createServer();
  const io = createV2Server(http, {
    pingInterval: PING_INTERVAL,
    pingTimeout: PING_TIMEOUT,
    maxHttpBufferSize: MAX_BUFFER,
  });
  const answers: unknown[] = [];
  io.on('connection', (socket) => behave(socket, answers, behaviour));
  // socket.io 2 merges the CONNECT packet's `?token=…` into the handshake query.
  io.of('/admin').use((socket, next) =>
    next(socket.handshake.query.token === ADMIN_TOKEN ? undefined : new Error('unauthorized')),
  );
  io.of('/admin').on('connection', (socket) => behave(socket, answers, behaviour));
  const url = await listen(http);
  return {
    url,
    answers,
    http,
    engine: (io as unknown as { eio: EngineServer }).eio,
    // io.close() also closes the HTTP server, and calls back once it has.
    close: () => new Promise<void>((resolve) => io.close(resolve)),
  };
}

const PYTHON = '/usr/bin/python3';
const PYTHON_SCRIPT = fileURLToPath(new URL('./python-server.py', import.meta.url));

/** Why the python-socketio server cannot run here, or undefined when it can. */
export function pythonUnavailableReason(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import socketio, aiohttp'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} cannot run: ${probe.error.message}`;
  if (probe.status !== 0) {
    return `${PYTHON} cannot import socketio + aiohttp (apt-get install python3-socketio python3-aiohttp): ${probe.stderr.trim()}`;
  }
  return undefined;
}

/** python-socketio 5.7 on aiohttp (Socket.IO v5 over Engine.IO v4 only), see python-server.py. */
export async function startPythonServer(behaviour: Behaviour = {}): Promise<TestServer> {
  const args = behaviour.farewell === true ? [PYTHON_SCRIPT, '--farewell'] : [PYTHON_SCRIPT];
  const server = spawnProcess(PYTHON, args, { timeoutMs: Infinity });
  const port = await listeningPort(server, 'python-server.py');
  return {
    url: `http://127.0.0.1:${port}`,
    answers: [],
    async close() {
      // Closing stdin is the script's signal to shut down cleanly; SIGTERM covers a wedged one.
      server.child.stdin.end();
      const timer = setTimeout(() => void server.stop('SIGTERM'), 2000);
      await server.exited;
      clearTimeout(timer);
    },
  };
}

type AnySocket = Socket | V2ServerSocket;

export function behave(socket: AnySocket, answers: unknown[], behaviour: Behaviour = {}): void {
  // Both server generations share this event API; the union only differs in typing detail.
  const s = socket as Socket;
  s.emit('welcome', { sid: s.id });
  if (behaviour.farewell === true) s.on('disconnecting', () => s.emit('farewell', 'bye'));
  s.on('echo', (...args: unknown[]) => {
    const ack = args.pop();
    if (typeof ack === 'function') ack(...args);
  });
  s.on('echo-binary', (data: Buffer) => s.emit('binary', data));
  s.on('ask-me', () => {
    s.emit('ask', 'what is the answer?', (answer: unknown) => {
      answers.push(answer);
      s.emit('answered', answer);
    });
  });
}

async function listen(http: HttpServer): Promise<string> {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

/**
 * A server a test built with options of its own (socket.io's allowRequest, cors, maxHttpBufferSize) on
 * a free loopback port; `close` ends open connections too, so no keep-alive holds it open.
 */
export async function listenLocally(
  http: HttpServer,
): Promise<{ readonly url: string; close(): Promise<void> }> {
  const url = await listen(http);
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
