// A recording reverse proxy for Engine.IO (docs/architecture.md, job 6): forwards HTTP long-polling and WebSocket
// traffic unchanged between a real client and a real server, and reports every wire frame as a frame
// line (README.md, "Frame lines") plus lifecycle records, grouped into connections by Engine.IO sid.
// Clients speak plain HTTP to the proxy; the leg to an https:// target is TLS, verified unless `insecure`.
// This file listens and closes; the legs are http-forwarding.ts and websocket-relay.ts, what crosses them
// proxy-headers.ts, and what is read from the traffic proxy-packets.ts.
import { createServer, request, type Agent, type IncomingMessage } from 'node:http';
import { request as tlsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Direction, LifecycleRecord, Transport } from '../../shared/record';
import { createAgent } from '../engine/agents';
import { explainNetworkError, type Failure } from '../engine/failure';
import { describeUserError } from '../../shared/user-error';
import { forwardRequest } from './http-forwarding';
import { ConnectionTable } from './proxy-packets';
import { relayUpgrade } from './websocket-relay';

interface ProxyFrameBase {
  /** ms since the proxy started. */
  readonly t: number;
  readonly conn: string;
  readonly dir: Direction;
  readonly transport: Transport;
}
export interface ProxyTextFrame extends ProxyFrameBase {
  readonly text: string;
}
export interface ProxyBinaryFrame extends ProxyFrameBase {
  readonly binary: Uint8Array;
}
/** One wire frame: a polling request or response body, or one WebSocket message. */
export type ProxyFrame = ProxyTextFrame | ProxyBinaryFrame;

export interface RecordingProxyOptions {
  /** The real server, `http://host:port` or `https://host:port`; requests keep their path and query. */
  readonly target: string;
  /** Skip TLS certificate verification of an https:// target, for this proxy only. Default false. */
  readonly insecure?: boolean;
  /** 0 or absent: a random free port. */
  readonly listenPort?: number;
  /** Default 127.0.0.1: the proxy is a debugging tool, not something to expose. */
  readonly host?: string;
  readonly onFrame: (frame: ProxyFrame) => void;
  readonly onLifecycle: (record: LifecycleRecord) => void;
  /**
   * A request or an upgrade to the target failed below HTTP (refused, unresolvable, its TLS certificate
   * rejected, reset), whether or not it belongs to a connection; also recorded as a transport-error.
   */
  readonly onUpstreamFailure?: (failure: Failure) => void;
}

export interface RecordingProxy {
  readonly port: number;
  close(): Promise<void>;
}

/** What the two legs share: the target, the connection table, and how to report. */
export interface ProxyContext {
  readonly target: URL;
  /** URL keeps the brackets of an IPv6 literal; http.request wants the bare address. */
  readonly targetHost: string;
  readonly secure: boolean;
  readonly send: typeof request;
  readonly agent: Agent;
  readonly conns: ConnectionTable;
  /** Everything close() must tear down that the HTTP server does not track itself. */
  readonly sockets: Set<WebSocket>;
  readonly pendingUpgrades: Set<Duplex>;
  emitFrame(conn: string, dir: Direction, transport: Transport, body: Uint8Array | string): void;
  emitLifecycle(record: Omit<LifecycleRecord, 't'>): void;
  /** What went wrong on the way to the target, in the engine's words, also told to onUpstreamFailure. */
  upstreamFailure(error: unknown): string;
  /** Keeps a WebSocket for close() until it closes. */
  track(ws: WebSocket): WebSocket;
  round(ms: number): number;
}

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const target = new URL(options.target);
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:')
    throw new Error(`proxy target must be http://host:port or https://host:port, got ${options.target}`);
  const started = performance.now();
  const now = (): number => round(performance.now() - started);
  const sockets = new Set<WebSocket>();
  const ctx: ProxyContext = {
    target,
    targetHost: target.hostname.replace(/^\[(.*)\]$/, '$1'),
    secure,
    send: secure ? tlsRequest : request,
    // Our own agent, so close() can drop the kept-alive upstream sockets instead of leaking them; shared
    // by every client, so no limit on sockets (a long-poll per client would otherwise queue the others).
    agent: createAgent(secure, options.insecure === true, Infinity),
    conns: new ConnectionTable(),
    sockets,
    pendingUpgrades: new Set<Duplex>(),
    emitFrame: (conn, dir, transport, body) => {
      const t = now();
      if (typeof body === 'string') options.onFrame({ t, conn, dir, transport, text: body });
      else options.onFrame({ t, conn, dir, transport, binary: body });
    },
    emitLifecycle: (record) => options.onLifecycle({ t: now(), ...record }),
    upstreamFailure: (error) => {
      const failure = explainNetworkError(error, target.host);
      options.onUpstreamFailure?.(failure);
      return describeUserError(failure);
    },
    track: (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      return ws;
    },
    round,
  };

  const server = createServer((req, res) => forwardRequest(ctx, req, res));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    relayUpgrade(ctx, req, socket, head),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    async close(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const ws of ctx.sockets) ws.terminate();
      for (const socket of ctx.pendingUpgrades) socket.destroy();
      server.closeAllConnections();
      ctx.agent.destroy();
      await closed;
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
