// Test helpers for the web host: raw HTTP requests with headers fetch() will not let us set (Host),
// bridge sockets with a chosen Origin, and waiting for bridge events without sleeping.
import { request } from 'node:http';
import WebSocket from 'ws';
import type { BridgeEvent } from '../../shared/bridge/api';
import { createWebBridge, type WebBridge } from '../../shared/bridge/ws-client';
import { bridgeUrl } from '../../shared/bridge/wire';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export function get(
  port: number,
  path: string,
  headers: Readonly<Record<string, string>> = {},
  method = 'GET',
): Promise<RawResponse> {
  // An empty Host means none at all: Node would otherwise fill in its own.
  const { host = `127.0.0.1:${port}`, ...rest } = headers;
  const options = host === '' ? { setHost: false, headers: rest } : { headers: { ...rest, host } };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The HTTP status a bridge socket upgrade got: 101 when accepted. */
export function upgradeStatus(url: string, headers: Readonly<Record<string, string>>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

/** A bridge client as the page would make one: the socket URL from the page URL, our Origin. */
export function connectBridge(pageUrl: string): { bridge: WebBridge; events: BridgeEvent[] } {
  const url = bridgeUrl(pageUrl);
  if (url === undefined) throw new Error(`no token in ${pageUrl}`);
  const origin = new URL(pageUrl).origin;
  const socket = new WebSocket(url, { origin });
  const bridge = createWebBridge(socket);
  const events: BridgeEvent[] = [];
  bridge.onEvent((e) => events.push(e));
  return { bridge, events };
}

/** The first event (already seen or still to come) that matches. */
export function eventually(
  bridge: WebBridge,
  events: readonly BridgeEvent[],
  match: (e: BridgeEvent) => boolean,
): Promise<BridgeEvent> {
  const seen = events.find(match);
  if (seen !== undefined) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const stop = bridge.onEvent((e) => {
      if (!match(e)) return;
      stop();
      resolve(e);
    });
  });
}
