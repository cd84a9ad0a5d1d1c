// The recording proxy between hostile clients and a hostile server: one proxy process takes every case in
// turn while a well-behaved client keeps using it, then stops normally with every record written.
import { request } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacketRecord, SessionRecord } from '../../shared/record';
import { buildCli } from '../support/cli';
import { ndjson } from '../support/ndjson';
import { RSS_BOUND_MIB, spawnMeasured, type MeasuredCli } from './support/hostile-cli';
import {
  gzipBomb,
  handshake,
  HANDSHAKE,
  startHostileServer,
  type HostileServer,
} from './support/hostile-server';

let server: HostileServer;
let proxy: MeasuredCli;
let base: string;

beforeAll(async () => {
  const [cli, started] = await Promise.all([buildCli(), startHostileServer()]);
  server = started;
  proxy = spawnMeasured(cli, ['proxy', '--listen', '0', '--target', server.url, '--format', 'ndjson']);
  [, base = ''] = await proxy.waitForStderr(/proxy listening on (http:\/\/127\.0\.0\.1:\d+) → /);
});
afterAll(async () => {
  await proxy.stop('SIGKILL');
  await server.close();
});

interface Reply {
  readonly status: number;
  readonly bytes: number;
  readonly text: string;
}

/** One HTTP exchange through the proxy; the body is counted, and kept only when small. */
function exchange(
  method: 'GET' | 'POST',
  path: string,
  body?: { readonly chunk: Buffer; readonly times: number; readonly headers?: Record<string, string> },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers: body?.headers }, (res) => {
      let bytes = 0;
      const kept: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes < 1 << 20) kept.push(chunk);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, bytes, text: Buffer.concat(kept).toString() }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body === undefined) return void req.end();
    let sent = 0;
    const pump = (): void => {
      while (sent < body.times) {
        sent++;
        if (!req.write(body.chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

const poll = (mode: string, sid?: string): Promise<Reply> =>
  exchange(
    'GET',
    `/socket.io/?EIO=4&transport=polling&mode=${mode}${sid === undefined ? '' : `&sid=${sid}`}`,
  );

/** A polling client of its own: handshake, then `gets` polls; what each poll returned. */
async function pollingClient(mode: string, sid: string, gets: number): Promise<string[]> {
  expect((await poll(`${mode}&as=${sid}`)).text).toBe(handshake(sid));
  const bodies: string[] = [];
  for (let i = 0; i < gets; i++) bodies.push((await poll(mode, sid)).text);
  return bodies;
}

describe('the proxy between hostile peers', { timeout: 60_000 }, () => {
  it('forwards a 5,000-deep message and keeps serving another client meanwhile', async () => {
    const [deep, other] = await Promise.all([
      pollingClient('deep', 'one', 2),
      pollingClient('attachments', 'two', 2),
    ]);
    expect(deep[1]).toContain('42["after"]');
    expect(other[1]).toContain('42["after"]');
  });

  it('forwards a gzip bomb from the server whole, without inflating it past the limit', async () => {
    await poll('gzip-bomb');
    await poll('gzip-bomb', 'hostile');
    const bomb = await poll('gzip-bomb', 'hostile');
    expect(bomb.bytes).toBe(gzipBomb().length);
  });

  it('forwards a gzip-bomb POST from a client whole', async () => {
    const headers = { 'content-type': 'text/plain;charset=UTF-8', 'content-encoding': 'gzip' };
    const reply = await exchange('POST', '/socket.io/?EIO=4&transport=polling&sid=hostile&mode=deep', {
      chunk: gzipBomb(),
      times: 1,
      headers,
    });
    expect(reply.text).toBe('ok');
  });

  it('forwards a 100 MB Engine.IO POST whole, holding no more of it than the limit', async () => {
    const path = '/socket.io/?EIO=4&transport=polling&sid=hostile&mode=deep';
    const reply = await exchange('POST', path, { chunk: Buffer.alloc(1024 * 1024, 0x34), times: 100 });
    expect(reply).toMatchObject({ status: 200, text: 'ok' });
  });

  it('streams a 300 MB POST to a path that is not Engine.IO, holding none of it', async () => {
    const reply = await exchange('POST', '/upload', { chunk: Buffer.alloc(1024 * 1024, 0x62), times: 300 });
    expect(reply).toMatchObject({ status: 200, text: 'ok' });
  });

  it('closes a WebSocket pair whose server sends a frame over the limit, and says the proxy did', async () => {
    const ws = new WebSocket(
      `${base.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket&mode=huge-frame`,
      {
        perMessageDeflate: false,
      },
    );
    const messages: string[] = [];
    ws.on('message', (data) => messages.push(String(data)));
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(messages).toEqual([HANDSHAKE, '40{"sid":"n1"}', '42["before"]']);
    expect(code).toBe(1009);
  });

  it('lived through all of it, stayed under its memory bound, and recorded before and after each', async () => {
    // A still-working client, after everything else.
    expect(await pollingClient('deep', 'late', 1)).toEqual(['40{"sid":"n1"}\x1e42["before"]']);
    const { code, stdout } = await proxy.stop('SIGTERM');
    expect(code).toBe(0);
    const records = ndjson<SessionRecord>(stdout);
    const codes = records.flatMap((r) => (r.error === undefined ? [] : [r.error.code]));
    expect(codes).toEqual(
      expect.arrayContaining([
        'JSON_TOO_DEEP',
        'SIO_TOO_MANY_ATTACHMENTS',
        'BODY_TOO_LARGE',
        'FRAME_TOO_LARGE',
      ]),
    );
    expect(codes.filter((c) => c === 'BODY_TOO_LARGE')).toHaveLength(3);
    const afterDeep = records.findIndex((r) => r.error?.code === 'JSON_TOO_DEEP') + 1;
    expect((records[afterDeep] as PacketRecord).sio?.event).toBe('after');
    expect(records.filter((r) => (r as PacketRecord).sio?.event === 'before').length).toBeGreaterThanOrEqual(
      5,
    );
    // Bodies are held up to MAX_PROXY_BODY_BYTES (64 MiB), inflated up to it once more.
    expect(proxy.peakMiB()).toBeLessThan(RSS_BOUND_MIB + 128);
  });
});
