// `serve` opening sessions that name a new connection and a new event on every record (a load test
// through the proxy, or a hostile file): the Node side's connection list, interned strings and the
// session infos it sends stay bounded, what it stopped listing is said, and filtering to any one
// connection or event, and the analyses, still work.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeEvent, FilterResult, RecordFilter, SessionInfo } from '../../shared/bridge/api';
import type { WebBridge } from '../../shared/bridge/ws-client';
import {
  MAX_ANALYSED_CONNECTIONS,
  MAX_INTERNED_CONNECTIONS,
  MAX_LISTED_CONNECTIONS,
} from '../../shared/limits';
import type { PacketRecord } from '../../shared/record';
import { SESSION_FORMAT, SESSION_VERSION } from '../../shared/session/session-file';
import { buildCli } from '../support/cli';
import { startServing, type Serving } from '../support/cli-process';
import { connectBridge } from '../support/host-client';
import { tempDir } from '../support/temp-dir';
import { rssWatch } from './support/rss';

/** Records of the session file: three times as many connections as the store interns. */
const RECORDS = 200_000;
/** Frame lines uploaded beside it, each of its own connection, decoded as they are read. */
const FRAMES = 50_000;
/**
 * Measured 373 MiB at the peak (the analysis worker's heap is most of it), the machine shared; before
 * the lists were bounded the peak was much the same at this size (367 MiB), but each session info listed
 * every connection and went out with every batch read, and the page's bridge was closed seconds into
 * the file. What fails then is the lists' bounds, checked above, more than this one.
 */
const RSS_BOUND_MIB = 512;

let host: Serving;
let bridge: WebBridge;
let events: BridgeEvent[];
let peakMiB: () => number;

beforeAll(async () => {
  const cli = await buildCli();
  const dir = tempDir('sio-hostile-names');
  const file = join(dir, 'distinct.sio-session.ndjson');
  writeDistinctSession(file);
  const renderer = join(dir, 'renderer');
  await import('node:fs/promises').then((fs) => fs.mkdir(renderer));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>sio-inspector</title>');
  const rss = rssWatch();
  host = await startServing(process.execPath, [cli, 'serve', '--no-open', '--session', file], {
    env: { ...rss.env, SIO_INSPECTOR_RENDERER_DIR: renderer, SIO_INSPECTOR_SESSIONS_DIR: join(dir, 's') },
    waitMs: 20_000,
  });
  rss.watch(host.child);
  peakMiB = () => rss.peakMiB();
  ({ bridge, events } = connectBridge(host.url));
});
afterAll(async () => {
  bridge?.close();
  await host?.stop('SIGKILL');
});

/** A session file of RECORDS events, record i from connection `c<i>` with event `e<i>`, 3 MB at a time. */
function writeDistinctSession(path: string): void {
  const header = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    created: new Date(0).toISOString(),
    target: 'http://127.0.0.1:3000',
    options: { kind: 'other' },
    tool: { name: 'sio-inspector', version: 'test' },
  };
  const fd = openSync(path, 'w');
  let chunk = `${JSON.stringify(header)}\n`;
  for (let i = 0; i < RECORDS; i++) {
    const record: PacketRecord = {
      t: i,
      conn: `c${i}`,
      frame: i,
      dir: 'in',
      transport: 'websocket',
      size: 20,
      eio: { type: 'message', data: `42["e${i}",${i}]` },
      sio: { type: 'EVENT', nsp: '/', event: `e${i}`, args: [i] },
    };
    chunk += `${JSON.stringify(record)}\n`;
    if (chunk.length > 3 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

/** Waits until the session is fully read, checking every info on the way. */
async function loaded(session: string): Promise<SessionInfo> {
  for (;;) {
    const info = (await bridge.sessions.list()).find((s) => s.session === session);
    if (info === undefined) throw new Error(`no session ${session}`);
    expect(info.connections.length).toBeLessThanOrEqual(MAX_LISTED_CONNECTIONS);
    if (info.state === 'offline') return info;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function filterAll(session: string, filter: RecordFilter): Promise<number[]> {
  const indices: number[] = [];
  for (let from = 0; ;) {
    const result: FilterResult = await bridge.sessions.filter({ session, filter, from });
    indices.push(...result.indices);
    if (result.more !== true) return indices;
    from = result.total;
  }
}

describe('serve with sessions of a connection and an event per record', { timeout: 240_000 }, () => {
  it('lists the first connections of a session file, says how many more, and filters to any', async () => {
    const [opened] = await bridge.sessions.list();
    if (opened === undefined) throw new Error('serve opened no session');
    const info = await loaded(opened.session);
    expect(info.total).toBe(RECORDS);
    expect(info.connections).toHaveLength(MAX_LISTED_CONNECTIONS);
    expect(info).toMatchObject({
      unlistedConnections: MAX_INTERNED_CONNECTIONS - MAX_LISTED_CONNECTIONS,
      unlistedAtLeast: true,
    });
    expect(await filterAll(info.session, { conn: 'c150000' })).toEqual([150000]);
    expect(await filterAll(info.session, { event: 'e199999', conn: 'c199999' })).toEqual([199999]);
    expect(await filterAll(info.session, { event: 'e1999999' })).toEqual([]);
    const analyses = await bridge.sessions.analyse({ session: info.session });
    expect(analyses).toHaveLength(MAX_ANALYSED_CONNECTIONS);
    const after = (await bridge.sessions.list()).find((s) => s.session === info.session);
    expect(after?.recordsNotAnalysed).toBe(RECORDS - MAX_ANALYSED_CONNECTIONS);
  });

  it('does the same for uploaded frame lines, decoded as they are read', async () => {
    const lines: string[] = [];
    for (let i = 0; i < FRAMES; i++)
      lines.push(JSON.stringify({ conn: `f${i}`, dir: 'in', transport: 'websocket', text: `42["n${i}"]` }));
    const opened = await bridge.sessions.open({ name: 'frames.ndjson', content: lines.join('\n') });
    const info = await loaded(opened.session);
    expect(info.connections).toHaveLength(MAX_LISTED_CONNECTIONS);
    expect(info.unlistedConnections).toBeGreaterThanOrEqual(FRAMES - MAX_LISTED_CONNECTIONS);
    const late = await filterAll(info.session, { conn: `f${FRAMES - 1}` });
    expect(late.length).toBeGreaterThan(0);
    const records = await bridge.sessions.pick({ session: info.session, indices: late });
    expect(records.map((r) => r.conn)).toEqual(late.map(() => `f${FRAMES - 1}`));
  });

  it('told the page of no more than the first connections, and lived under its memory bound', () => {
    const infos = events.flatMap((e) => (e.type === 'session' ? [e.info] : []));
    expect(infos.length).toBeGreaterThan(0);
    expect(Math.max(...infos.map((i) => i.connections.length))).toBeLessThanOrEqual(MAX_LISTED_CONNECTIONS);
    expect(host.child.exitCode).toBeNull();
    expect(peakMiB()).toBeLessThan(RSS_BOUND_MIB);
  });
});
