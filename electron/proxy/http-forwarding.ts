// The proxy's HTTP leg: each client request goes to the target as is (method, path, query, raw headers
// with Host naming the target, body streamed through), and the answer comes back as is. Engine.IO
// long-polling requests are also reported: the POST body as an `out` frame, a 200 GET body as an `in`
// frame, and one http-request record each.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { DecodeError } from '../../shared/protocol/errors';
import { bodyCollector, bodyOf } from './proxy-packets';
import { withTargetHost } from './proxy-headers';
import type { ProxyContext } from './recording-proxy';

export function forwardRequest(ctx: ProxyContext, req: IncomingMessage, res: ServerResponse): void {
  const begun = performance.now();
  const url = req.url ?? '/';
  const engineIo = ctx.conns.requestOf(url);
  const conn = engineIo?.conn;
  const method = req.method ?? 'GET';
  let reported = false;
  // A browser's Origin and what the server allowed it, for the CORS check (shared/analysis/cors.ts).
  const origin = req.headers.origin;
  const reportRequest = (status: number | undefined, allowOrigin?: string): void => {
    if (conn === undefined || reported) return;
    reported = true;
    const ms = ctx.round(performance.now() - begun);
    ctx.emitLifecycle({
      conn,
      event: 'http-request',
      transport: 'polling',
      method,
      url,
      ...(status ? { status } : {}),
      ms,
      ...(origin !== undefined && { origin }),
      ...(origin !== undefined && allowOrigin !== undefined && { allowOrigin }),
    });
  };
  const reportError = (message: string, error?: DecodeError): void => {
    if (conn !== undefined)
      ctx.emitLifecycle({
        conn,
        event: 'transport-error',
        transport: 'polling',
        message,
        ...(error && { error }),
      });
  };

  const upstream = ctx.send({
    host: ctx.targetHost,
    port: ctx.target.port,
    method,
    path: url,
    // Raw headers keep case, order and repeated headers (cookies) exactly as the client sent them.
    headers: withTargetHost(req.rawHeaders, ctx.target.host),
    agent: ctx.agent,
  });

  // Only Engine.IO bodies are held (within MAX_PROXY_BODY_BYTES), for their frame; the rest stream by.
  const requestBody = conn !== undefined && method === 'POST' ? bodyCollector() : undefined;
  if (requestBody !== undefined) req.on('data', (chunk: Buffer) => requestBody.push(chunk));
  // Registered before pipe() so the frame is reported before the server can see the end of the body.
  req.on('end', () => {
    const body = requestBody === undefined ? undefined : bodyOf(requestBody, req.headers, reportError);
    if (conn !== undefined && body !== undefined) ctx.emitFrame(conn, 'out', 'polling', body);
  });
  req.pipe(upstream);

  upstream.on('response', (upRes) => {
    const status = upRes.statusCode ?? 502;
    res.writeHead(status, upRes.statusMessage, upRes.rawHeaders);
    const responseBody =
      engineIo !== undefined && method === 'GET' && status === 200 ? bodyCollector() : undefined;
    if (responseBody !== undefined) upRes.on('data', (chunk: Buffer) => responseBody.push(chunk));
    // Before pipe() ends the client response: the frame must be out before the client can react to it.
    upRes.on('end', () => {
      const body = responseBody === undefined ? undefined : bodyOf(responseBody, upRes.headers, reportError);
      if (engineIo !== undefined && body !== undefined) {
        // The handshake response names the sid every later request of this connection carries.
        if (!engineIo.hasSid) ctx.conns.learnFrom(engineIo.conn, body, engineIo.eio);
        ctx.emitFrame(engineIo.conn, 'in', 'polling', body);
      }
      reportRequest(status, upRes.headers['access-control-allow-origin']);
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
    reportError(`upstream ${method} ${url}: ${ctx.upstreamFailure(err)}`);
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
}
