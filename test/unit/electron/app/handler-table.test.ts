import { execFileSync } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BridgeEvent, ConnectOptions, FilterResult, SessionInfo } from '../../../../shared/bridge/api';
import { UserError } from '../../../../shared/user-error';
import {
  MAX_ANALYSED_CONNECTIONS,
  MAX_BATCH_RECORDS,
  MAX_LISTED_CONNECTIONS,
} from '../../../../shared/limits';
import type { Outcome } from '../../../../shared/bridge/outcome';
import type { SessionRecord } from '../../../../shared/record';
import {
  createHandlerTable,
  type HandlerTable,
  type HandlerTableOptions,
} from '../../../../electron/app/handler-table';
import type { LiveControl, Session } from '../../../../electron/app/session';
import { tempDir } from '../../../support/temp-dir';

const FRAMES = [
  {
    t: 0,
    dir: 'in',
    transport: 'websocket',
    text: '0{"sid":"a","upgrades":[],"pingInterval":300,"pingTimeout":200}',
  },
  { t: 1, dir: 'out', transport: 'websocket', text: '40' },
  { t: 2, dir: 'in', transport: 'websocket', text: '40{"sid":"s1"}' },
  { t: 3, dir: 'out', transport: 'websocket', text: '421["echo","hi"]' },
  { t: 5, dir: 'in', transport: 'websocket', text: '431["hi"]' },
  { t: 300, dir: 'in', transport: 'websocket', text: '2' },
  { t: 301, dir: 'out', transport: 'websocket', text: '3' },
  { t: 302, dir: 'in', transport: 'websocket', text: '42["chat","Hello World"]' },
];
const FRAME_LINES = FRAMES.map((f) => JSON.stringify(f)).join('\n');

let table: HandlerTable;
const dir = tempDir('sio-handlers');

function setup(options: HandlerTableOptions = {}): { events: BridgeEvent[] } {
  table = createHandlerTable({ batching: { intervalMs: 5 }, ...options });
  const events: BridgeEvent[] = [];
  table.subscribe((e) => events.push(e));
  return { events };
}

afterEach(async () => {
  await table.dispose();
});

/** The result of a request that must succeed. */
async function ok<T>(method: string, params?: unknown): Promise<T> {
  const outcome = await table.dispatch(method, params);
  if (!outcome.ok) throw new Error(`${method} failed: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

/**
 * The first error of a pipe's writer: EPIPE once the app closed the pipe's other end. Every error is
 * taken (writes queued behind the first fail too), so none is left unhandled.
 */
function pipeClosed(writer: NodeJS.WritableStream): Promise<unknown> {
  return new Promise((resolve) => writer.on('error', resolve));
}

async function refused(method: unknown, params?: unknown): Promise<{ code: string; message: string }> {
  const outcome: Outcome<unknown> = await table.dispatch(method, params);
  if (outcome.ok) throw new Error(`${method} succeeded: ${JSON.stringify(outcome.result)}`);
  return outcome.error;
}

/** Resolves with the first event (already seen or still to come) that matches. */
function eventually(events: BridgeEvent[], match: (e: BridgeEvent) => boolean): Promise<BridgeEvent> {
  const seen = events.find(match);
  if (seen !== undefined) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const stop = table.subscribe((e) => {
      if (!match(e)) return;
      stop();
      resolve(e);
    });
  });
}

const offline = (session: string) => (e: BridgeEvent) =>
  e.type === 'session' && e.info.session === session && e.info.state === 'offline';

async function openText(content: string, name = 'test.ndjson'): Promise<SessionInfo> {
  return ok<SessionInfo>('sessions.open', { content, name });
}

describe('dispatch', () => {
  it('refuses unknown methods and prototype names', async () => {
    setup();
    expect(await refused('sessions.delete', {})).toMatchObject({
      code: 'invalid-request',
      message: 'unknown method "sessions.delete"',
    });
    expect((await refused('constructor')).code).toBe('invalid-request');
    expect((await refused('__proto__')).code).toBe('invalid-request');
    expect((await refused(42)).message).toBe('unknown method number');
  });

  it('validates every request before use', async () => {
    setup();
    expect(await refused('sessions.page', { session: 's1', from: 0, count: 999_999 })).toMatchObject({
      code: 'invalid-request',
      message: 'sessions.page: request.count must be between 0 and 5000',
    });
    expect((await refused('sessions.open', { path: '/etc/passwd' })).message).toMatch(/unknown field "path"/);
  });

  it('answers not-found for a session that does not exist', async () => {
    setup();
    expect(await refused('sessions.page', { session: 's99', from: 0, count: 1 })).toMatchObject({
      code: 'not-found',
      message: 'no session "s99" (closed, or never opened)',
    });
  });
});

describe('file sessions', () => {
  it('opens a file with another parser: parser none keeps every message an Engine.IO message', async () => {
    const { events } = setup();
    const info = await ok<SessionInfo>('sessions.open', { content: FRAME_LINES, name: 'f', parser: 'none' });
    await eventually(events, offline(info.session));
    const records = await ok<SessionRecord[]>('sessions.page', {
      session: info.session,
      from: 0,
      count: 100,
    });
    expect(records).toHaveLength(8);
    expect(records.some((r) => 'sio' in r)).toBe(false);
    expect((await refused('sessions.open', { content: FRAME_LINES, parser: 'json' })).message).toMatch(
      /request\.parser/,
    );
  });

  it('opens frame lines, decodes them, pages and filters', async () => {
    const { events } = setup();
    const info = await openText(FRAME_LINES, 'frames.ndjson');
    expect(info).toMatchObject({ kind: 'file', title: 'frames.ndjson' });
    await eventually(events, offline(info.session));
    const records = await ok<SessionRecord[]>('sessions.page', {
      session: info.session,
      from: 0,
      count: 100,
    });
    expect(records).toHaveLength(8);
    expect(records[3]).toMatchObject({
      dir: 'out',
      sio: { type: 'EVENT', id: 1, event: 'echo', args: ['hi'] },
    });
    expect(await ok('sessions.filter', { session: info.session, filter: { text: 'hello world' } })).toEqual({
      total: 8,
      indices: [7],
    });
    expect(
      await ok('sessions.filter', { session: info.session, filter: { hideHeartbeats: true, dir: 'in' } }),
    ).toEqual({ total: 8, indices: [0, 2, 4, 7] });
    expect(await ok('sessions.pick', { session: info.session, indices: [7, 0] })).toEqual([
      records[7],
      records[0],
    ]);
    // Read whole, a file no longer says how much of it is read.
    expect(await ok<SessionInfo[]>('sessions.list')).toEqual([
      { ...info, state: 'offline', total: 8, loaded: undefined },
    ]);
  });

  it('analyses per connection: summary, sequence steps, heartbeat series and ack pairs', async () => {
    const { events } = setup();
    const info = await openText(FRAME_LINES);
    await eventually(events, offline(info.session));
    const [analysis, ...rest] = await ok<
      {
        summary: { conn: string; sid: string };
        sequence: { steps: { step: string }[] };
        heartbeat: { series: unknown[] };
        acks: { pairs: unknown[] };
      }[]
    >('sessions.analyse', { session: info.session });
    expect(rest).toEqual([]);
    expect(analysis?.summary).toMatchObject({ conn: 'c1', sid: 'a' });
    expect(analysis?.sequence.steps.map((s) => s.step)).toEqual(['open', 'CONNECT', 'CONNECT']);
    expect(analysis?.heartbeat.series).toHaveLength(1);
    expect(analysis?.acks.pairs).toEqual([expect.objectContaining({ id: 1, event: 'echo', latencyMs: 2 })]);
  });

  // Ten thousand connections analysed: on a busy two-core machine, longer than the default.
  it(
    'says in the session how many records of connections past the first 10,000 its analysis left',
    { timeout: 90_000 },
    async () => {
      const { events } = setup();
      const lines = Array.from({ length: MAX_ANALYSED_CONNECTIONS + 50 }, (_, i) =>
        JSON.stringify({ ...FRAMES[0], conn: `c${i + 1}` }),
      );
      const info = await openText(lines.join('\n'));
      await eventually(events, offline(info.session));
      expect((await ok<SessionInfo[]>('sessions.list'))[0]).not.toHaveProperty('recordsNotAnalysed');
      const analyses = await ok<unknown[]>('sessions.analyse', { session: info.session });
      expect(analyses).toHaveLength(MAX_ANALYSED_CONNECTIONS);
      expect((await ok<SessionInfo[]>('sessions.list'))[0]).toMatchObject({ recordsNotAnalysed: 50 });
    },
  );

  it('lists the first connections of a session of thousands, says how many more, and filters to any', async () => {
    const { events } = setup();
    const count = MAX_LISTED_CONNECTIONS + 2500;
    const lines = Array.from({ length: count }, (_, i) =>
      JSON.stringify({ t: i, conn: `c${i + 1}`, event: 'ws-open' }),
    );
    const info = await openText(lines.join('\n'));
    await eventually(events, offline(info.session));
    const [listed] = await ok<SessionInfo[]>('sessions.list');
    expect(listed?.connections).toHaveLength(MAX_LISTED_CONNECTIONS);
    expect(listed?.connections[0]).toBe('c1');
    expect(listed).toMatchObject({ unlistedConnections: 2500 });
    expect(listed).not.toHaveProperty('unlistedAtLeast');
    // No info the page heard listed more either.
    const infos = events.flatMap((e) => (e.type === 'session' ? [e.info] : []));
    expect(Math.max(...infos.map((i) => i.connections.length))).toBe(MAX_LISTED_CONNECTIONS);
    const filtered = await ok<FilterResult>('sessions.filter', {
      session: info.session,
      filter: { conn: `c${count}` },
    });
    expect(filtered.indices).toEqual([count - 1]);
  });

  it('stops the analysis of a session closed while it runs: the caller hears not-found', async () => {
    const { events } = setup();
    const info = await openText(FRAME_LINES);
    await eventually(events, offline(info.session));
    const analysing = table.dispatch('sessions.analyse', { session: info.session });
    await ok('sessions.close', { session: info.session });
    expect(await analysing).toEqual({
      ok: false,
      error: { kind: 'not-found', code: 'not-found', message: `session "${info.session}" was closed` },
    });
  });

  it('stops a running analysis on request: its caller hears so, and the session says an analysis runs only while it does', async () => {
    const { events } = setup();
    const info = await openText(FRAME_LINES);
    await eventually(events, offline(info.session));
    const analysing = table.dispatch('sessions.analyse', { session: info.session });
    const started = await eventually(
      events,
      (e) => e.type === 'session' && e.info.session === info.session && e.info.analysing !== undefined,
    );
    expect(started.type === 'session' && started.info.analysing).toBe(0);
    await ok('sessions.stopAnalysis', { session: info.session });
    expect(await analysing).toEqual({
      ok: false,
      error: { kind: 'io', code: 'failed', message: 'the analysis was stopped' },
    });
    expect((await ok<SessionInfo[]>('sessions.list'))[0]).not.toHaveProperty('analysing');
    // Stopping when nothing runs does nothing; a new request analyses again.
    await ok('sessions.stopAnalysis', { session: info.session });
    expect(await ok<unknown[]>('sessions.analyse', { session: info.session })).toHaveLength(1);
  });

  it('tells how much of a file it has read while loading, in whole percents that only grow', async () => {
    const { events } = setup();
    const lines = [FRAME_LINES];
    // About 3 MB: a few slices of the reader, so the share is told on the way.
    for (let i = 0; i < 60_000; i++)
      lines.push(JSON.stringify({ t: 100 + i, dir: 'in', transport: 'websocket', text: `42["tick",${i}]` }));
    const info = await openText(lines.join('\n'));
    await eventually(events, offline(info.session));
    const shares = events.flatMap((e) =>
      e.type === 'session' && e.info.session === info.session && e.info.loaded !== undefined
        ? [e.info.loaded]
        : [],
    );
    expect(shares.length).toBeGreaterThan(1);
    expect(shares.some((share) => share < 1)).toBe(true);
    expect([...shares].sort((a, b) => a - b)).toEqual(shares);
    expect(shares.every((share) => share >= 0 && share <= 1 && Number.isInteger(share * 100))).toBe(true);
    expect((await ok<SessionInfo[]>('sessions.list'))[0]).not.toHaveProperty('loaded');
  });

  it('opens a session file, keeping a torn last line as an input error and saying so', async () => {
    const { events } = setup();
    const header = {
      format: 'sio-inspector-session',
      version: 1,
      created: '2026-01-01T00:00:00.000Z',
      target: 'http://127.0.0.1:3000',
      options: {},
      tool: { name: 'sio-inspector', version: '0.1.0' },
    };
    const record = {
      t: 1,
      conn: 'c1',
      frame: 0,
      dir: 'out',
      transport: 'websocket',
      size: 2,
      eio: { type: 'ping' },
    };
    const content = `${JSON.stringify(header)}\n${JSON.stringify(record)}\n{"t": 2, "conn": "c1", "fra`;
    const info = await openText(content, 'crash.ndjson');
    expect(info.title).toBe('crash.ndjson (http://127.0.0.1:3000)');
    const done = await eventually(events, offline(info.session));
    expect(done.type === 'session' && done.info.reason).toMatch(/line 3 ends the file mid-record/);
    const records = await ok<SessionRecord[]>('sessions.page', { session: info.session, from: 0, count: 10 });
    expect(records[0]).toEqual(record);
    expect(records[1]).toMatchObject({ event: 'input-error', line: 3, error: { code: 'SESSION_LINE_TORN' } });
  });

  it('opens a bare record stream (decode --format ndjson output)', async () => {
    const { events } = setup();
    const lines = [
      { t: 0, conn: 'c1', event: 'ws-open' },
      { t: 1, conn: 'c1', frame: 0, dir: 'in', transport: 'websocket', size: 1, eio: { type: 'noop' } },
    ];
    const info = await openText(lines.map((l) => JSON.stringify(l)).join('\n'));
    await eventually(events, offline(info.session));
    expect(await ok('sessions.page', { session: info.session, from: 0, count: 10 })).toEqual(lines);
  });

  it.each([
    ['a PNG', '\x89PNG\r\n\x1a\n\0\0\0\rIHDR'],
    ['a JSON document', '{"name": "package", "version": "1.0.0"}'],
    ['plain text', 'hello\nworld\n'],
  ])('refuses %s in one line, and keeps no session', async (_, content) => {
    setup();
    const error = await refused('sessions.open', { content, name: 'x.bin' });
    expect(error).toMatchObject({
      code: 'failed',
      message:
        'x.bin is not a session: its first line is neither a session header, a record nor a frame line',
    });
    expect(await ok('sessions.list')).toEqual([]);
  });

  it('refuses an empty file and a session file from a newer version', async () => {
    setup();
    expect((await refused('sessions.open', { content: '\n\n', name: 'e' })).message).toBe(
      'e is empty: no session in it',
    );
    const newer = JSON.stringify({ format: 'sio-inspector-session', version: 9 });
    expect((await refused('sessions.open', { content: newer, name: 'n' })).message).toMatch(
      /^n: .*version 9 is newer than this tool reads/,
    );
  });

  it('loads a big file progressively: open answers early, counts follow, state ends offline', async () => {
    const { events } = setup();
    const line = JSON.stringify({
      dir: 'in',
      transport: 'websocket',
      text: `42["tick","${'x'.repeat(80)}"]`,
    });
    const count = 40_000; // ~4 MB: several 1 MB slices
    const info = await openText(Array.from({ length: count }, () => line).join('\n'));
    expect(info.state).toBe('loading');
    expect(info.total).toBeLessThan(count);
    await eventually(events, offline(info.session));
    const batches = events.filter((e) => e.type === 'records' && e.session === info.session);
    expect(batches.length).toBeGreaterThan(0);
    for (const batch of batches) if (batch.type === 'records') expect(batch.records).toEqual([]);
    const last = batches[batches.length - 1];
    expect(last?.type === 'records' && last.total).toBe(count);
  });

  it.skipIf(process.platform === 'win32')(
    'stops reading a file when its session is closed while it loads',
    async () => {
      // A pipe rather than a file: its end comes only when the writer says, so a load that went on
      // reading after the close would never finish.
      const fifo = join(dir, 'growing.ndjson');
      execFileSync('mkfifo', [fifo]);
      setup();
      const writer = createWriteStream(fifo);
      const closed = pipeClosed(writer);
      const line = `${JSON.stringify({ dir: 'in', transport: 'websocket', text: '42["tick"]' })}\n`;
      writer.write(line.repeat(1000));
      const opened = await table.openPath(fifo);
      let loaded = false;
      void opened.loaded.then(() => (loaded = true));
      const total = opened.session.store.total;
      expect(total).toBeGreaterThan(0);
      await ok('sessions.close', { session: opened.session.id });
      // More comes down the pipe: the load sees the session gone, stops, and closes the file.
      writer.write(line.repeat(100_000));
      await vi.waitFor(() => expect(loaded).toBe(true), { timeout: 10_000 });
      expect(await closed).toMatchObject({ code: 'EPIPE' });
      expect(opened.session.store.total).toBe(total);
      writer.destroy();
    },
  );

  it.skipIf(process.platform === 'win32')(
    'stops reading a file on request, keeping the records read and saying where it stopped',
    async () => {
      const fifo = join(dir, 'stopped.ndjson');
      execFileSync('mkfifo', [fifo]);
      const { events } = setup();
      const writer = createWriteStream(fifo);
      const closed = pipeClosed(writer);
      const line = `${JSON.stringify({ dir: 'in', transport: 'websocket', text: '42["tick"]' })}\n`;
      writer.write(line.repeat(1000));
      const opened = await table.openPath(fifo);
      const session = opened.session.id;
      await ok('sessions.stopLoading', { session });
      await opened.loaded;
      // More comes down the pipe: the app reads what was on its way, then closes the file.
      writer.write(line.repeat(100_000));
      expect(await closed).toMatchObject({ code: 'EPIPE' });
      const total = opened.session.store.total;
      expect(total).toBeGreaterThan(0);
      expect(total).toBeLessThan(101_000);
      const done = await eventually(events, offline(session));
      expect(done.type === 'session' && done.info.reason).toBe(
        `reading stopped after ${total.toLocaleString('en-US')} records`,
      );
      const records = await ok<SessionRecord[]>('sessions.page', { session, from: 0, count: total + 10 });
      expect(records).toHaveLength(total);
      expect(records[total - 1]).toMatchObject({ sio: { type: 'EVENT', event: 'tick' } });
      // Stopping what no longer loads does nothing.
      await ok('sessions.stopLoading', { session });
      expect((await ok<SessionInfo[]>('sessions.list'))[0]).toMatchObject({ state: 'offline', total });
      writer.destroy();
    },
  );

  it('opens a path through the host dialog, and says when no dialog exists', async () => {
    const path = join(dir, 'dialog.ndjson');
    writeFileSync(path, FRAME_LINES);
    setup();
    expect(await refused('sessions.open', {})).toMatchObject({
      code: 'unsupported',
      message: 'choose a file to upload: this host has no file dialog',
    });
    await table.dispose();
    const { events } = setup({ services: { chooseFileToOpen: async () => path } });
    const info = await ok<SessionInfo>('sessions.open', {});
    expect(info.title).toBe('dialog.ndjson');
    await eventually(events, offline(info.session));
    await table.dispose();
    setup({ services: { chooseFileToOpen: async () => undefined } });
    expect(await refused('sessions.open', {})).toMatchObject({ kind: 'usage', message: 'no file chosen' });
  });

  it('refuses files over the size limit before reading them', async () => {
    const path = join(dir, 'big.ndjson');
    writeFileSync(path, FRAME_LINES);
    setup({ maxFileBytes: 100 });
    await expect(table.openPath(path)).rejects.toThrow(
      /big\.ndjson is 0\.0 MiB; the largest session file opened is/,
    );
    await expect(table.openPath(join(dir, 'missing.ndjson'))).rejects.toThrow(/cannot read .*: no such file/);
    await expect(table.openPath(dir)).rejects.toThrow(/is a directory/);
  });

  it('saves as text for the web host and to the chosen path for Electron; both open again unchanged', async () => {
    const { events } = setup();
    const info = await openText(FRAME_LINES, 'frames.ndjson');
    await eventually(events, offline(info.session));
    const original = await ok('sessions.page', { session: info.session, from: 0, count: 100 });
    const saved = await ok<{ content: string; name: string }>('sessions.save', { session: info.session });
    expect(saved.name).toBe('frames.ndjson.sio-session.ndjson');
    expect(JSON.parse(saved.content.split('\n')[0] ?? '')).toMatchObject({ format: 'sio-inspector-session' });
    const again = await openText(saved.content);
    await eventually(events, offline(again.session));
    expect(await ok('sessions.page', { session: again.session, from: 0, count: 100 })).toEqual(original);

    await table.dispose();
    const path = join(dir, 'saved.ndjson');
    const electron = setup({ services: { chooseFileToSave: async () => path } });
    const reopened = await openText(saved.content);
    await eventually(electron.events, offline(reopened.session));
    expect(await ok('sessions.save', { session: reopened.session })).toEqual({ path });
    expect(readFileSync(path, 'utf8')).toBe(saved.content);
  });

  it('exports HAR and opens HAR: the events survive the round trip', async () => {
    const { events } = setup();
    const info = await openText(FRAME_LINES, 'frames.ndjson');
    await eventually(events, offline(info.session));
    const saved = await ok<{ content: string; name: string }>('sessions.save', {
      session: info.session,
      format: 'har',
    });
    expect(saved.name).toBe('frames.ndjson.har');
    expect(JSON.parse(saved.content)).toMatchObject({
      log: { version: '1.2', creator: { name: 'sio-inspector' } },
    });
    const har = await openText(saved.content, saved.name);
    expect(har).toMatchObject({ kind: 'file', state: 'offline', title: 'frames.ndjson.har (HAR)' });
    const events1 = await ok<SessionRecord[]>('sessions.page', {
      session: info.session,
      from: 0,
      count: 100,
    });
    const events2 = await ok<SessionRecord[]>('sessions.page', { session: har.session, from: 0, count: 100 });
    const sio = (records: SessionRecord[]): unknown[] =>
      records.flatMap((r) => ('sio' in r && r.sio !== undefined ? [[r.dir, r.sio]] : []));
    expect(sio(events2)).toEqual(sio(events1));
    expect(sio(events1)).toHaveLength(5);
  });

  it('refuses a HAR with no Engine.IO traffic in one line', async () => {
    setup();
    const har = JSON.stringify({ log: { version: '1.2', entries: 'nope' } });
    const error = await refused('sessions.open', { content: har, name: 'x.har' });
    expect(error.code).toBe('failed');
    expect(error.message).toMatch(/^x\.har: /);
    expect(error.message).not.toContain('\n');
  });

  it('closes a session: listeners hear it, and it is gone', async () => {
    const { events } = setup();
    const info = await openText(FRAME_LINES);
    await ok('sessions.close', { session: info.session });
    expect(events).toContainEqual({ type: 'session-closed', session: info.session });
    expect((await refused('sessions.page', { session: info.session, from: 0, count: 1 })).code).toBe(
      'not-found',
    );
  });

  it('refuses connection requests on a file session', async () => {
    setup();
    const info = await openText(FRAME_LINES);
    expect(
      await refused('connections.emit', {
        session: info.session,
        nsp: '/',
        event: 'x',
        args: [],
        ack: false,
      }),
    ).toMatchObject({
      code: 'invalid-request',
      message: `session "${info.session}" is an opened file, not a live connection`,
    });
  });
});

/** A live connection's control that does nothing when asked, and `close` when closed. */
function quietControl(close: () => Promise<void> = async () => undefined): LiveControl {
  const nothing = (): void => undefined;
  return {
    emit: nothing,
    ack: nothing,
    ackReplies: nothing,
    join: nothing,
    leave: nothing,
    sendRaw: nothing,
    send: nothing,
    fault: nothing,
    close,
  };
}

describe('live sessions', () => {
  const OPTIONS: ConnectOptions = { url: 'http://127.0.0.1:1', transports: ['websocket'], upgrade: false };

  it('records a live session to a session file as it happens, and closes it with the session', async () => {
    const recordDir = join(dir, 'recorded');
    let opened: Session | undefined;
    const control = quietControl(async () => opened?.setState('closed', 'closed by the user'));
    setup({
      recordDir,
      connect: (_options, session) => {
        opened = session;
        // The engine may report records before connections.open has answered.
        session.append([{ t: 0, conn: 'c1', event: 'ws-open' }], true);
        return control;
      },
    });
    const headers = { Authorization: 'Bearer secret', 'X-Trace': 'abc' };
    const info = await ok<SessionInfo>('connections.open', { ...OPTIONS, headers });
    expect(info.recording).toMatch(/recorded\/.*-127\.0\.0\.1-1-[0-9a-f]{8}\.sio-session\.ndjson$/);
    opened?.append([{ t: 1, conn: 'c1', event: 'closed', reason: 'test' }], true);
    await ok('connections.close', { session: info.session });
    await ok('sessions.close', { session: info.session });
    const lines = readFileSync(info.recording ?? '', 'utf8')
      .trimEnd()
      .split('\n');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      format: 'sio-inspector-session',
      target: OPTIONS.url,
      options: { transports: ['websocket'], headers: ['Authorization: <redacted>', 'X-Trace: abc'] },
    });
    expect(lines.slice(1).map((l) => JSON.parse(l))).toEqual([
      { t: 0, conn: 'c1', event: 'ws-open' },
      { t: 1, conn: 'c1', event: 'closed', reason: 'test' },
    ]);
  });

  it('saves a live session with how it was made and when it started, not when it was saved', async () => {
    // The session's start is Date.now() when it is made; every other clock reading is today's.
    const started = Date.parse('2026-03-01T10:00:00.000Z');
    const now = vi.spyOn(Date, 'now').mockReturnValue(started);
    try {
      const control = quietControl();
      const recordDir = join(dir, 'dated');
      const { events } = setup({
        recordDir,
        connect: (_options, session) => {
          // Records count from the session's start.
          session.append(
            [
              { t: 7, conn: 'c1', event: 'http-request', method: 'GET', url: 'http://127.0.0.1:1/io/' },
              { t: 9, conn: 'c1', frame: 0, dir: 'in', transport: 'polling', size: 1, eio: { type: 'noop' } },
            ],
            true,
          );
          return control;
        },
      });
      const info = await ok<SessionInfo>('connections.open', {
        ...OPTIONS,
        path: '/io/',
        namespaces: ['/', '/admin'],
        headers: { Authorization: 'Bearer secret', 'X-Trace': 'abc' },
      });
      const saved = await ok<{ content: string }>('sessions.save', { session: info.session });
      const header = {
        format: 'sio-inspector-session',
        version: 1,
        created: '2026-03-01T10:00:00.000Z',
        target: OPTIONS.url,
        options: {
          kind: 'connect',
          eio: 'auto',
          transports: ['websocket'],
          upgrade: false,
          path: '/io/',
          namespaces: ['/', '/admin'],
          headers: ['Authorization: <redacted>', 'X-Trace: abc'],
          insecure: false,
          ackReply: [],
        },
        tool: { name: 'sio-inspector', version: expect.any(String) },
      };
      expect(JSON.parse(saved.content.split('\n')[0] ?? '')).toEqual(header);
      // The recording says the same.
      const recorded = readFileSync(info.recording ?? '', 'utf8').split('\n')[0] ?? '';
      expect(JSON.parse(recorded)).toEqual(header);
      // The saved file's HAR is dated as the live session's own.
      const liveHar = await ok<{ content: string }>('sessions.save', {
        session: info.session,
        format: 'har',
      });
      const reopened = await openText(saved.content, 'saved.ndjson');
      await eventually(events, offline(reopened.session));
      const har = await ok<{ content: string }>('sessions.save', {
        session: reopened.session,
        format: 'har',
      });
      const firstStart = (text: string): string | undefined =>
        (JSON.parse(text) as { log: { entries: { startedDateTime: string }[] } }).log.entries[0]
          ?.startedDateTime;
      expect(firstStart(liveHar.content)).toBe('2026-03-01T10:00:00.007Z');
      expect(firstStart(har.content)).toBe('2026-03-01T10:00:00.007Z');
    } finally {
      now.mockRestore();
    }
  });

  it('leaves no session and no session file when the engine refuses the options', async () => {
    const recordDir = join(dir, 'refused');
    setup({
      recordDir,
      connect: () => {
        throw new UserError('usage', 'bad namespace');
      },
    });
    expect(await refused('connections.open', OPTIONS)).toMatchObject({
      code: 'invalid-request',
      message: 'bad namespace',
    });
    expect(await ok('sessions.list')).toEqual([]);
    expect(readdirSync(recordDir)).toEqual([]);
  });

  it('answers unsupported without a connection engine', async () => {
    setup();
    expect((await refused('connections.open', OPTIONS)).code).toBe('unsupported');
    expect(await ok('sessions.list')).toEqual([]);
  });

  it('analyses on a worker: requests for the same records share a run, later ones one run over the new records', async () => {
    let opened: Session | undefined;
    setup({
      connect: (_options, session) => {
        opened = session;
        return {
          emit: () => undefined,
          ack: () => undefined,
          ackReplies: () => undefined,
          join: () => undefined,
          leave: () => undefined,
          sendRaw: () => undefined,
          send: () => undefined,
          fault: () => undefined,
          close: async () => undefined,
        };
      },
    });
    const { session } = await ok<SessionInfo>('connections.open', OPTIONS);
    const emits = (from: number, count: number): void =>
      opened?.append(
        Array.from({ length: count }, (_, k): SessionRecord => {
          const id = from + k;
          const data = `42${id}["chat",${id}]`;
          return {
            t: id,
            conn: 'c1',
            frame: id,
            dir: 'out',
            transport: 'websocket',
            size: data.length,
            eio: { type: 'message', data },
            sio: { type: 'EVENT', nsp: '/', id, event: 'chat', args: [id] },
          };
        }),
        true,
      );
    type Analyses = { summary: { acks: { sent: number } } }[];
    const analyse = async (): Promise<Analyses> => ok<Analyses>('sessions.analyse', { session });
    emits(0, 3);
    const first = analyse();
    const same = analyse();
    emits(3, 2);
    const later = analyse();
    const alsoLater = analyse();
    const [a, b, c, d] = await Promise.all([first, same, later, alsoLater]);
    expect(a).toBe(b);
    expect(a?.[0]?.summary.acks.sent).toBe(3);
    expect(c).toBe(d);
    expect(c?.[0]?.summary.acks.sent).toBe(5);
    // Nothing appended since: the answer held.
    expect(await analyse()).toBe(c);
  });

  it('coalesces per-frame appends into few batches carrying the records, and routes commands', async () => {
    const calls: unknown[] = [];
    let opened: Session | undefined;
    const control: LiveControl = {
      emit: (...args) => void calls.push(['emit', ...args]),
      ack: (...args) => void calls.push(['ack', ...args]),
      ackReplies: (...args) => void calls.push(['ackReplies', ...args]),
      join: (...args) => void calls.push(['join', ...args]),
      leave: (...args) => void calls.push(['leave', ...args]),
      sendRaw: (frame) => void calls.push(['raw', frame]),
      send: (data) => void calls.push(['send', data]),
      fault: (fault) => void calls.push(['fault', fault]),
      close: async () => void calls.push(['close']),
    };
    const { events } = setup({
      connect: (options, session) => {
        opened = session;
        calls.push(['open', options.url]);
        return control;
      },
    });
    const info = await ok<SessionInfo>('connections.open', OPTIONS);
    expect(info).toMatchObject({ kind: 'live', state: 'connecting', title: OPTIONS.url, total: 0 });
    // 1000 frames arriving one by one in the same tick, as a burst off the socket would.
    for (let i = 0; i < 1000; i++) opened?.append([{ t: i, conn: 'c1', event: 'ws-open' }], true);
    opened?.setState('open');
    const batches = events.filter((e) => e.type === 'records');
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ total: 1000 });
    // Only the newest records travel; the renderer pages in the rest.
    expect(batches[0]).toMatchObject({ from: 1000 - MAX_BATCH_RECORDS });
    expect(batches[0]?.type === 'records' && batches[0].records).toHaveLength(MAX_BATCH_RECORDS);
    // The batch brought the first connection: its info follows it, then the state change.
    const infos = events.filter((e) => e.type === 'session');
    expect(events.indexOf(batches[0]!)).toBeLessThan(events.indexOf(infos[0]!));
    expect(infos[0]).toMatchObject({ info: { connections: ['c1'], total: 1000 } });
    expect(events[events.length - 1]).toEqual({
      type: 'session',
      info: { ...info, state: 'open', total: 1000, connections: ['c1'] },
    });
    // A second connection is news once, with the batch that brought it; more of its records are not.
    opened?.append([{ t: 1000, conn: 'c2', event: 'ws-open' }], true);
    opened?.append([{ t: 1001, conn: 'c2', event: 'ws-open' }], true);
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'session')).toHaveLength(infos.length + 1));
    expect(events.at(-1)).toMatchObject({
      type: 'session',
      info: { connections: ['c1', 'c2'], total: 1002 },
    });
    expect(events.at(-2)).toMatchObject({ type: 'records', total: 1002 });

    const session = info.session;
    await ok('connections.emit', { session, nsp: '/', event: 'echo', args: [1], ack: true });
    await ok('connections.ack', { session, nsp: '/', id: 4, args: ['ok'] });
    await ok('connections.ackReplies', { session, ackReply: [], ackReplies: { ask: 'manual', x: [1] } });
    await ok('connections.join', { session, nsp: '/admin', auth: { token: 't' } });
    await ok('connections.join', { session, nsp: '/x' });
    await ok('connections.leave', { session, nsp: '/admin' });
    await ok('connections.sendRaw', { session, binary: 'AQID' });
    await ok('connections.sendRaw', { session, text: '2probe' });
    await ok('connections.send', { session, text: '42 is the answer' });
    await ok('connections.send', { session, binary: 'AQID' });
    await ok('connections.fault', { session, fault: { kind: 'delay-pong', ms: 100 } });
    await ok('connections.close', { session });
    expect(calls).toEqual([
      ['open', OPTIONS.url],
      ['emit', '/', 'echo', [1], true],
      ['ack', '/', 4, ['ok']],
      ['ackReplies', [], { ask: 'manual', x: [1] }],
      ['join', '/admin', { token: 't' }],
      ['join', '/x', undefined],
      ['leave', '/admin'],
      ['raw', { binary: new Uint8Array([1, 2, 3]) }],
      ['raw', { text: '2probe' }],
      ['send', '42 is the answer'],
      ['send', new Uint8Array([1, 2, 3])],
      ['fault', { kind: 'delay-pong', ms: 100 }],
      ['close'],
    ]);
  });
});
