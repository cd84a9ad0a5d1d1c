// The recording proxy against real servers: traffic goes through unchanged (the official clients keep
// working, byte-exact, with multi-MB bodies), several clients at once are told apart by sid, every
// request is reported with its status, EIO3 XHR2 binary payloads stay binary, and an https:// target
// is reached over TLS, verified unless the proxy is told otherwise.
import { request } from 'node:http';
import { Manager, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeFrames } from '../../shared/protocol/session-decoder';
import { isLifecycle, type PacketRecord, type SessionRecord } from '../../shared/record';
import { startDecodingProxy, type DecodingProxy } from '../../electron/proxy/decoding-proxy';
import type { ProxyFrame } from '../../electron/proxy/recording-proxy';
import type { Failure } from '../../electron/engine/failure';
import { describeUserError } from '../../shared/user-error';
import { CLI_WORDS } from '../../electron/cli/cli-error';
import { packets } from '../support/ndjson';
import { selfSignedServer } from '../support/engine-support';
import { startRecording } from '../support/recording';
import {
  RELAXED_HEARTBEAT,
  startSocketIo2Server,
  startSocketIo4Server,
  type TestServer,
} from '../support/servers';
import type { TransportMode } from '../support/clients';

let sio4: TestServer;
let sio2: TestServer;
beforeAll(async () => {
  [sio4, sio2] = await Promise.all([startSocketIo4Server(RELAXED_HEARTBEAT), startSocketIo2Server()]);
});
afterAll(async () => {
  await Promise.all([sio4.close(), sio2.close()]);
});

describe('recording proxy with real servers', () => {
  test('tells three concurrent clients apart by sid, across polling, upgrade and websocket', async () => {
    const recording = await startRecording(sio4.url);
    const modes: TransportMode[] = ['upgrade', 'polling', 'websocket'];
    const clients = modes.map((mode) => connectV4(recording.url, mode));
    try {
      const sids = await Promise.all(
        clients.map(async ({ socket, manager, mode }) => {
          await onceConnected(socket);
          if (mode === 'upgrade' && manager.engine.transport.name !== 'websocket') {
            await new Promise((resolve) => manager.engine.once('upgrade', resolve));
          }
          await socket.emitWithAck('echo', `from-${mode}`);
          return manager.engine.id;
        }),
      );
      const conns = new Set(recording.frames.map((f) => f.conn));
      expect(conns.size).toBe(3);
      for (const [i, mode] of modes.entries()) {
        const conn = connOfSid(recording.frames, sids[i] ?? '');
        const mine = recording.frames.filter((f) => f.conn === conn);
        const texts = mine.map((f) => ('text' in f ? f.text : '')).join('\n');
        expect(texts).toContain(`from-${mode}`);
        for (const other of modes.filter((m) => m !== mode)) expect(texts).not.toContain(`from-${other}`);
        // Every request after the handshake carries this connection's sid.
        const requests = recording.lifecycle.filter((r) => r.conn === conn && r.event === 'http-request');
        expect(requests.filter((r) => !r.url?.includes(`sid=${sids[i]}`))).toHaveLength(1);
        const records = decodeFrames(mine, { eio: 4 });
        expect(records.filter((r) => r.error !== undefined)).toEqual([]);
      }
    } finally {
      for (const { manager } of clients) manager.engine.close();
      await recording.close();
    }
  });

  for (const mode of ['polling', 'websocket'] as const) {
    test(`forwards a 4 MB emit and its 4 MB ack unchanged over ${mode}`, async () => {
      const recording = await startRecording(sio4.url);
      const { socket, manager } = connectV4(recording.url, mode);
      try {
        await onceConnected(socket);
        // Multi-byte characters, so a chunk boundary inside one would show as corruption.
        const big = 'é€😀 0123456789 '.repeat((4 * 1024 * 1024) / 20);
        const back = (await socket.emitWithAck('echo', big)) as string;
        expect(back === big).toBe(true);
        const sizes = (dir: 'in' | 'out'): number[] =>
          recording.frames
            .filter((f) => f.dir === dir && 'text' in f)
            .map((f) => ('text' in f ? f.text.length : 0));
        expect(Math.max(...sizes('out'))).toBeGreaterThan(big.length);
        expect(Math.max(...sizes('in'))).toBeGreaterThan(big.length);
        const records = decodeFrames(recording.frames, { eio: 4 });
        expect(records.filter((r) => r.error !== undefined)).toEqual([]);
        const ack = records.find((r): r is PacketRecord => !isLifecycle(r) && r.sio?.type === 'ACK');
        expect(ack?.sio?.args?.[0] === big).toBe(true);
      } finally {
        manager.engine.close();
        await recording.close();
      }
    });
  }

  test('reports every request with its status, and no frame for ok answers or errors', async () => {
    const recording = await startRecording(sio4.url);
    try {
      const { socket, manager } = connectV4(recording.url, 'polling');
      await onceConnected(socket);
      await socket.emitWithAck('echo', 1);
      manager.engine.close();
      const base = `${recording.url}/socket.io/?EIO=4&transport=polling`;
      const unknownSid = await http('GET', `${base}&sid=nope`);
      const badTransport = await http('GET', `${recording.url}/socket.io/?EIO=4&transport=pigeon`);
      const postUnknown = await http('POST', `${base}&sid=nope2`, '42["x"]');
      const wsUnknown = await wsStatus(
        `${recording.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket&sid=nope3`,
      );
      expect([unknownSid.status, badTransport.status, postUnknown.status, wsUnknown]).toEqual([
        400, 400, 400, 400,
      ]);

      const requests = recording.lifecycle.filter((r) => r.event === 'http-request');
      const byUrl = (end: string) => requests.filter((r) => r.url?.endsWith(end));
      expect(byUrl('sid=nope')).toMatchObject([{ method: 'GET', status: 400 }]);
      expect(byUrl('pigeon')).toMatchObject([{ method: 'GET', status: 400 }]);
      expect(byUrl('sid=nope2')).toMatchObject([{ method: 'POST', status: 400 }]);
      expect(byUrl('sid=nope3')).toMatchObject([{ method: 'GET', status: 400, transport: 'websocket' }]);
      const session = requests.filter((r) => r.conn === 'c1');
      expect(session.length).toBeGreaterThanOrEqual(3);
      expect(session.every((r) => r.status === 200 && typeof r.ms === 'number' && r.ms >= 0)).toBe(true);
      expect(new Set(session.map((r) => r.method))).toEqual(new Set(['GET', 'POST']));

      // The refused POST's body was still sent by the client: an out frame. Error bodies and `ok` are not
      // frames.
      const frameTexts = recording.frames.map((f) => ('text' in f ? f.text : ''));
      expect(frameTexts).toContain('42["x"]');
      expect(frameTexts.filter((t) => t === 'ok' || t.includes('"code"'))).toEqual([]);
      expect(recording.frames.filter((f) => f.dir === 'in').every((f) => f.conn === 'c1')).toBe(true);
    } finally {
      await recording.close();
    }
  });

  test('keeps EIO3 XHR2 binary payloads binary in both directions', async () => {
    const recording = await startRecording(sio2.url);
    try {
      // socket.io-client 2 in Node always asks for base64 (b64=1); a browser does not, so talk raw.
      const base = `${recording.url}/socket.io/?EIO=3&transport=polling`;
      const handshake = await http('GET', base);
      const sid = /"sid":"([^"]+)"/.exec(handshake.body.toString())?.[1] ?? '';
      const url = `${base}&sid=${sid}`;
      const bytes = Uint8Array.from([0, 1, 2, 255]);
      const payload = binaryPayload('451-["echo-binary",{"_placeholder":true,"num":0}]', bytes);
      const posted = await http('POST', url, payload, { 'content-type': 'application/octet-stream' });
      expect(posted.status).toBe(200);
      let reply = await http('GET', url);
      // The welcome event may come first, as text; the echo follows in a binary payload.
      for (let i = 0; i < 3 && !reply.headers['content-type']?.includes('octet-stream'); i++)
        reply = await http('GET', url);
      expect(reply.headers['content-type']).toBe('application/octet-stream');

      const binaryFrames = recording.frames.filter(
        (f): f is Extract<ProxyFrame, { binary: Uint8Array }> => 'binary' in f,
      );
      expect(binaryFrames.map((f) => f.dir)).toEqual(['out', 'in']);
      expect(Buffer.from(binaryFrames[0]?.binary ?? [])).toEqual(payload);
      expect(Buffer.from(binaryFrames[1]?.binary ?? [])).toEqual(reply.body);
      expect(new Set(recording.frames.map((f) => f.conn))).toEqual(new Set(['c1']));

      const records = packets(decodeFrames(recording.frames, { eio: 3 }));
      expect(records.filter((r) => r.error !== undefined)).toEqual([]);
      const base64 = Buffer.from(bytes).toString('base64');
      for (const [dir, event] of [
        ['out', 'echo-binary'],
        ['in', 'binary'],
      ] as const) {
        const packet = records.find((r) => r.dir === dir && r.sio?.event === event);
        expect(packet?.sio).toMatchObject({ type: 'BINARY_EVENT', args: [{ $binary: base64 }] });
        expect(records.find((r) => r.attachmentOf === packet?.frame && r.dir === dir)?.eio?.data).toEqual({
          $binary: base64,
        });
      }
      await http('POST', url, '1:1');
    } finally {
      await recording.close();
    }
  });
});

describe('recording proxy to an https target', () => {
  const server = selfSignedServer();

  test.runIf(server.runs).each(['polling', 'websocket', 'upgrade'] as const)(
    'with insecure, socket.io-client over %s reaches the self-signed server; both ways decode clean',
    async (mode) => {
      // wss:// names the same server as https://, as `capture` takes it.
      const target = mode === 'websocket' ? server.url.replace('https:', 'wss:') : server.url;
      const proxy = await watchProxy({ target, insecure: true });
      const { socket, manager } = connectV4(proxy.url, mode);
      try {
        await onceConnected(socket);
        if (mode === 'upgrade' && manager.engine.transport.name !== 'websocket')
          await new Promise((resolve) => manager.engine.once('upgrade', resolve));
        socket.emit('over-tls', { mode });
        const sent = await proxy.until((r) => r.dir === 'out' && r.sio?.event === 'over-tls');
        expect(sent).toMatchObject({
          transport: mode === 'polling' ? 'polling' : 'websocket',
          sio: { type: 'EVENT', args: [{ mode }] },
        });
        const packets = proxy.packets();
        expect(packets.filter((r) => r.error !== undefined)).toEqual([]);
        expect(packets.some((r) => r.dir === 'in' && r.eio?.type === 'open')).toBe(true);
        expect(packets.some((r) => r.dir === 'in' && r.sio?.type === 'CONNECT')).toBe(true);
        expect(packets.some((r) => r.dir === 'out' && r.eio?.type === 'upgrade')).toBe(mode === 'upgrade');
        expect(proxy.records.filter((r) => isLifecycle(r) && r.event === 'transport-error')).toEqual([]);
        expect(proxy.failures).toEqual([]);
      } finally {
        manager.engine.close();
        await proxy.close();
      }
    },
  );

  test.runIf(server.runs)(
    'by default refuses the self-signed certificate: 502, a refused upgrade, the TLS problem in words',
    async () => {
      const proxy = await watchProxy({ target: server.url });
      try {
        const handshake = `${proxy.url}/socket.io/?EIO=4&transport=polling`;
        const polled = await http('GET', handshake);
        const upgrade = await wsStatus(
          `${proxy.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
        );
        // The proxy still serves the next client after a failure.
        const again = await http('GET', handshake);
        expect([polled.status, upgrade, again.status]).toEqual([502, 502, 502]);

        const why =
          /TLS certificate of 127\.0\.0\.1:\d+ rejected: the certificate is self-signed \(use --insecure/;
        expect(proxy.failures.map((f) => f.why.cause)).toEqual(['tls', 'tls', 'tls']);
        for (const failure of proxy.failures) expect(describeUserError(failure, CLI_WORDS)).toMatch(why);
        const lifecycle = proxy.records.filter((r) => isLifecycle(r));
        const errors = lifecycle.filter((r) => r.event === 'transport-error');
        expect(errors.map((r) => [r.conn, r.transport])).toEqual([
          ['c1', 'polling'],
          ['c2', 'websocket'],
          ['c3', 'polling'],
        ]);
        // The records say it without a surface's flag; the proxy command's stderr line names --insecure.
        for (const error of errors)
          expect(error.message).toMatch(
            /TLS certificate of 127\.0\.0\.1:\d+ rejected: the certificate is self-signed \(use insecure TLS/,
          );
        const requests = lifecycle.filter((r) => r.event === 'http-request');
        expect(requests.map((r) => r.status)).toEqual([502, 502, 502]);
        expect(proxy.packets()).toEqual([]);
      } finally {
        await proxy.close();
      }
    },
  );
});

interface WatchedProxy {
  readonly url: string;
  readonly records: SessionRecord[];
  readonly failures: Failure[];
  packets(): PacketRecord[];
  /** The first packet record (seen or to come) that matches. */
  until(match: (record: PacketRecord) => boolean): Promise<PacketRecord>;
  close(): Promise<void>;
}

/** The decoding proxy the CLI and the app run, with what it reported kept for the assertions. */
async function watchProxy(options: { target: string; insecure?: boolean }): Promise<WatchedProxy> {
  const records: SessionRecord[] = [];
  const failures: Failure[] = [];
  let wake = (): void => undefined;
  const proxy: DecodingProxy = await startDecodingProxy({
    ...options,
    onRecords: (batch) => {
      records.push(...batch);
      wake();
    },
    onUpstreamFailure: (failure) => failures.push(failure),
  });
  return {
    url: `http://127.0.0.1:${proxy.port}`,
    records,
    failures,
    packets: () => packets(records),
    until: (match) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a record')), 10_000);
        wake = () => {
          const found = packets(records).find(match);
          if (found === undefined) return;
          clearTimeout(timer);
          resolve(found);
        };
        wake();
      }),
    close: () => proxy.close(),
  };
}

function connectV4(
  url: string,
  mode: TransportMode,
): { manager: Manager; socket: Socket; mode: TransportMode } {
  const transports =
    mode === 'polling' ? ['polling'] : mode === 'websocket' ? ['websocket'] : ['polling', 'websocket'];
  const manager = new Manager(url, {
    transports,
    upgrade: mode === 'upgrade',
    reconnection: false,
  });
  return { manager, socket: manager.socket('/'), mode };
}

function onceConnected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

function connOfSid(frames: readonly ProxyFrame[], sid: string): string | undefined {
  return frames.find(
    (f) => 'text' in f && f.dir === 'in' && f.text.startsWith('0{') && f.text.includes(`"${sid}"`),
  )?.conn;
}

interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

function http(
  method: string,
  url: string,
  body?: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The HTTP status a WebSocket handshake is answered with. */
function wsStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('upgrade', () => resolve(101));
    ws.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.on('error', (err) => (err.message.includes('socket hang up') ? undefined : reject(err)));
  });
}

/** An EIO3 binary payload: one string packet and one binary message (docs/protocol.md §1.7). */
function binaryPayload(text: string, bytes: Uint8Array): Buffer {
  const digits = (n: number): number[] => [...String(n)].map(Number);
  const textBytes = Buffer.from(text);
  return Buffer.concat([
    Buffer.from([0, ...digits(textBytes.length), 0xff]),
    textBytes,
    Buffer.from([1, ...digits(bytes.length + 1), 0xff, 4]),
    Buffer.from(bytes),
  ]);
}
