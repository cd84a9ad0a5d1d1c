// `sio-inspector serve` as a user starts it: the built CLI in a child process, on a free port, without
// opening a browser. Resolves with the URL it prints (token included).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../support/cli';
import { ensureRenderer } from './renderer-build';

export interface Served {
  readonly url: string;
  /** What the process printed on stderr so far (a failing test shows it). */
  readonly stderr: () => string;
  stop(): Promise<void>;
}

let cli: Promise<string> | undefined;

/**
 * `configDir`: the XDG config home the app keeps its settings under; absent: a fresh one, so no test
 * sees another's saved connections or reopened files (and none touches the user's own).
 */
export async function startServe(
  args: readonly string[] = [],
  timeoutMs = 60_000,
  configDir: string = mkdtempSync(join(tmpdir(), 'sio-e2e-config-')),
): Promise<Served> {
  const [script, rendererDir] = await Promise.all([(cli ??= buildCli()), ensureRenderer()]);
  const child = spawn(process.execPath, [script, 'serve', '--no-open', '--port', '0', ...args], {
    env: {
      ...process.env,
      SIO_INSPECTOR_RENDERER_DIR: rendererDir,
      NO_COLOR: '1',
      XDG_CONFIG_HOME: configDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test process that ends without calling stop() must not leave a server behind.
  const reap = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL within ${timeoutMs} ms:\n${stderr}`)),
      timeoutMs,
    );
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const found = /(http:\/\/127\.0\.0\.1:\d+\/\S*token=\S+)/.exec(stdout);
      if (found?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL:\n${stderr}`));
    });
  });
  return { url, stderr: () => stderr, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    // serve ends on SIGTERM; a wedged one must not hold the test run.
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}
