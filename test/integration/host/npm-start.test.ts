import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { get } from '../../support/host-client';
import { spawnProcess, startServing, type Serving } from '../../support/cli-process';
import { tempDir } from '../../support/temp-dir';

const ROOT = resolve(import.meta.dirname, '../../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** npm start bundles main, preload and the launcher first (esbuild, a second or two) and may try Electron's download. */
const START_TIMEOUT_MS = 60_000;
const FALLBACK =
  /^sio-inspector: cannot open the desktop app here \((.+)\); serving it to your browser instead$/;

let renderer: string;
let running: Serving | undefined;

beforeAll(() => {
  renderer = tempDir('sio-start-renderer');
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>sio-inspector</title>');
});

afterEach(async () => {
  if (running !== undefined) await running.stop('SIGKILL');
  running = undefined;
});

/** `npm start -- --no-open` with a test renderer; `env` on top. */
async function npmStart(env: NodeJS.ProcessEnv): Promise<Serving> {
  running = await startServing(NPM, ['start', '--silent', '--', '--no-open'], {
    cwd: ROOT,
    env: { SIO_INSPECTOR_RENDERER_DIR: renderer, ...env },
    waitMs: START_TIMEOUT_MS,
  });
  return running;
}

/** A server on its way down may still accept and hang up; gone means connections are refused. */
async function refusedWithin(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await get(port, '/');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('npm start without an Electron binary', () => {
  it(
    'says so in one line, then serves the app at the printed URL',
    { timeout: START_TIMEOUT_MS + 10_000 },
    async () => {
      const started = await npmStart({ ELECTRON_OVERRIDE_DIST_PATH: '' });
      const lines = started.stdout().trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(FALLBACK);
      expect(lines[1]).toBe(`sio-inspector: serving the app at ${started.url}`);
      expect(started.stderr()).not.toMatch(/\n\s+at /); // no stack trace
      const url = new URL(started.url);
      const page = await get(Number(url.port), `/?token=${url.searchParams.get('token') ?? ''}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<title>sio-inspector</title>');
      expect((await get(Number(url.port), '/')).status).toBe(403);
      // npm itself dies of the signal; what matters is that the server went away with it.
      await started.stop();
      running = undefined;
      expect(await refusedWithin(Number(url.port), 5_000)).toBe(true);
    },
  );

  it(
    'honours ELECTRON_OVERRIDE_DIST_PATH, and says when it holds no Electron',
    { timeout: START_TIMEOUT_MS + 10_000 },
    async () => {
      const empty = tempDir('sio-no-electron');
      const started = await npmStart({ ELECTRON_OVERRIDE_DIST_PATH: empty });
      const reason = FALLBACK.exec(started.stdout().split('\n')[0] ?? '')?.[1];
      expect(reason).toBe(`ELECTRON_OVERRIDE_DIST_PATH has no Electron at ${join(empty, 'electron')}`);
    },
  );
});

describe('npm start with an Electron binary', () => {
  it.runIf(process.platform === 'linux')(
    'launches it on the app folder where a display exists',
    { timeout: START_TIMEOUT_MS },
    async () => {
      // A stand-in for the Electron binary: records how it was started, then exits as a closed app would.
      const dist = tempDir('sio-fake-electron');
      const record = join(dist, 'argv.txt');
      writeFileSync(join(dist, 'electron'), `#!/bin/sh\necho "$@" > "${record}"\nexit 0\n`);
      chmodSync(join(dist, 'electron'), 0o755);
      const started = spawnProcess(NPM, ['start', '--silent'], {
        cwd: ROOT,
        env: { ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':99', SIO_INSPECTOR_RENDERER_DIR: renderer },
        timeoutMs: START_TIMEOUT_MS,
      });
      const { code, stdout } = await started.exited;
      expect(code).toBe(0);
      expect(stdout).toBe('');
      expect(readFileSync(record, 'utf8').trim()).toBe(ROOT);
    },
  );

  it.runIf(process.platform === 'linux')(
    'falls back to the browser when there is no display',
    { timeout: START_TIMEOUT_MS + 10_000 },
    async () => {
      const dist = tempDir('sio-fake-electron');
      writeFileSync(join(dist, 'electron'), '#!/bin/sh\nexit 0\n');
      chmodSync(join(dist, 'electron'), 0o755);
      const started = await npmStart({ ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: '', WAYLAND_DISPLAY: '' });
      expect(FALLBACK.exec(started.stdout().split('\n')[0] ?? '')?.[1]).toBe(
        'there is no display to open a window on (no DISPLAY or WAYLAND_DISPLAY)',
      );
    },
  );
});
