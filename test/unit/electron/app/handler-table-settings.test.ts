// The handler table's settings: what the page writes, the files the Node side lists, what reopens at start.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo, SettingsSnapshot } from '../../../../shared/bridge/api';
import { createHandlerTable, type HandlerTable } from '../../../../electron/app/handler-table';
import { tempDir } from '../../../support/temp-dir';

const LINES = [
  {
    dir: 'in',
    transport: 'websocket',
    text: '0{"sid":"a","upgrades":[],"pingInterval":300,"pingTimeout":200}',
  },
  { dir: 'out', transport: 'websocket', text: '40' },
]
  .map((l) => JSON.stringify(l))
  .join('\n');

let tables: HandlerTable[] = [];

function table(settingsDir: string): HandlerTable {
  const created = createHandlerTable({ batching: { intervalMs: 5 }, settingsDir });
  tables.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(tables.map((t) => t.dispose()));
  tables = [];
});

async function ok<T>(t: HandlerTable, method: string, params?: unknown): Promise<T> {
  const outcome = await t.dispatch(method, params);
  if (!outcome.ok) throw new Error(`${method} failed: ${outcome.error.message}`);
  return outcome.result as T;
}

describe('settings over the bridge', () => {
  it('keeps what the page writes, reopens the open files at the next start, and opens only listed paths', async () => {
    const dir = tempDir('sio-table-settings');
    const config = join(dir, 'config');
    const file = join(dir, 'frames.ndjson');
    writeFileSync(file, LINES);

    const first = table(config);
    const opened = await first.openPath(file);
    expect(opened.session.info().file).toBe(file);
    await ok(first, 'settings.write', {
      connections: [
        { name: 'local', options: { url: 'http://127.0.0.1:1', transports: ['polling'], upgrade: false } },
      ],
      activeFile: file,
    });
    await opened.loaded;
    const read = await ok<SettingsSnapshot>(first, 'settings.read');
    expect(read).toMatchObject({
      file: join(config, 'settings.json'),
      settings: { recentFiles: [file], openFiles: [file], activeFile: file },
    });
    expect(read.settings.connections.map((c) => c.name)).toEqual(['local']);
    await first.dispose();

    const second = table(config);
    await second.restore();
    const [restored] = await ok<SessionInfo[]>(second, 'sessions.list');
    expect(restored).toMatchObject({ kind: 'file', file, title: 'frames.ndjson' });
    const again = await ok<SessionInfo>(second, 'sessions.openRecent', { path: file });
    expect(again.file).toBe(file);

    const refused = await second.dispatch('sessions.openRecent', { path: '/etc/passwd' });
    expect(refused).toMatchObject({
      ok: false,
      error: { message: 'only a file the recent files list can be opened by its path' },
    });
    const bad = await second.dispatch('settings.write', { openFiles: ['/etc/passwd'] });
    expect(bad).toMatchObject({
      ok: false,
      error: { message: 'settings.write: request has an unknown field "openFiles"' },
    });
    expect(JSON.parse(readFileSync(join(config, 'settings.json'), 'utf8')).openFiles).toEqual([file]);
  });

  it('says which open file could not be reopened, in the settings notice', async () => {
    const config = join(tempDir('sio-table-settings'), 'config');
    const first = table(config);
    await ok(first, 'settings.write', {});
    await first.dispose();
    writeFileSync(join(config, 'settings.json'), JSON.stringify({ openFiles: ['/nowhere/gone.ndjson'] }));
    const second = table(config);
    await second.restore();
    expect(await ok(second, 'sessions.list')).toEqual([]);
    expect((await ok<SettingsSnapshot>(second, 'settings.read')).notice).toMatch(
      /^not reopened: .*gone\.ndjson/,
    );
  });

  it('keeps nothing in a host without a settings folder', async () => {
    const t = createHandlerTable();
    tables.push(t);
    expect(await ok(t, 'settings.read')).toEqual({
      settings: { connections: [], recentConnections: [], recentFiles: [], openFiles: [] },
    });
    expect(await t.dispatch('settings.write', {})).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
  });
});
