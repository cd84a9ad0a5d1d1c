// Servers configured the ways real deployments leave the defaults: socket.io 4 with
// socket.io-msgpack-parser, socket.io 3, and plain engine.io 6 and 3 (no Socket.IO at all). All on
// 127.0.0.1 random ports. The Socket.IO ones behave as servers.ts's (`welcome`, acked `echo`,
// `echo-binary` → `binary`, `ask-me` → `ask` with an ack → `answered`); the Engine.IO ones send
// `42 is the answer` on open and echo every message back.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { attach as attachEngineIo, type Socket as EngineSocket } from 'engine.io';
import { Server, type Socket } from 'socket.io';
import msgpackParser from 'socket.io-msgpack-parser';
import { Server as ServerV3 } from 'socket.io-v3';
import { ADMIN_TOKEN, behave, PING_INTERVAL, PING_TIMEOUT, type Behaviour, type TestServer } from './servers';

export interface DeploymentServer extends TestServer {
  /** What the server received, in order (Engine.IO servers: messages; Socket.IO: `echo` args). */
  readonly received: unknown[];
}

const heartbeat = { pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT };

/** socket.io 4 with `parser: socket.io-msgpack-parser`: every packet one binary msgpack message. */
export async function startMsgpackServer(): Promise<DeploymentServer> {
  const http = createServer();
  const io = new Server(http, { ...heartbeat, parser: msgpackParser });
  const received: unknown[] = [];
  const answers: unknown[] = [];
  io.on('connection', (socket) => behaveAndKeep(socket, answers, received));
  const url = await listen(http);
  return { url, answers, received, close: () => io.close() };
}

export interface RecoveryServer extends TestServer {
  /** Each CONNECT's auth as the server read it, in order. */
  readonly auths: unknown[];
  /** Per connection of a socket: whether it was recovered, and its pid-bearing id. */
  readonly connections: { readonly id: string; readonly recovered: boolean }[];
}

/**
 * socket.io 4.8 with connectionStateRecovery. `welcome` on a new session, `recovered` on a recovered one;
 * `drop-me` cuts the socket's WebSocket with no close frame (a network loss), and while the client is
 * away the server emits `missed` twice to it, which a recovering CONNECT gets replayed.
 */
export async function startRecoveryServer(): Promise<RecoveryServer> {
  const http = createServer();
  const io = new Server(http, {
    ...heartbeat,
    connectionStateRecovery: { maxDisconnectionDuration: 60_000 },
  });
  const auths: unknown[] = [];
  const connections: { id: string; recovered: boolean }[] = [];
  io.on('connection', (socket) => {
    auths.push(socket.handshake.auth);
    connections.push({ id: socket.id, recovered: socket.recovered });
    socket.emit(socket.recovered ? 'recovered' : 'welcome', socket.id);
    socket.on('drop-me', () => {
      socket.on('disconnect', () => {
        io.to(socket.id).emit('missed', 1);
        io.to(socket.id).emit('missed', 2);
      });
      (socket.conn.transport as unknown as { socket: { terminate(): void } }).socket.terminate();
    });
  });
  const url = await listen(http);
  return {
    url,
    answers: [],
    auths,
    connections,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}

/** socket.io 3.1 (Socket.IO v5 over Engine.IO v4, engine.io 4), `/admin` as servers.ts's. */
export async function startSocketIo3Server(behaviour: Behaviour = {}): Promise<DeploymentServer> {
  const http = createServer();
  const io = new ServerV3(http, heartbeat);
  const received: unknown[] = [];
  const answers: unknown[] = [];
  io.on('connection', (socket) => behaveAndKeep(socket, answers, received, behaviour));
  const admin = io.of('/admin');
  admin.use((socket, next) =>
    next(socket.handshake.auth.token === ADMIN_TOKEN ? undefined : new Error('unauthorized')),
  );
  admin.on('connection', (socket) => behaveAndKeep(socket, answers, received, behaviour));
  const url = await listen(http);
  return {
    url,
    answers,
    received,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}

/** engine.io 6 (Engine.IO v4), no Socket.IO layer, on its default path /engine.io/. */
export async function startEngineIo6Server(): Promise<DeploymentServer> {
  const http = createServer();
  const engine = attachEngineIo(http, heartbeat);
  const received: unknown[] = [];
  engine.on('connection', (socket: EngineSocket) => plainBehave(socket, received));
  const url = await listen(http);
  return plainServer(url, received, engine, http);
}

interface V3Engine {
  on(event: 'connection', listener: (socket: EngineSocket) => void): void;
  close(): void;
}

/** engine.io 3.6 (Engine.IO v3), no Socket.IO layer, on its default path /engine.io/. */
export async function startEngineIo3Server(): Promise<DeploymentServer> {
  const http = createServer();
  const engineV3 = createRequire(import.meta.url)('engine.io-v3') as {
    attach(http: HttpServer, options: object): V3Engine;
  };
  const engine = engineV3.attach(http, heartbeat);
  const received: unknown[] = [];
  engine.on('connection', (socket) => plainBehave(socket, received));
  const url = await listen(http);
  return plainServer(url, received, engine, http);
}

function plainServer(
  url: string,
  received: unknown[],
  engine: { close(): void },
  http: HttpServer,
): DeploymentServer {
  return {
    url,
    answers: [],
    received,
    close: async () => {
      engine.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function plainBehave(socket: EngineSocket, received: unknown[]): void {
  socket.send('42 is the answer');
  socket.on('message', (data: string | Buffer) => {
    received.push(typeof data === 'string' ? data : Uint8Array.from(data));
    socket.send(data);
  });
}

/** servers.ts's behaviour, and what `echo` brought kept in `received`. */
function behaveAndKeep(
  socket: Socket,
  answers: unknown[],
  received: unknown[],
  behaviour: Behaviour = {},
): void {
  behave(socket, answers, behaviour);
  socket.on('echo', (...args: unknown[]) => received.push(args.slice(0, -1)));
}

async function listen(http: HttpServer): Promise<string> {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}
