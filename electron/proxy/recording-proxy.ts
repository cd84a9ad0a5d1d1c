// A recording reverse proxy for Engine.IO (DESIGN.md, job 6): forwards HTTP long-polling and WebSocket
// traffic unchanged between a real client and a real server, and reports every wire frame as a frame
// line (DESIGN.md, "Frame lines") plus lifecycle records, grouped into connections by Engine.IO sid.
// Clients speak plain HTTP to the proxy; the leg to an https:// target is TLS, verified unless `insecure`.
import { parseJson } from '../../shared/bounded-json';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as tlsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Direction, LifecycleRecord, Transport } from '../../shared/record';
import { createAgent } from '../engine/agents';
import { describeFailure, explainNetworkError, type Failure } from '../engine/failure';

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

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const target = new URL(options.target);
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:')
    throw new Error(`proxy target must be http://host:port or https://host:port, got ${options.target}`);
  const send = secure ? tlsRequest : request;
  // URL keeps the brackets of an IPv6 literal; http.request wants the bare address.
  const targetHost = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const started = performance.now();
  const now = (): number => round(performance.now() - started);
  const conns = new ConnectionTable();
  // Our own agent, so close() can drop the kept-alive upstream sockets instead of leaking them; shared by
  // every client, so no limit on sockets (a long-poll per client would otherwise queue the others).
  const agent = createAgent(secure, options.insecure === true, Infinity);
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: chosenProtocol,
  });
  // Everything close() must tear down that the HTTP server does not track itself.
  const sockets = new Set<WebSocket>();
  const pendingUpgrades = new Set<Duplex>();

  const emitFrame = (conn: string, dir: Direction, transport: Transport, body: Uint8Array | string): void => {
    const t = now();
    if (typeof body === 'string') options.onFrame({ t, conn, dir, transport, text: body });
    else options.onFrame({ t, conn, dir, transport, binary: body });
  };
  const emitLifecycle = (record: Omit<LifecycleRecord, 't'>): void =>
    options.onLifecycle({ t: now(), ...record });
  /** What went wrong on the way to the target, in the engine's words, also told to onUpstreamFailure. */
  const upstreamFailure = (error: unknown): string => {
    const failure = explainNetworkError(error, target.host);
    options.onUpstreamFailure?.(failure);
    return describeFailure(failure);
  };

  const server = createServer((req, res) => {
    const begun = performance.now();
    const url = req.url ?? '/';
    const query = queryOf(url);
    // Every Engine.IO request carries EIO (protocol.md §1.2); anything else is forwarded unrecorded.
    const conn = query.has('EIO') ? conns.connFor(query.get('sid')) : undefined;
    const method = req.method ?? 'GET';
    let reported = false;
    const reportRequest = (status: number | undefined): void => {
      if (conn === undefined || reported) return;
      reported = true;
      const ms = round(performance.now() - begun);
      emitLifecycle({
        conn,
        event: 'http-request',
        transport: 'polling',
        method,
        url,
        ...(status ? { status } : {}),
        ms,
      });
    };
    const reportError = (message: string): void => {
      if (conn !== undefined)
        emitLifecycle({ conn, event: 'transport-error', transport: 'polling', message });
    };

    const upstream = send({
      host: targetHost,
      port: target.port,
      method,
      path: url,
      // Raw headers keep case, order and repeated headers (cookies) exactly as the client sent them.
      headers: withTargetHost(req.rawHeaders, target.host),
      agent,
    });

    const requestBody = new BodyCollector();
    req.on('data', (chunk: Buffer) => requestBody.push(chunk));
    // Registered before pipe() so the frame is reported before the server can see the end of the body.
    req.on('end', () => {
      if (conn !== undefined && method === 'POST') {
        emitFrame(conn, 'out', 'polling', bodyOf(requestBody, req.headers, reportError));
      }
    });
    req.pipe(upstream);

    upstream.on('response', (upRes) => {
      const status = upRes.statusCode ?? 502;
      res.writeHead(status, upRes.statusMessage, upRes.rawHeaders);
      const responseBody = new BodyCollector();
      upRes.on('data', (chunk: Buffer) => responseBody.push(chunk));
      // Before pipe() ends the client response: the frame must be out before the client can react to it.
      upRes.on('end', () => {
        if (conn !== undefined && method === 'GET' && status === 200) {
          const body = bodyOf(responseBody, upRes.headers, reportError);
          // The handshake response names the sid every later request of this connection carries.
          if (!query.has('sid')) conns.learn(conn, openPacketSid(body));
          emitFrame(conn, 'in', 'polling', body);
        }
        reportRequest(status);
      });
      upRes.on('close', () => {
        if (upRes.complete) return;
        reportError(`upstream cut the response to ${method} ${url} short`);
        res.destroy();
      });
      upRes.pipe(res);
    });

    let clientGone = false;
    upstream.on('error', (err) => {
      if (clientGone) return; // we destroyed it ourselves, below
      reportError(`upstream ${method} ${url}: ${upstreamFailure(err)}`);
      if (res.headersSent) {
        res.destroy();
        reportRequest(undefined);
      } else {
        res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway');
        reportRequest(502);
      }
    });
    // The client went away (a long-poll cut short by close or upgrade): stop waiting on the server too.
    res.on('close', () => {
      if (res.writableFinished) return;
      clientGone = true;
      upstream.destroy();
      reportRequest(undefined);
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const begun = performance.now();
    const url = req.url ?? '/';
    const query = queryOf(url);
    const conn = query.has('EIO') ? conns.connFor(query.get('sid')) : undefined;
    const report = (record: Omit<LifecycleRecord, 't' | 'conn'>): void => {
      if (conn !== undefined) emitLifecycle({ conn, transport: 'websocket', ...record });
    };
    const reportRequest = (status: number): void =>
      report({ event: 'http-request', method: 'GET', url, status, ms: round(performance.now() - begun) });

    const protocols = (req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const upstream = track(
      new WebSocket(`${secure ? 'wss' : 'ws'}://${target.host}${url}`, protocols, {
        // Host names the target; over TLS the agent also takes from it the name it sends (SNI) and
        // checks the certificate against, so a client that calls the proxy "localhost" still verifies.
        headers: { ...forwardableUpgradeHeaders(req.headers), host: target.host },
        perMessageDeflate: false,
        agent,
      }),
    );
    let upstreamHeaders: string[] = [];
    let upgraded = false;
    let answered = false; // the client already has an HTTP answer from us
    pendingUpgrades.add(socket);
    socket.on('close', () => pendingUpgrades.delete(socket));
    socket.on('error', () => upstream.terminate());

    upstream.on('upgrade', (res) => {
      upstreamHeaders = forwardableUpgradeResponse(res.rawHeaders);
    });
    upstream.on('unexpected-response', (_upReq, upRes) => {
      // The server refused the upgrade (e.g. 400 for an unknown sid): hand its answer to the client as is.
      answered = true;
      reportRequest(upRes.statusCode ?? 502);
      // Nothing more will happen on this WebSocket object; do not hold on to it until close().
      upRes.on('end', () => sockets.delete(upstream));
      const head = [`HTTP/1.1 ${upRes.statusCode ?? 502} ${upRes.statusMessage ?? ''}`];
      for (let i = 0; i + 1 < upRes.rawHeaders.length; i += 2) {
        head.push(`${upRes.rawHeaders[i]}: ${upRes.rawHeaders[i + 1]}`);
      }
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      upRes.pipe(socket);
    });
    upstream.on('error', (err) => {
      if (upgraded || answered) return; // relay() reports errors of an open pair
      answered = true;
      report({ event: 'transport-error', message: `upstream websocket ${url}: ${upstreamFailure(err)}` });
      if (socket.writable) {
        socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }
      reportRequest(502);
    });

    upstream.on('open', () => {
      upstreamProtocols.set(req, upstream.protocol);
      const onHeaders = (headers: string[], headersReq: IncomingMessage): void => {
        if (headersReq === req) headers.push(...upstreamHeaders);
      };
      wss.on('headers', onHeaders);
      wss.handleUpgrade(req, socket, head, (client) => {
        upgraded = true;
        pendingUpgrades.delete(socket);
        reportRequest(101);
        report({ event: 'ws-open' });
        relay(track(client), upstream, conn);
      });
      wss.off('headers', onHeaders);
      // handleUpgrade answered the client itself (a malformed handshake): nothing to relay.
      if (!upgraded) upstream.terminate();
    });
  });

  function track(ws: WebSocket): WebSocket {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    return ws;
  }

  function relay(client: WebSocket, upstream: WebSocket, conn: string | undefined): void {
    let closeReported = false;
    const forward = (from: WebSocket, to: WebSocket, dir: Direction): void => {
      from.on('message', (data: RawData, isBinary: boolean) => {
        const bytes = toBuffer(data);
        if (conn !== undefined)
          emitFrame(conn, dir, 'websocket', isBinary ? new Uint8Array(bytes) : bytes.toString());
        if (to.readyState === WebSocket.OPEN) to.send(bytes, { binary: isBinary });
      });
      from.on('close', (code: number, reason: Buffer) => {
        // One ws-close per connection: the side that closed first says why.
        if (!closeReported && conn !== undefined) {
          closeReported = true;
          emitLifecycle({ conn, event: 'ws-close', transport: 'websocket', code, reason: reason.toString() });
        }
        closePeer(to, code, reason);
      });
      from.on('error', (err) => {
        if (conn !== undefined) {
          emitLifecycle({ conn, event: 'transport-error', transport: 'websocket', message: err.message });
        }
      });
    };
    forward(client, upstream, 'out');
    forward(upstream, client, 'in');
    if (conn !== undefined && !conns.knows(conn)) {
      // A WebSocket-only session: its first frame from the server is the open packet.
      upstream.once('message', (data: RawData, isBinary: boolean) => {
        if (!isBinary) conns.learn(conn, openPacketSid(toBuffer(data).toString()));
      });
    }
  }

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
      for (const ws of sockets) ws.terminate();
      for (const socket of pendingUpgrades) socket.destroy();
      server.closeAllConnections();
      agent.destroy();
      wss.close();
      await closed;
    },
  };
}

/** Maps Engine.IO sids to connection ids `c1`, `c2`, … in the order the handshakes arrive. */
class ConnectionTable {
  private next = 1;
  private readonly bySid = new Map<string, string>();
  private readonly learned = new Set<string>();

  /**
   * A request without sid is a handshake and starts a connection; so does a sid we never saw (the
   * proxy started mid-session, or the client made it up).
   */
  connFor(sid: string | null): string {
    const known = sid === null ? undefined : this.bySid.get(sid);
    if (known !== undefined) return known;
    const conn = `c${this.next++}`;
    if (sid !== null) this.learn(conn, sid);
    return conn;
  }

  learn(conn: string, sid: string | undefined): void {
    if (sid === undefined) return;
    this.bySid.set(sid, conn);
    this.learned.add(conn);
  }

  knows(conn: string): boolean {
    return this.learned.has(conn);
  }
}

/** Collects a body while it streams through, so recording never holds up forwarding. */
class BodyCollector {
  private readonly chunks: Buffer[] = [];
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * The frame as Engine.IO sees it: decompressed (engine.io and python-engineio gzip polling bodies over
 * 1 KiB when the client accepts it), binary for XHR2 payloads (EIO3, application/octet-stream), else text.
 */
function bodyOf(
  collector: BodyCollector,
  headers: IncomingHttpHeaders,
  reportError: (message: string) => void,
): Uint8Array | string {
  let bytes = collector.bytes();
  try {
    bytes = decompress(bytes, headers['content-encoding']);
  } catch (err) {
    // Keep what was on the wire rather than lose the frame.
    reportError(`cannot decode ${headers['content-encoding']} body: ${(err as Error).message}`);
    return new Uint8Array(bytes);
  }
  const binary = (headers['content-type'] ?? '').toLowerCase().startsWith('application/octet-stream');
  return binary ? new Uint8Array(bytes) : bytes.toString();
}

function decompress(bytes: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(bytes);
    case 'deflate':
      return inflateSync(bytes);
    case 'br':
      return brotliDecompressSync(bytes);
    default:
      return bytes;
  }
}

/** The sid in the open packet that starts a handshake response (a polling body or the first WS frame). */
function openPacketSid(body: Uint8Array | string): string | undefined {
  const packet = typeof body === 'string' ? firstTextPacket(body) : firstBinaryPacket(body);
  if (packet?.[0] !== '0') return undefined;
  const parsed = parseJson(packet.slice(1));
  const sid = 'value' in parsed ? (parsed.value as { sid?: unknown } | null)?.sid : undefined;
  return typeof sid === 'string' ? sid : undefined;
}

/** v3 `<length>:<packet>…` or v4 `<packet>\x1e…` (protocol.md §1.7); a WS frame is a v4-like single packet. */
function firstTextPacket(text: string): string | undefined {
  const v3 = /^(\d+):/.exec(text);
  if (v3?.[1] !== undefined) return text.slice(v3[0].length, v3[0].length + Number(v3[1]));
  return text.split('\x1e')[0];
}

/** v3 binary payload: `<0 = string><length, one byte per decimal digit><0xff><packet>` (protocol.md §1.7). */
function firstBinaryPacket(bytes: Uint8Array): string | undefined {
  if (bytes[0] !== 0) return undefined;
  let length = 0;
  let i = 1;
  for (; i < bytes.length && bytes[i] !== 0xff; i++) length = length * 10 + (bytes[i] ?? 0);
  return Buffer.from(bytes.subarray(i + 1, i + 1 + length)).toString();
}

/** The client's headers with Host naming the target, not the proxy: virtual hosts route by it. */
function withTargetHost(rawHeaders: readonly string[], host: string): string[] {
  const headers = [...rawHeaders];
  for (let i = 0; i + 1 < headers.length; i += 2)
    if (headers[i]?.toLowerCase() === 'host') headers[i + 1] = host;
  return headers;
}

// The WebSocket handshake headers are negotiated separately on each leg; everything else (cookies,
// authorization, origin, custom headers) goes through.
const UPGRADE_REQUEST_HEADERS = new Set([
  'connection',
  'upgrade',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
]);
const UPGRADE_RESPONSE_HEADERS = new Set([
  'connection',
  'upgrade',
  'sec-websocket-accept',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
]);

function forwardableUpgradeHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !UPGRADE_REQUEST_HEADERS.has(name)) out[name] = value;
  }
  return out;
}

function forwardableUpgradeResponse(rawHeaders: string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (!UPGRADE_RESPONSE_HEADERS.has(name.toLowerCase())) lines.push(`${name}: ${rawHeaders[i + 1] ?? ''}`);
  }
  return lines;
}

// The subprotocol the server picked, answered to the client by handleProtocols.
const upstreamProtocols = new WeakMap<IncomingMessage, string>();
function chosenProtocol(_offered: Set<string>, req: IncomingMessage): string | false {
  return upstreamProtocols.get(req) || false;
}

/** Close codes 1005 and 1006 only ever describe a close; they cannot be sent (RFC 6455 §7.4.1). */
function closePeer(peer: WebSocket, code: number, reason: Buffer): void {
  if (peer.readyState === WebSocket.CLOSED || peer.readyState === WebSocket.CLOSING) return;
  if (code === 1006) peer.terminate();
  else if (code === 1005 || !isSendableCloseCode(code)) peer.close();
  else peer.close(code, reason);
}

function isSendableCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  );
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function queryOf(url: string): URLSearchParams {
  try {
    return new URL(url, 'http://proxy.invalid').searchParams;
  } catch {
    return new URLSearchParams(); // a request target URL cannot parse is forwarded, not recorded
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
