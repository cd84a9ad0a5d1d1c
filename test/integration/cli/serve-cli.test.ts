import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli } from '../../support/cli';
import { connectBridge, eventually, get } from '../../support/host-client';
import { startServing, type Serving } from '../../support/cli-process';
import { tempDir } from '../../support/temp-dir';

let cli: string;
let dir: string;
let renderer: string;
let running: Serving | undefined;

beforeAll(async () => {
  cli = await buildCli();
  dir = tempDir('sio-serve');
  renderer = tempDir('sio-serve-renderer');
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>sio-inspector</title>');
});

afterEach(async () => {
  if (running !== undefined) await running.stop('SIGKILL');
  running = undefined;
});

describe('sio-inspector serve', () => {
  it('prints the URL, serves the page with the token, opens --session, and ends on SIGTERM', async () => {
    const session = join(dir, 'frames.ndjson');
    writeFileSync(
      session,
      [
        {
          dir: 'in',
          transport: 'websocket',
          text: '0{"sid":"x","upgrades":[],"pingInterval":1,"pingTimeout":1}',
        },
        { dir: 'out', transport: 'websocket', text: '40' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const started = await startServing(process.execPath, [cli, 'serve', '--no-open', '--session', session], {
      env: { SIO_INSPECTOR_RENDERER_DIR: renderer, XDG_CONFIG_HOME: dir },
      waitMs: 15_000,
    });
    running = started;
    expect(started.stdout()).toBe(`sio-inspector: serving the app at ${started.url}\n`);
    const port = Number(new URL(started.url).port);
    const page = await get(port, new URL(started.url).pathname + new URL(started.url).search);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>sio-inspector</title>');
    expect((await get(port, '/')).status).toBe(403);

    const { bridge, events } = connectBridge(started.url);
    try {
      const [info] = await bridge.sessions.list();
      expect(info).toMatchObject({ kind: 'file', title: 'frames.ndjson' });
      if (info?.state !== 'offline')
        await eventually(bridge, events, (e) => e.type === 'session' && e.info.state === 'offline');
      const records = await bridge.sessions.page({ session: info?.session ?? '', from: 0, count: 10 });
      expect(records.map((r) => ('eio' in r ? r.eio?.type : undefined))).toEqual(['open', 'message']);
    } finally {
      bridge.close();
    }
    expect((await started.stop()).code).toBe(0);
    running = undefined;
  });

  it.each([
    [
      ['serve', '--port', 'http'],
      'sio-inspector: serve: --port must be a port number from 0 to 65535 (got "http")\n',
    ],
    [
      ['serve', '--port', '70000'],
      'sio-inspector: serve: --port must be a port number from 0 to 65535 (got "70000")\n',
    ],
    [['serve', 'extra'], 'sio-inspector: serve: unexpected argument "extra"\n'],
    [
      ['serve', '--session', '/no/such/file.ndjson'],
      'sio-inspector: serve: cannot read /no/such/file.ndjson: no such file\n',
    ],
  ])('refuses %j in one line with status 2', async (args, stderr) => {
    const result = await runCli(cli, args);
    expect(result.stderr).toBe(stderr);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('refuses a session file that is not a session, in one line', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'remember the milk\n');
    const result = await runCli(cli, ['serve', '--no-open', '--session', path]);
    expect(result.stderr).toBe(
      'sio-inspector: serve: notes.txt is not a session: its first line is neither a session header, a record nor a frame line\n',
    );
    expect(result.code).toBe(2);
  });
});
