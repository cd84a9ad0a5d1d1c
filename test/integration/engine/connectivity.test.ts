// Getting there and losing it: unreachable ports, a server killed mid-stream, refused handshakes with
// their engine.io codes explained, the v4 → v3 retry, TLS verified by default with a per-connection
// opt-out, sticky-session cookies and user headers on every request, and raw frames valid or not.
import { createServer, type Server as NetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_WORDS } from '../../../electron/cli/cli-error';
import { describeUserError } from '../../../shared/user-error';
import {
  Observed,
  selfSignedServer,
  startChildServer,
  startNoWebSocketServer,
  startNotFoundServer,
  startStickyServer,
  startV3OnlyServer,
  unusedPort,
  type PlainServer,
} from '../../support/engine-support';

const open: Observed[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(open.map((o) => o.close()));
  await Promise.all(cleanups.map((c) => c()));
});

function observe(options: ConstructorParameters<typeof Observed>[0]): Observed {
  const o = new Observed(options);
  open.push(o);
  return o.start();
}

describe('unreachable and lost', () => {
  it.each(['polling', 'websocket'] as const)(
    'an unreachable port fails at once over %s, and says what to try',
    async (transport) => {
      const port = await unusedPort();
      const o = observe({ url: `http://127.0.0.1:${port}`, transports: [transport] });
      const closed = await o.event('closed');
      expect(closed.failure).toMatchObject({ kind: 'network', why: { cause: 'unreachable' } });
      expect(describeUserError(closed.failure!, CLI_WORDS)).toBe(
        `cannot connect to 127.0.0.1:${port}: connection refused (is the server running, and is the port right?)`,
      );
      expect(o.records.map((r) => ('event' in r ? r.event : 'packet'))).toEqual([
        'transport-error',
        'closed',
      ]);
    },
  );

  it('a server that never answers the handshake times out', async () => {
    // Accepts TCP connections and says nothing (it reads, so that it notices when we hang up).
    const silent: NetServer = createServer((socket) => socket.resume());
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    cleanups.push(() => new Promise((done) => silent.close(() => done())));
    const port = (silent.address() as { port: number }).port;
    const o = observe({ url: `http://127.0.0.1:${port}`, transports: ['polling'], connectTimeoutMs: 300 });
    const closed = await o.event('closed');
    expect(closed.failure).toMatchObject({
      kind: 'network',
      why: { cause: 'timeout' },
      message: expect.stringContaining('within 0.3 s'),
    });
  });

  it.each(['websocket', 'polling'] as const)(
    'a server killed mid-stream over %s is a lost connection',
    async (transport) => {
      const server = await startChildServer();
      cleanups.push(() => server.kill());
      const o = observe({ url: server.url, transports: [transport] });
      await o.atLeast(3, (r) => r.sio?.event === 'tick', 'ticks');
      await server.kill();
      const closed = await o.event('closed');
      expect(closed.failure).toMatchObject({ kind: 'network', why: { cause: 'lost' } });
      if (transport === 'websocket')
        expect(o.records).toContainEqual(expect.objectContaining({ event: 'ws-close', code: 1006 }));
      // Every tick that arrived before the kill is on record, in order.
      const ticks = o.packets((r) => r.sio?.event === 'tick').map((r) => r.sio?.args?.[0]);
      expect(ticks).toEqual(ticks.map((_, i) => i));
    },
  );
});

describe('refused handshakes and version detection', () => {
  let sio4: Awaited<ReturnType<typeof startStickyServer>>;
  let v3only: PlainServer;
  beforeAll(async () => {
    sio4 = await startStickyServer();
    v3only = await startV3OnlyServer();
    cleanups.push(
      () => sio4.close(),
      () => v3only.close(),
    );
  });

  it.each(['polling', 'websocket'] as const)(
    'EIO=3 to socket.io 4 without allowEIO3 over %s: engine.io error 5 explained',
    async (transport) => {
      const o = observe({ url: sio4.url, eio: 3, transports: [transport] });
      const closed = await o.event('closed');
      if (transport === 'polling') {
        expect(closed.failure).toMatchObject({
          kind: 'protocol',
          why: { cause: 'version', setting: 'eio', value: 4 },
        });
        expect(describeUserError(closed.failure!, CLI_WORDS)).toBe(
          'handshake refused: HTTP 400, Engine.IO error 5 "Unsupported protocol version" (the server does not speak Engine.IO v3; try --eio 4)',
        );
        expect(o.records[0]).toMatchObject({ event: 'http-request', status: 400 });
      } else {
        // engine.io ≥4 accepts the upgrade, then writes its HTTP 400 into the open websocket.
        expect(closed.failure?.message).toContain('invalid websocket frame');
        expect(closed.failure).toMatchObject({
          kind: 'protocol',
          why: { cause: 'version', setting: 'eio', value: 4 },
        });
        expect(describeUserError(closed.failure!, CLI_WORDS)).toContain('allowEIO3');
      }
    },
  );

  it.each(['polling', 'websocket'] as const)(
    'auto-detection retries with v3 when a server refuses v4 over %s, and records why',
    async (transport) => {
      const o = observe({ url: v3only.url, transports: [transport] });
      const version = await o.event('version');
      expect(version.eio).toBe(3);
      expect(version.reason).toContain('refused Engine.IO v4');
      expect((await o.event('open')).eio).toBe(3);
      await o.event('namespace', (e) => e.nsp === '/' && e.status === 'connected');
      // A note, not an error: auto-detection did its job.
      expect(o.records).toContainEqual(
        expect.objectContaining({ event: 'note', message: expect.stringContaining('retrying with v3') }),
      );
      expect(o.records.filter((r) => 'event' in r && r.event === 'transport-error')).toEqual([]);
      await o.close();
    },
  );

  it('a wrong path is a 404 with a hint about --path', async () => {
    const notFound = await startNotFoundServer();
    cleanups.push(() => notFound.close());
    const o = observe({ url: notFound.url, path: '/nope/', transports: ['polling'] });
    const closed = await o.event('closed');
    expect(describeUserError(closed.failure!, CLI_WORDS)).toMatch(
      /^nothing answers at \/nope\/ \(HTTP 404.*check --path/,
    );
  });
});

describe('upgrade', () => {
  it('a refused upgrade is recorded and the session stays on polling', async () => {
    const server = await startNoWebSocketServer();
    cleanups.push(() => server.close());
    const o = observe({ url: server.url });
    const upgrade = await o.event('upgrade');
    expect(upgrade).toMatchObject({ ok: false, reason: 'the server answered the upgrade with HTTP 403' });
    expect(o.records).toContainEqual(
      expect.objectContaining({
        event: 'transport-error',
        message: expect.stringContaining('staying on polling'),
      }),
    );
    await o.event('namespace', (e) => e.status === 'connected');
    expect(o.connection.transport).toBe('polling');
    expect(o.connection.state).toBe('open');
    await o.close();
  });
});

describe('TLS', () => {
  const server = selfSignedServer();

  it.runIf(server.runs).each(['polling', 'websocket'] as const)(
    'a self-signed certificate is refused by default over %s',
    async (transport) => {
      const o = observe({ url: server.url, transports: [transport] });
      const closed = await o.event('closed');
      expect(closed.failure).toMatchObject({ kind: 'network', why: { cause: 'tls' } });
      expect(describeUserError(closed.failure!, CLI_WORDS)).toContain(
        'the certificate is self-signed (use --insecure',
      );
    },
  );

  it.runIf(server.runs).each(['polling', 'websocket'] as const)(
    'and accepted with the per-connection opt-out over %s',
    async (transport) => {
      const o = observe({
        url: server.url.replace('https:', transport === 'websocket' ? 'wss:' : 'https:'),
        transports: [transport],
        insecure: true,
      });
      await o.event('namespace', (e) => e.status === 'connected');
      await o.close();
    },
  );

  it.runIf(server.runs)('upgrades polling to websocket over TLS with the opt-out', async () => {
    const o = observe({ url: server.url, insecure: true });
    expect(await o.event('upgrade')).toMatchObject({ ok: true });
    await o.close();
  });
});

describe('cookies, headers, query', () => {
  it('keeps handshake cookies on every request and the upgrade, and sends headers and query', async () => {
    const server = await startStickyServer();
    cleanups.push(() => server.close());
    const o = observe({
      url: `${server.url}/?from=url`,
      headers: { 'X-Trace': 'abc' },
      query: { k: 'v' },
    });
    expect(await o.event('upgrade')).toMatchObject({ ok: true });
    expect(server.cookies.length).toBeGreaterThanOrEqual(2);
    for (const cookie of server.cookies) expect(cookie).toContain('lb=node-1');
    expect(server.handshakes[0]).toMatchObject({
      headers: { 'x-trace': 'abc' },
      query: { k: 'v', from: 'url' },
    });
    await o.close();
  });
});

describe('raw frames', () => {
  let server: Awaited<ReturnType<typeof startStickyServer>>;
  beforeAll(async () => {
    server = await startStickyServer();
    cleanups.push(() => server.close());
  });

  it.each(['websocket', 'polling'] as const)(
    'a valid raw frame over %s is recorded and acted on like any',
    async (transport) => {
      const o = observe({ url: server.url, transports: [transport] });
      await o.event('namespace', (e) => e.status === 'connected');
      // A DISCONNECT typed by hand: the server lets the namespace go.
      expect(o.connection.sendRaw({ text: '41' })).toBe(true);
      const sent = await o.packet((r) => r.dir === 'out' && r.sio?.type === 'DISCONNECT', 'raw DISCONNECT');
      expect(sent.eio).toEqual({ type: 'message', data: '1' });
      await o.close();
    },
  );

  it('an invalid raw frame reaches the server as written, and the server hangs up', async () => {
    const o = observe({ url: server.url, transports: ['websocket'] });
    await o.event('namespace', (e) => e.status === 'connected');
    o.connection.sendRaw({ binary: Uint8Array.from([0xde, 0xad]) });
    o.connection.sendRaw({ text: '4{not socket.io' });
    const closed = await o.event('closed');
    expect(closed.reason).not.toBe('closed by the client');
    const wrong = o.packets((r) => r.dir === 'out' && r.error !== undefined);
    expect(wrong.map((r) => r.error?.code)).toEqual(['SIO_ATTACHMENT_UNEXPECTED', 'SIO_UNKNOWN_TYPE']);
  });
});
