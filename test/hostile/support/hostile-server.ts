// A malicious Engine.IO v4 server on 127.0.0.1: a real handshake, then whatever hostile thing the
// connection's `mode` query parameter asks for, between well-formed packets whose records must survive.
// Polling and WebSocket both; every body is streamed, so the server itself stays small.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { WebSocketServer } from 'ws';

export type HostileMode =
  /** A message nested 5,000 levels deep between two good ones. */
  | 'deep'
  /** A BINARY_EVENT announcing 10⁹ attachments, binary packets, then a good one. */
  | 'attachments'
  /** A polling response body that never ends. */
  | 'endless-body'
  /** A 600 MB gzip bomb as a polling response (0.6 MB on the wire). */
  | 'gzip-bomb'
  /** A WebSocket frame of 65 MiB. */
  | 'huge-frame'
  /** The WebSocket upgrade refused with a 400 whose body never ends. */
  | 'endless-refusal';

export interface HostileServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** The open packet, for the sid a client asks for with `as=` (so that concurrent clients differ). */
export const handshake = (sid = 'hostile'): string =>
  `0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`;
export const HANDSHAKE = handshake();
const SEP = '\x1e';
const DEEP = `42["deep",${'['.repeat(5000)}${']'.repeat(5000)}]`;

/** Polling bodies served in order, per mode; after them a GET is held open. */
function script(mode: HostileMode): (string | ((res: ServerResponse) => void))[] {
  const before = ['40{"sid":"n1"}', '42["before"]'].join(SEP);
  switch (mode) {
    case 'deep':
      return [before, [DEEP, '42["after"]'].join(SEP)];
    case 'attachments':
      return [
        before,
        ['451000000000-["f",{"_placeholder":true,"num":0}]', 'bAQID', 'bBAUG', '42["after"]'].join(SEP),
      ];
    case 'endless-body':
      return [before, endless];
    case 'gzip-bomb':
      return [before, bomb];
    case 'huge-frame':
    case 'endless-refusal':
      return [before];
  }
}

export async function startHostileServer(): Promise<HostileServer> {
  const served = new Map<string, number>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const mode = (query.get('mode') ?? 'deep') as HostileMode;
    if (req.method === 'POST') return drain(req, () => res.end('ok'));
    const sid = query.get('sid');
    if (sid === null) {
      const body = handshake(query.get('as') ?? undefined);
      res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' }).end(body);
      return;
    }
    const next = served.get(sid + mode) ?? 0;
    served.set(sid + mode, next + 1);
    const body = script(mode)[next];
    if (body === undefined) return; // held open: the client's poll waits, as for a quiet server
    if (typeof body === 'string')
      res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' }).end(body);
    else body(res);
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').searchParams.get('mode') === 'endless-refusal') {
      socket.on('error', () => socket.destroy());
      socket.write('HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\n\r\n');
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      const pump = (): void => {
        while (!socket.destroyed && socket.write(chunk));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      return pump();
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(HANDSHAKE);
      ws.send('40{"sid":"n1"}');
      ws.send('42["before"]');
      ws.on('error', () => ws.terminate());
      const mode = new URL(req.url ?? '/', 'http://x').searchParams.get('mode');
      if (mode === 'huge-frame') ws.send(`42["huge","${'x'.repeat(65 * 1024 * 1024)}"]`);
      else if (mode === 'deep') {
        ws.send(DEEP);
        ws.send('42["after"]');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** 1 MiB chunks for as long as the client reads them. */
function endless(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' });
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

let bombBody: Buffer | undefined;

/** 600 MiB of `a` gzipped: about 0.6 MB on the wire. Built once, a MiB at a time. */
export function gzipBomb(): Buffer {
  if (bombBody !== undefined) return bombBody;
  const mib = gzipSync(Buffer.alloc(1024 * 1024, 0x61), { level: 9 });
  // Concatenated gzip members are one valid gzip stream (RFC 1952 §2.2).
  bombBody = Buffer.concat(Array.from({ length: 600 }, () => mib));
  return bombBody;
}

function bomb(res: ServerResponse): void {
  res
    .writeHead(200, { 'content-type': 'text/plain; charset=UTF-8', 'content-encoding': 'gzip' })
    .end(gzipBomb());
}

function drain(req: IncomingMessage, done: () => void): void {
  req.on('data', () => undefined);
  req.on('end', done);
}
