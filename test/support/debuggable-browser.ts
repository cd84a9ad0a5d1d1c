// Chromium as a user starts it for `attach`: headless, its own profile, --remote-debugging-port (0: it
// picks, and writes the port it took to DevToolsActivePort in the profile).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/support/browser';
import { tempDir } from './temp-dir';

export interface DebuggableBrowser {
  readonly port: number;
  readonly running: boolean;
  openTab(url: string): Promise<void>;
  tabs(): Promise<string[]>;
  close(): Promise<void>;
}

/** Chromium as a user starts it for attach: its own profile, --remote-debugging-port (0: it picks). */
export async function startDebuggableBrowser(): Promise<DebuggableBrowser> {
  const profile = tempDir('sio-attach-profile');
  const child: ChildProcess = spawn(
    CHROMIUM,
    [
      ...CHROMIUM_ARGS,
      '--headless',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    // Its own process group, so that its helpers go with it at the end.
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  // The browser writes the port it picked to DevToolsActivePort in its profile once it listens.
  const portFile = join(profile, 'DevToolsActivePort');
  const port = await new Promise<number>((resolve, reject) => {
    const check = (): void => {
      if (!running) return reject(new Error('chromium exited before it listened'));
      if (existsSync(portFile)) {
        const first = readFileSync(portFile, 'utf8').split('\n')[0];
        if (first !== undefined && /^\d+$/.test(first)) return resolve(Number(first));
      }
      setTimeout(check, 50);
    };
    check();
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    port,
    get running() {
      return running;
    },
    async openTab(url) {
      const response = await fetch(`${base}/json/new?${url}`, { method: 'PUT' });
      expect(response.ok).toBe(true);
    },
    async tabs() {
      const list = (await (await fetch(`${base}/json/list`)).json()) as { url: string }[];
      return list.map((tab) => tab.url);
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the helpers are gone already
      }
      // The browser's helper processes may still be writing to the profile for a moment after it exits.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
