// Web pages that run the official socket.io browser client against a real server from the same origin,
// and what that server saw: every Engine.IO packet each of its sockets received and sent, per sid, in
// order, so a recording made in the browser can be held against the server's own account.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { isLifecycle, type PacketRecord, type SessionRecord } from '../../shared/record';
import type { TestServer } from './servers';

const ROOT = resolve(import.meta.dirname, '../..');
/** The browser builds of socket.io-client 4 and 2, as a page loads them. */
export const BROWSER_CLIENTS = {
  v4: resolve(ROOT, 'node_modules/socket.io-client/dist/socket.io.js'),
  v2: resolve(ROOT, 'node_modules/socket.io-client-v2/dist/socket.io.js'),
} as const;

export interface ServerSocketLog {
  readonly sid: string;
  /** Client to server: what the server's socket received (`packet`). */
  readonly out: string[];
  /** Server to client: what it sent (`packetCreate`). */
  readonly in: string[];
  closed: boolean;
}

export interface PageSite {
  /** `${base}/page/NAME` runs the scenario NAME. */
  readonly base: string;
  readonly sockets: ServerSocketLog[];
  /** Resolves once `count` messages carrying the event `done` reached the server. */
  waitForDone(count: number, timeoutMs?: number): Promise<void>;
}

/**
 * Serves on `server`'s own HTTP server: `/client.js` (the browser client of `client`) and one page per
 * scenario, whose script runs after the client loaded (`io` is its global). Logs every Engine.IO socket.
 */
export function servePages(
  server: TestServer,
  client: keyof typeof BROWSER_CLIENTS,
  scenarios: Readonly<Record<string, string>>,
): PageSite {
  const { http, engine } = server;
  if (http === undefined || engine === undefined) throw new Error('servePages needs a JS server');
  const clientJs = readFileSync(BROWSER_CLIENTS[client]);
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/socket.io/')) return; // Socket.IO answers those itself
    if (path === '/client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(clientJs);
      return;
    }
    const scenario = path.startsWith('/page/') ? scenarios[path.slice('/page/'.length)] : undefined;
    if (scenario === undefined) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(
        `<!doctype html><title>scenario</title><script src="/client.js"></script><script>${scenario}</script>`,
      );
  });
  const sockets: ServerSocketLog[] = [];
  const waiters = new Set<() => void>();
  // Ahead of Socket.IO's own listener, which sends its first packets at once.
  engine.prependListener('connection', (socket) => {
    // Sent with the open packet, before any listener could see it.
    const initial = (engine.initialPacket ?? []).map((data) => describe('message', data));
    const log: ServerSocketLog = { sid: socket.id, out: [], in: initial, closed: false };
    socket.on('close', () => (log.closed = true));
    sockets.push(log);
    socket.on('packet', (packet) => {
      log.out.push(describe(packet.type, packet.data));
      for (const waiter of waiters) waiter();
    });
    socket.on('packetCreate', (packet) => log.in.push(describe(packet.type, packet.data)));
  });
  const doneCount = (): number =>
    sockets.reduce(
      (n, s) => n + s.out.filter((p) => p.startsWith('message') && p.includes('"done"')).length,
      0,
    );
  return {
    base: server.url,
    sockets,
    waitForDone: (count, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${doneCount()} of ${count} "done" messages arrived: ${JSON.stringify(sockets)}`));
        }, timeoutMs);
        const check = (): void => {
          if (doneCount() < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
  };
}

/**
 * The recording holds, for every socket the server saw, one connection with the same sid and the same
 * Engine.IO packets both ways, and no record with an error. The handshake, the upgrade's probe and noop
 * packets are the transports' business and not in the server's log; at the end, either side may have
 * a few heartbeats the other did not see yet when the recording stopped.
 */
export function expectSameEnginePackets(
  records: readonly SessionRecord[],
  site: PageSite,
  sockets: readonly ServerSocketLog[] = site.sockets,
): void {
  expect(records.filter((r) => r.error !== undefined)).toEqual([]);
  const byConn = new Map<string, PacketRecord[]>();
  for (const record of records) {
    if (isLifecycle(record)) continue;
    const list = byConn.get(record.conn) ?? [];
    list.push(record);
    byConn.set(record.conn, list);
  }
  const bySid = new Map<string, PacketRecord[]>();
  for (const list of byConn.values()) {
    const open = list.find((r) => r.eio?.type === 'open');
    const sid = (open?.eio?.data as { sid?: string } | undefined)?.sid;
    if (sid !== undefined) bySid.set(sid, list);
  }
  expect([...bySid.keys()].sort()).toEqual(sockets.map((s) => s.sid).sort());
  for (const socket of sockets) {
    const list = bySid.get(socket.sid) ?? [];
    for (const dir of ['in', 'out'] as const) {
      const recorded = list
        .filter((r) => r.dir === dir && compared(r))
        .map((r) => describe(r.eio?.type ?? '', r.eio?.data));
      const seen = socket[dir];
      const common = Math.min(recorded.length, seen.length);
      expect(recorded.slice(0, common), `${socket.sid} ${dir}`).toEqual(seen.slice(0, common));
      const tail = [...recorded.slice(common), ...seen.slice(common)];
      expect(
        tail.filter((p) => !/^(ping|pong)( |$)/.test(p)),
        `${socket.sid} ${dir} beyond the common part`,
      ).toEqual([]);
    }
  }
}

function compared(record: PacketRecord): boolean {
  const type = record.eio?.type;
  if (type === undefined || type === 'open' || type === 'upgrade' || type === 'noop') return false;
  return !((type === 'ping' || type === 'pong') && record.eio?.data === 'probe');
}

/** A packet as one comparable line: type and data, binary as base64. */
function describe(type: string, data: unknown): string {
  if (data === undefined || data === null) return type;
  if (typeof data === 'string') return `${type} ${data}`;
  if (data instanceof Uint8Array) return `${type} b64:${Buffer.from(data).toString('base64')}`;
  if (data instanceof ArrayBuffer) return `${type} b64:${Buffer.from(data).toString('base64')}`;
  const binary = (data as { $binary?: unknown }).$binary;
  if (typeof binary === 'string') return `${type} b64:${binary}`;
  return `${type} ${JSON.stringify(data)}`;
}
