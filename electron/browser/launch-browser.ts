// Starts a Chromium-family browser for one recording: a fresh profile in a temporary directory (no
// cookies, extensions or sessions of the user's), DevTools over --remote-debugging-pipe (no port
// anyone else could reach), and everything removed again when it closes.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeChannel } from './cdp-channels';
import { CdpClient } from './cdp-client';
import { UserError } from '../../shared/user-error';

export interface LaunchOptions {
  readonly executable: string;
  readonly headless: boolean;
}

export interface LaunchedBrowser {
  readonly client: CdpClient;
  /** Resolves once the browser process has exited, for whatever reason. */
  readonly exited: Promise<void>;
  /** Closes the browser, waits for it to exit and removes its profile. */
  close(): Promise<void>;
}

/** How long the browser may take to answer its first DevTools command, and to exit when asked. */
const START_TIMEOUT_MS = 30_000;
const CLOSE_GRACE_MS = 5_000;
/** The tail of the browser's stderr kept to say why it failed to start. */
const STDERR_TAIL = 4096;

export async function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'sio-inspector-browser-'));
  const args = [
    `--user-data-dir=${profile}`,
    '--remote-debugging-pipe',
    '--no-first-run',
    '--no-default-browser-check',
    // A recording should show the page's traffic, not the browser's own.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(options.headless ? ['--headless', '--disable-gpu'] : []),
    // Chromium refuses to start as root with its sandbox on (containers, CI); there is no other way.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    'about:blank',
  ];
  // Its own process group: Ctrl-C in the terminal reaches us, and we close the browser in order.
  const child = spawn(options.executable, args, {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr
    ?.setEncoding('utf8')
    .on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_TAIL)));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const removeProfile = (): Promise<void> =>
    rm(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }).catch(() => undefined);
  const client = new CdpClient(pipeChannel(child.stdio[3] as Writable, child.stdio[4] as Readable));

  const ready = await Promise.race([
    client.send('Browser.getVersion').then(() => undefined),
    spawnError.then((error) => `cannot start ${options.executable}: ${error.message}`),
    exited.then(() => `${options.executable} exited before DevTools answered${lastLine(stderr)}`),
    delay(START_TIMEOUT_MS).then(
      () => `${options.executable} did not answer DevTools within ${START_TIMEOUT_MS / 1000} s`,
    ),
  ]).catch(async (error: unknown) => {
    // A pipe that broke usually means the program exited: say that, once it has.
    await Promise.race([exited, delay(1000)]);
    return child.exitCode !== null
      ? `${options.executable} exited before DevTools answered${lastLine(stderr)}`
      : `${options.executable} did not answer DevTools: ${(error as Error).message}${lastLine(stderr)}`;
  });
  if (ready !== undefined) {
    child.kill('SIGKILL');
    await exited;
    killGroup(child.pid);
    await removeProfile();
    throw new UserError('io', ready);
  }

  let closing: Promise<void> | undefined;
  return {
    client,
    exited,
    close: () =>
      (closing ??= (async () => {
        if (!client.isClosed) await client.send('Browser.close').catch(() => undefined);
        client.close();
        const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
        await exited;
        clearTimeout(timer);
        // Helpers the browser left behind (its own process group) would go on writing to the profile.
        killGroup(child.pid);
        await removeProfile();
      })()),
  };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined || process.platform === 'win32') return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Nothing left in the group.
  }
}

function lastLine(stderr: string): string {
  const line = stderr.trim().split('\n').pop()?.trim();
  return line === undefined || line === '' ? '' : `: ${line}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
