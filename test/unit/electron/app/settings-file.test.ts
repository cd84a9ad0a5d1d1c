import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfigDir, SettingsFile } from '../../../../electron/app/settings-file';
import { tempDir } from '../../../support/temp-dir';

const LOCAL = { url: 'http://127.0.0.1:3000', transports: ['websocket' as const], upgrade: false };

function freshDir(): string {
  return join(tempDir('sio-settings'), 'config');
}

describe('SettingsFile', () => {
  it('starts empty with no file, and writes what it is given as readable JSON, owner only', async () => {
    const dir = freshDir();
    const file = new SettingsFile(dir);
    expect(await file.read()).toEqual({
      settings: { connections: [], recentConnections: [], recentFiles: [], openFiles: [] },
    });
    await file.update({ connections: [{ name: 'local', options: LOCAL }] });
    await file.opened('/tmp/a.ndjson');
    await file.opened('/tmp/b.ndjson');
    await file.opened('/tmp/a.ndjson');
    const text = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({
      connections: [{ name: 'local', options: LOCAL }],
      recentConnections: [],
      recentFiles: ['/tmp/a.ndjson', '/tmp/b.ndjson'],
      openFiles: [],
    });
    expect(text).toContain('\n  "connections"');
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    expect((await new SettingsFile(dir).read()).settings.recentFiles).toEqual([
      '/tmp/a.ndjson',
      '/tmp/b.ndjson',
    ]);
    expect(await new SettingsFile(dir).lists('/tmp/b.ndjson')).toBe(true);
    expect(await new SettingsFile(dir).lists('/etc/passwd')).toBe(false);
  });

  it('moves a file that is not JSON aside and says so in one line', async () => {
    const dir = freshDir();
    await new SettingsFile(dir).update({});
    writeFileSync(join(dir, 'settings.json'), '{"connections": [');
    const file = new SettingsFile(dir);
    const { settings, notice } = await file.read();
    expect(settings.connections).toEqual([]);
    expect(notice).toMatch(
      /settings\.json is not JSON \(.*\): starting with no settings, the file is kept as .*settings\.json\.broken$/,
    );
    expect(notice).not.toContain('\n');
    expect(readFileSync(join(dir, 'settings.json.broken'), 'utf8')).toBe('{"connections": [');
    await file.update({ activeFile: '/x' });
    expect(existsSync(join(dir, 'settings.json'))).toBe(true);
  });

  it('keeps the entries that fit from a hand-edited file and names what was left out', async () => {
    const dir = freshDir();
    await new SettingsFile(dir).update({});
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ connections: [{ name: 'ok', options: LOCAL }, { name: 'bad' }], openFiles: ['/a'] }),
    );
    const { settings, notice } = await new SettingsFile(dir).read();
    expect(settings.connections.map((c) => c.name)).toEqual(['ok']);
    expect(settings.openFiles).toEqual(['/a']);
    expect(notice).toBe(
      `${join(dir, 'settings.json')}: connections[1].options must be an object; what does not fit is left out`,
    );
  });

  it('lives in the XDG config folder for the web host', () => {
    expect(defaultConfigDir({ XDG_CONFIG_HOME: '/c' }, 'linux')).toBe('/c/sio-inspector');
    expect(defaultConfigDir({}, 'linux')).toMatch(/\.config\/sio-inspector$/);
  });
});
