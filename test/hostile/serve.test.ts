// `serve` and the app's bridge against hostile servers, hostile files and a hostile page: the host lives,
// stays under its memory bound, and every other session and page goes on.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeEvent, ConnectOptions, SessionInfo } from '../../shared/bridge/api';
import type { WebBridge } from '../../shared/bridge/ws-client';
import { bridgeUrl } from '../../shared/bridge/wire';
import type { PacketRecord, SessionRecord } from '../../shared/record';
import { buildCli } from '../support/cli';
import { connectBridge, eventually } from '../support/host-client';
import { startServing, type Serving } from '../support/cli-process';
import { RSS_BOUND_MIB } from './support/hostile-cli';

// The CLI's bound, then a 64 MiB body or frame held at a time, 64 MiB of unread replies, the four replies
// being built (some 40 MB each), 64 MiB of slack, 64 MiB for the host's own state beyond a CLI's (its
// analysis worker, record store and settings), and 16 MiB for each search worker, one per core, started
// once the opened session passes a megabyte (a thread of its own and its 4 MiB scan buffer; two add
// 18 MiB idle): peaks measured 557-590 MiB alone, 626 MiB once beside the whole suite on two cores.
const SERVE_RSS_BOUND_MIB = RSS_BOUND_MIB + 64 + 64 + 4 * 40 + 64 + 64 + 16 * availableParallelism();
import { startHostileServer, type HostileMode, type HostileServer } from './support/hostile-server';
import { rssWatch } from './support/rss';
import { tempDir } from '../support/temp-dir';

let server: HostileServer;
let host: Serving;
let url: string;
let peakMiB: () => number;
let bridge: WebBridge;
let events: BridgeEvent[];
let dir: string;

beforeAll(async () => {
  const [cli, started] = await Promise.all([buildCli(), startHostileServer()]);
  server = started;
  dir = tempDir('sio-hostile-serve');
  const renderer = join(dir, 'renderer');
  const sessions = join(dir, 'sessions');
  writeFileSync(join(dir, 'big.ndjson'), bigFrames());
  await import('node:fs/promises').then((fs) => fs.mkdir(renderer));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>sio-inspector</title>');
  const rss = rssWatch();
  host = await startServing(
    process.execPath,
    [cli, 'serve', '--no-open', '--session', join(dir, 'big.ndjson')],
    {
      env: { ...rss.env, SIO_INSPECTOR_RENDERER_DIR: renderer, SIO_INSPECTOR_SESSIONS_DIR: sessions },
      waitMs: 20_000,
    },
  );
  url = host.url;
  rss.watch(host.child);
  peakMiB = () => rss.peakMiB();
  ({ bridge, events } = connectBridge(url));
});
afterAll(async () => {
  bridge.close();
  await host.stop('SIGKILL');
  await server.close();
});

/** 5,000 frames of 2 KB: a page of them is a 10 MB reply. */
function bigFrames(): string {
  const filler = 'f'.repeat(2000);
  const lines = [
    {
      dir: 'in',
      transport: 'websocket',
      text: '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
    },
  ];
  for (let i = 0; i < 5000; i++)
    lines.push({ dir: 'in', transport: 'websocket', text: `42["m","${filler}",${i}]` });
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

async function liveSession(mode: HostileMode, transport: 'polling' | 'websocket'): Promise<SessionInfo> {
  const options: ConnectOptions = {
    url: server.url,
    transports: [transport],
    upgrade: false,
    query: { mode },
  };
  return bridge.connections.open(options);
}

async function recordsOf(
  info: SessionInfo,
  until: (records: readonly SessionRecord[]) => boolean,
): Promise<readonly SessionRecord[]> {
  for (;;) {
    const [now] = (await bridge.sessions.list()).filter((s) => s.session === info.session);
    const records = await bridge.sessions.page({ session: info.session, from: 0, count: now?.total ?? 0 });
    if (until(records)) return records;
    await eventually(bridge, events, (e) => e.type === 'records' && e.session === info.session);
  }
}

const codes = (records: readonly SessionRecord[]): unknown[] =>
  records.flatMap((r) => {
    const p = r as PacketRecord;
    if (p.error !== undefined) return [p.error.code];
    return p.sio?.type === 'EVENT' ? [p.sio.event] : [];
  });

describe('serve and its bridge against hostile peers', { timeout: 60_000 }, () => {
  it.each([
    ['deep', 'polling', ['before', 'JSON_TOO_DEEP', 'after']],
    ['deep', 'websocket', ['before', 'JSON_TOO_DEEP', 'after']],
    [
      'attachments',
      'polling',
      [
        'before',
        'SIO_TOO_MANY_ATTACHMENTS',
        'SIO_ATTACHMENT_UNEXPECTED',
        'SIO_ATTACHMENT_UNEXPECTED',
        'after',
      ],
    ],
    ['endless-body', 'polling', ['before', 'BODY_TOO_LARGE']],
    ['huge-frame', 'websocket', ['before', 'FRAME_TOO_LARGE']],
  ] as const)('a live session to a %s server (%s) keeps its records', async (mode, transport, expected) => {
    const info = await liveSession(mode, transport);
    const records = await recordsOf(info, (r) => codes(r).length >= expected.length);
    expect(codes(records)).toEqual(expected);
  });

  it('an uploaded file with a 5,000-deep line and garbage opens with every other line kept', async () => {
    const frame = (text: string): string => JSON.stringify({ dir: 'in', transport: 'websocket', text });
    const content = [
      frame('0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'),
      frame('42["before"]'),
      frame(`42["x",${'['.repeat(5000)}${']'.repeat(5000)}]`),
      `{"dir":"in","transport":"websocket","text":"x","n":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      '\u0000garbage{',
      frame('42["after"]'),
    ].join('\n');
    const info = await bridge.sessions.open({ name: 'hostile.ndjson', content });
    const records = await recordsOf(info, (r) => codes(r).includes('after'));
    expect(codes(records)).toEqual([
      'before',
      'JSON_TOO_DEEP',
      'FRAME_LINE_INVALID',
      'FRAME_LINE_INVALID',
      'after',
    ]);
  });

  it('sessions cut by a limit say that the inspector closed them', async () => {
    const closed = (await bridge.sessions.list()).filter((s) => s.state === 'closed');
    expect(closed.map((s) => s.reason)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/polling .*over the 64 MiB limit; sio-inspector closed the connection/i),
        expect.stringMatching(/WebSocket frame over the 64 MiB limit; sio-inspector closed the connection/),
      ]),
    );
  });

  it('a bridge request nested 5,000 levels deep closes that page only, with a reason', async () => {
    const socket = new WebSocket(bridgeUrl(url) ?? '', { origin: new URL(url).origin });
    await new Promise((resolve) => socket.once('open', resolve));
    const params = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    socket.send(`{"id":1,"method":"sessions.list","params":${params}}`);
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      socket.once('close', (c, r) => resolve([c, String(r)])),
    );
    expect(code).toBe(1008);
    expect(reason).toMatch(/nested deeper than 256 levels/);
    expect(await bridge.sessions.list()).not.toHaveLength(0);
  });

  it('a page that never reads its replies is dropped past 64 MiB queued; the host goes on', async () => {
    const [file] = (await bridge.sessions.list()).filter((s) => s.kind === 'file');
    const socket = new WebSocket(bridgeUrl(url) ?? '', {
      origin: new URL(url).origin,
      perMessageDeflate: false,
    });
    await new Promise((resolve) => socket.once('open', resolve));
    const raw = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause(); // reads nothing from here on: the host's replies queue up
    const request = { method: 'sessions.page', params: { session: file?.session, from: 0, count: 5000 } };
    // 200 × ~10 MB of replies: 2 GB if the host answered them all into its send queue.
    for (let id = 0; id < 200; id++) socket.send(JSON.stringify({ id, ...request }));
    // Meanwhile the host serves the other page, and drops the silent one.
    const started = Date.now();
    for (;;) {
      expect(await bridge.sessions.list()).not.toHaveLength(0);
      const closed = new Promise((resolve) => socket.once('close', resolve));
      raw.resume();
      const outcome = await Promise.race([
        closed,
        new Promise((resolve) => setTimeout(resolve, 500, 'open')),
      ]);
      if (outcome !== 'open') break;
      raw.pause();
      if (Date.now() - started > 15_000) throw new Error('the silent page was never dropped');
    }
    expect(socket.readyState).toBe(WebSocket.CLOSED);
  });

  it('lived through all of it under its memory bound', () => {
    expect(host.child.exitCode).toBeNull();
    // A 64 MiB body or frame held at a time, then 64 MiB of unread replies and the four replies being
    // built (a 10 MB page is some 40 MB while it is made: records, their JSON, its bytes).
    expect(peakMiB()).toBeLessThan(SERVE_RSS_BOUND_MIB);
  });
});
