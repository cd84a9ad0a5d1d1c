// The web host: the same renderer and the same handler table as the Electron app, served to a browser
// on 127.0.0.1 (docs/architecture.md, "Where Electron cannot run"). The page needs the token in its URL,
// assets the token or the asset cookie set by the page load that carried it (request-guard.ts: never
// the token itself), the bridge socket the token and our own Origin, and every request must name us in
// its Host header.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_BRIDGE_MESSAGE_BYTES } from '../../shared/limits';
import { BRIDGE_PATH } from '../../shared/bridge/wire';
import type { HandlerTable } from '../app/handler-table';
import { contentSecurityPolicy } from '../page/csp';
import { serveBridge } from './bridge-socket';
import { createGuard, type Guard } from './request-guard';
import { findStaticFile, readStaticFile } from '../page/static-files';

export interface WebHostOptions {
  readonly table: HandlerTable;
  /** The built renderer: dist/renderer. */
  readonly rendererDir: string;
  /** 0 or absent: a free port. */
  readonly port?: number;
  /** Fixed token (tests); absent: 32 random bytes. */
  readonly token?: string;
}

export interface WebHost {
  readonly port: number;
  readonly token: string;
  /** The page to open: `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string;
  close(): Promise<void>;
}

const FORBIDDEN = 'forbidden: open the URL sio-inspector printed (it carries the access token)\n';
const NOT_BUILT =
  '<!doctype html><meta charset="utf-8"><title>sio-inspector</title>' +
  '<p>The renderer is not built. Run <code>npm run build</code>, then reload.</p>\n';

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const server = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_BRIDGE_MESSAGE_BYTES });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: the host is for this machine's browser, never the network.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const guard = createGuard(port, options.token);
  const csp = contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });

  server.on('request', (request, response) => {
    void serveRequest(request, response, guard, options.rendererDir, csp).catch(() => {
      if (!response.headersSent) respond(response, 500, 'internal error\n', csp);
      else response.destroy();
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = upgradeRefusal(request, guard);
    if (refusal !== undefined) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveBridge(ws, options.table));
  });

  return {
    port,
    token: guard.token,
    url: `http://127.0.0.1:${port}/?token=${guard.token}`,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serveRequest(
  request: IncomingMessage,
  response: ServerResponse,
  guard: Guard,
  rendererDir: string,
  csp: string,
): Promise<void> {
  if (!guard.hostAllowed(request)) return respond(response, 403, 'forbidden: unknown Host\n', csp);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return respond(response, 405, 'method not allowed\n', csp);
  }
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const page = url.pathname === '/' || url.pathname === '/index.html';
  const withToken = guard.queryToken(url);
  // The page itself needs the token in its URL: that is what a user was given. Assets may use the cookie.
  if (!(withToken || (!page && guard.assetCookie(request)))) return respond(response, 403, FORBIDDEN, csp);
  if (withToken) response.setHeader('Set-Cookie', guard.setCookie());
  const file = await findStaticFile(rendererDir, url.pathname);
  if (file === undefined) {
    if (page) return respond(response, 200, NOT_BUILT, csp, 'text/html; charset=utf-8');
    return respond(response, 404, 'not found\n', csp);
  }
  securityHeaders(response, csp);
  response.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.size });
  if (request.method === 'HEAD') return void response.end();
  readStaticFile(file).pipe(response);
}

/** Why a bridge socket is refused, as an HTTP status line; undefined to accept. */
function upgradeRefusal(request: IncomingMessage, guard: Guard): string | undefined {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== BRIDGE_PATH) return '404 Not Found';
  if (!guard.hostAllowed(request) || !guard.originAllowed(request) || !guard.queryToken(url))
    return '403 Forbidden';
  return undefined;
}

function respond(
  response: ServerResponse,
  status: number,
  body: string,
  csp: string,
  type = 'text/plain; charset=utf-8',
): void {
  securityHeaders(response, csp);
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

function securityHeaders(response: ServerResponse, csp: string): void {
  response.setHeader('Content-Security-Policy', csp);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  // The token is in the page URL: never hand it to anything the page links to.
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Cache-Control', 'no-store');
}
