// permessage-deflate as real deployments run it: a socket.io 4 server with perMessageDeflate on, seen
// from the server side (the offer in the upgrade request, the answer it sent). capture offers it by
// default as engine.io-client does in Node and records what was accepted; --no-deflate offers nothing;
// through the recording proxy the server sees exactly the official client's direct offer, and answers it
// the same way, with large compressed messages relayed intact both ways.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLifecycle, type SessionRecord } from '../../../shared/record';
import { startDecodingProxy } from '../../../electron/proxy/decoding-proxy';
import { buildCli, runCli } from '../../support/cli';
import { ndjson } from '../../support/ndjson';
import { behave, PING_INTERVAL, PING_TIMEOUT } from '../../support/servers';

interface Handshake {
  /** The upgrade request's Sec-WebSocket-Extensions. */
  readonly offered: string | undefined;
  /** The permessage-deflate parameters the server's ws accepted, none when it accepted nothing. */
  readonly accepted: Record<string, unknown> | undefined;
}

/** engine.io's websocket transport keeps the `ws` socket, which keeps what it negotiated. */
interface EngineWebSocket {
  readonly request: IncomingMessage;
  readonly transport: {
    readonly socket: { readonly _extensions: Record<string, { params?: Record<string, unknown> }> };
  };
}

let cli: string;
let io: Server;
let url: string;
const seen: Handshake[] = [];

beforeAll(async () => {
  const http = createServer();
  io = new Server(http, {
    pingInterval: PING_INTERVAL,
    pingTimeout: PING_TIMEOUT,
    perMessageDeflate: { threshold: 0 },
  });
  io.on('connection', (socket) => behave(socket, []));
  io.engine.on('connection', (conn: EngineWebSocket) => {
    seen.push({
      offered: conn.request.headers['sec-websocket-extensions'],
      accepted: conn.transport.socket._extensions['permessage-deflate']?.params,
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  cli = await buildCli();
});
afterAll(async () => {
  await io.close();
});

function wsOpen(records: readonly SessionRecord[]): SessionRecord | undefined {
  return records.find((r) => isLifecycle(r) && r.event === 'ws-open');
}

async function capture(...extra: string[]): Promise<{ records: SessionRecord[]; server: Handshake }> {
  const before = seen.length;
  const result = await runCli(cli, [
    'capture',
    url,
    '--transports',
    'websocket',
    '--emit',
    '["echo","x"]',
    '--ack',
    '--duration',
    '0.5',
    '--format',
    'ndjson',
    ...extra,
  ]);
  expect(result.code).toBe(0);
  expect(seen.length).toBe(before + 1);
  return { records: ndjson(result.stdout), server: seen[before] as Handshake };
}

/** The official client connects (websocket only), echoes a message larger than any threshold, and leaves. */
async function officialClient(target: string): Promise<Handshake> {
  const before = seen.length;
  const socket = ioClient(target, { transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    const big = 'é€😀 compress me '.repeat(500);
    const echoed = await new Promise<unknown[]>((resolve) =>
      socket.on('connect', () => socket.emit('echo', big, (...args: unknown[]) => resolve(args))),
    );
    expect(echoed).toEqual([big]);
  } finally {
    socket.close();
  }
  expect(seen.length).toBe(before + 1);
  return seen[before] as Handshake;
}

describe('permessage-deflate', () => {
  it('capture offers it by default and records what the server accepted', async () => {
    const { records, server } = await capture();
    expect(server.offered).toMatch(/^permessage-deflate/);
    expect(server.accepted).toBeDefined();
    expect(wsOpen(records)).toMatchObject({ extensions: expect.stringMatching(/^permessage-deflate/) });
    expect(records.filter((r) => r.error !== undefined)).toEqual([]);
  });

  it('capture --no-deflate offers nothing, and the record says none was negotiated', async () => {
    const { records, server } = await capture('--no-deflate');
    expect(server).toEqual({ offered: undefined, accepted: undefined });
    expect(wsOpen(records)).toMatchObject({ extensions: '' });
  });

  it('through the proxy the server sees the same offer and gives the same answer as directly', async () => {
    const direct = await officialClient(url);
    expect(direct.offered).toMatch(/^permessage-deflate/);
    const records: SessionRecord[] = [];
    const proxy = await startDecodingProxy({
      target: url,
      listenPort: 0,
      onRecords: (b) => records.push(...b),
    });
    let proxied: Handshake;
    try {
      proxied = await officialClient(`http://127.0.0.1:${proxy.port}`);
    } finally {
      await proxy.close();
    }
    expect(proxied).toEqual(direct);
    expect(wsOpen(records)).toMatchObject({ extensions: expect.stringMatching(/^permessage-deflate/) });
    expect(records.filter((r) => r.error !== undefined)).toEqual([]);
  });
});
