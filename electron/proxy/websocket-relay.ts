// The proxy's WebSocket leg: a client's upgrade is first made to the target (same path, query, headers,
// offered subprotocols and permessage-deflate offer); only when the target accepts is the client's
// upgrade completed, with the target's chosen subprotocol, the compression it accepted and its extra
// response headers, and then every message is relayed both ways unchanged and reported as a frame. A
// refused upgrade goes back to the client as the target gave it.
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type PerMessageDeflateOptions, type RawData } from 'ws';
import { MAX_FRAME_BYTES } from '../../shared/limits';
import { decodeError, type DecodeError } from '../../shared/protocol/errors';
import { deflateParams, type DeflateParams } from '../../shared/protocol/ws-extensions';
import type { Direction, LifecycleRecord } from '../../shared/record';
import { forwardableUpgradeHeaders, forwardableUpgradeResponse, offeredProtocols } from './proxy-headers';
import type { ProxyContext } from './recording-proxy';

export function relayUpgrade(ctx: ProxyContext, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const begun = performance.now();
  const url = req.url ?? '/';
  const engineIo = ctx.conns.requestOf(url);
  const conn = engineIo?.conn;
  const report = (record: Omit<LifecycleRecord, 't' | 'conn'>): void => {
    if (conn !== undefined) ctx.emitLifecycle({ conn, transport: 'websocket', ...record });
  };
  const reportRequest = (status: number): void =>
    report({ event: 'http-request', method: 'GET', url, status, ms: ctx.round(performance.now() - begun) });

  const upstream = ctx.track(
    new WebSocket(`${ctx.secure ? 'wss' : 'ws'}://${ctx.target.host}${url}`, offeredProtocols(req.headers), {
      // Host names the target; over TLS the agent also takes from it the name it sends (SNI) and
      // checks the certificate against, so a client that calls the proxy "localhost" still verifies.
      headers: { ...forwardableUpgradeHeaders(req.headers), host: ctx.target.host },
      // The client's offer, as the client made it (ws writes the header from these options).
      perMessageDeflate: deflateOptions(deflateParams(req.headers['sec-websocket-extensions']), 'offer'),
      maxPayload: MAX_FRAME_BYTES,
      agent: ctx.agent,
    }),
  );
  let upstreamHeaders: string[] = [];
  let upgraded = false;
  let answered = false; // the client already has an HTTP answer from us
  ctx.pendingUpgrades.add(socket);
  socket.on('close', () => ctx.pendingUpgrades.delete(socket));
  socket.on('error', () => upstream.terminate());

  let accepted: string | undefined;
  upstream.on('upgrade', (res) => {
    upstreamHeaders = forwardableUpgradeResponse(res.rawHeaders);
    const extensions = res.headers['sec-websocket-extensions'];
    accepted = Array.isArray(extensions) ? extensions.join(', ') : extensions;
  });
  upstream.on('unexpected-response', (_upReq, upRes) => {
    // The server refused the upgrade (e.g. 400 for an unknown sid): hand its answer to the client as is.
    answered = true;
    reportRequest(upRes.statusCode ?? 502);
    // Nothing more will happen on this WebSocket object; do not hold on to it until close().
    upRes.on('end', () => ctx.sockets.delete(upstream));
    const lines = [`HTTP/1.1 ${upRes.statusCode ?? 502} ${upRes.statusMessage ?? ''}`];
    for (let i = 0; i + 1 < upRes.rawHeaders.length; i += 2) {
      lines.push(`${upRes.rawHeaders[i]}: ${upRes.rawHeaders[i + 1]}`);
    }
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    upRes.pipe(socket);
  });
  upstream.on('error', (err) => {
    if (upgraded || answered) return; // relay() reports errors of an open pair
    answered = true;
    report({ event: 'transport-error', message: `upstream websocket ${url}: ${ctx.upstreamFailure(err)}` });
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
    // The client is answered with what the target accepted: a server of its own for this one upgrade.
    const wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      handleProtocols: chosenProtocol,
      perMessageDeflate: deflateOptions(deflateParams(accepted), 'answer'),
      maxPayload: MAX_FRAME_BYTES,
    });
    wss.on('headers', onHeaders);
    wss.handleUpgrade(req, socket, head, (client) => {
      upgraded = true;
      ctx.pendingUpgrades.delete(socket);
      reportRequest(101);
      report({ event: 'ws-open', extensions: accepted ?? '' });
      relay(ctx, ctx.track(client), upstream, engineIo?.conn, engineIo?.eio ?? 4);
    });
    wss.off('headers', onHeaders);
    // handleUpgrade answered the client itself (a malformed handshake): nothing to relay.
    if (!upgraded) upstream.terminate();
  });
}

/**
 * ws options for one leg: as the upstream client, options that offer exactly the client's parameters
 * (ws names client_max_window_bits bare unless told false); as the client-facing server, options that
 * accept the client's offer with exactly the target's answer (client_max_window_bits only with a value).
 */
function deflateOptions(
  params: DeflateParams | undefined,
  leg: 'offer' | 'answer',
): PerMessageDeflateOptions | false {
  if (params === undefined) return false;
  const bits = params.clientMaxWindowBits;
  return {
    serverNoContextTakeover: params.serverNoContextTakeover,
    clientNoContextTakeover: params.clientNoContextTakeover,
    ...(params.serverMaxWindowBits !== undefined && { serverMaxWindowBits: params.serverMaxWindowBits }),
    ...(leg === 'answer'
      ? { clientMaxWindowBits: windowBitsOption(typeof bits === 'number' ? bits : false) }
      : bits !== true && { clientMaxWindowBits: windowBitsOption(bits) }),
  };
}

/** ws reads `clientMaxWindowBits: false` as "do not name it"; its type declarations only list numbers. */
function windowBitsOption(bits: number | false): number | undefined {
  return bits as number | undefined;
}

/** `handleProtocols` for the client-facing server: the subprotocol the target picked. */
function chosenProtocol(_offered: Set<string>, req: IncomingMessage): string | false {
  return upstreamProtocols.get(req) || false;
}

// The subprotocol the server picked, answered to the client by chosenProtocol.
const upstreamProtocols = new WeakMap<IncomingMessage, string>();

function relay(
  ctx: ProxyContext,
  client: WebSocket,
  upstream: WebSocket,
  conn: string | undefined,
  eio: 3 | 4,
): void {
  let closeReported = false;
  const forward = (from: WebSocket, to: WebSocket, dir: Direction): void => {
    from.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = toBuffer(data);
      if (conn !== undefined)
        ctx.emitFrame(conn, dir, 'websocket', isBinary ? new Uint8Array(bytes) : bytes.toString());
      if (to.readyState === WebSocket.OPEN) to.send(bytes, { binary: isBinary });
    });
    from.on('close', (code: number, reason: Buffer) => {
      // One ws-close per connection: the side that closed first says why.
      if (!closeReported && conn !== undefined) {
        closeReported = true;
        ctx.emitLifecycle({
          conn,
          event: 'ws-close',
          transport: 'websocket',
          code,
          reason: reason.toString(),
        });
      }
      closePeer(to, code, reason);
    });
    from.on('error', (err) => {
      const said = frameError(err, dir);
      if (conn !== undefined)
        ctx.emitLifecycle({ conn, event: 'transport-error', transport: 'websocket', ...said });
      // The other side learns why at once, not when the sender of the frame gets round to closing.
      if (said.error !== undefined) closePeer(to, 1009, Buffer.from('frame too large'));
    });
  };
  forward(client, upstream, 'out');
  forward(upstream, client, 'in');
  if (conn !== undefined && !ctx.conns.knows(conn)) {
    // A WebSocket-only session: its first frame from the server is the open packet.
    upstream.once('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) ctx.conns.learnFrom(conn, toBuffer(data).toString(), eio);
    });
  }
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

/** What a relay error record says; a frame past MAX_FRAME_BYTES is the proxy's doing, and says so. */
function frameError(err: Error, dir: Direction): { message: string; error?: DecodeError } {
  if ((err as NodeJS.ErrnoException).code !== 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
    return { message: err.message };
  const from = dir === 'in' ? 'the server' : 'the client';
  const limit = `${MAX_FRAME_BYTES / (1024 * 1024)} MiB`;
  const message = `${from} sent a WebSocket frame over the ${limit} limit; the proxy closed the connection (1009)`;
  return { message, error: decodeError('FRAME_TOO_LARGE', `the limit is ${limit}`) };
}
