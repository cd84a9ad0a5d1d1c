// A command the tests start as a user would (the CLI, `serve`, `npm start`) and talk to while it runs:
// its output collected, a line of it awaited without sleeping, and stopped with whatever it started.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { CliResult } from './cli';
import { tempDir } from './temp-dir';

/** The URL `serve` (and `npm start` without Electron) prints, token included. */
export const SERVED_URL = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/;

export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** What the process has printed so far. */
  stdout(): string;
  stderr(): string;
  /**
   * Resolve with the first match of `pattern` in what the process printed on that stream; reject if the
   * process exits first or, with `timeoutMs`, when the time is up.
   */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends the signal (default SIGTERM) and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
  readonly exited: Promise<CliResult>;
}

export interface SpawnOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Killed after this long, whatever it is doing. Default 30 s; Infinity for a server a suite keeps. */
  readonly timeoutMs?: number;
  /**
   * Its own process group, stopped as a whole: for a command that starts others (npm → node) and may
   * not pass a signal on.
   */
  readonly group?: boolean;
}

/** The built CLI (`buildCli`) with `args`, colours off. */
export function spawnCli(cli: string, args: readonly string[], options: SpawnOptions = {}): CliProcess {
  return spawnProcess(process.execPath, [cli, ...args], {
    ...options,
    env: { NO_COLOR: '', FORCE_COLOR: '', ...options.env },
  });
}

export function spawnProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): CliProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: options.group === true,
  });
  const output = { stdout: '', stderr: '' };
  const watchers = new Set<() => void>();
  const watch = (): void => {
    for (const w of watchers) w();
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    output.stdout += d;
    watch();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    output.stderr += d;
    watch();
  });
  const signal = (sig: NodeJS.Signals): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (options.group === true && child.pid !== undefined) {
      try {
        process.kill(-child.pid, sig);
        return;
      } catch {
        // The group is gone already; the child itself may not be.
      }
    }
    child.kill(sig);
  };
  const lifetime = options.timeoutMs ?? 30_000;
  const timer = Number.isFinite(lifetime) ? setTimeout(() => signal('SIGKILL'), lifetime) : undefined;
  // A test process that ends without stopping it must not leave it behind.
  const reap = (): void => signal('SIGKILL');
  process.once('exit', reap);
  let failed: Error | undefined;
  const exited = new Promise<CliResult>((resolve) => {
    const end = (code: number | null): void => {
      clearTimeout(timer);
      process.off('exit', reap);
      watch();
      resolve({ code, ...output });
    };
    child.on('close', end);
    // It could not be started at all (no such command): nothing else will be heard of it.
    child.on('error', (error) => {
      failed = error;
      if (child.pid === undefined) end(null);
    });
  });
  const waitFor = (stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs: number | undefined) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const done = (): void => {
        watchers.delete(check);
        clearTimeout(deadline);
      };
      const printed = (): string => `stdout: ${output.stdout}\nstderr: ${output.stderr}`;
      const check = (): void => {
        const match = pattern.exec(output[stream]);
        if (match !== null) {
          done();
          resolve(match);
        } else if (failed !== undefined || child.exitCode !== null || child.signalCode !== null) {
          done();
          const why = failed === undefined ? 'exited' : `failed (${failed.message})`;
          reject(new Error(`${command} ${why} before printing ${pattern} on ${stream}\n${printed()}`));
        }
      };
      const deadline =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              done();
              reject(new Error(`${command} printed no ${pattern} within ${timeoutMs} ms\n${printed()}`));
            }, timeoutMs);
      watchers.add(check);
      check();
    });
  return {
    child,
    exited,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    waitForStdout: (pattern, timeoutMs) => waitFor('stdout', pattern, timeoutMs),
    waitForStderr: (pattern, timeoutMs) => waitFor('stderr', pattern, timeoutMs),
    stop: async (sig = 'SIGTERM') => {
      signal(sig);
      return exited;
    },
  };
}

/**
 * The port a server run as a child process (python-server.py, a socket.io server to kill mid-stream)
 * says it listens on, in its "listening <port>" line.
 */
export async function listeningPort(server: CliProcess, name: string): Promise<number> {
  try {
    const [, port] = await server.waitForStdout(/listening (\d+)/);
    return Number(port);
  } catch {
    throw new Error(`${name} exited (${(await server.exited).code}) before listening:\n${server.stderr()}`);
  }
}

export interface Serving extends CliProcess {
  readonly url: string;
}

/**
 * Starts a command that serves the app (`serve`, `npm start` without Electron) in its own process group
 * and resolves once it printed its URL; one that never does is stopped.
 */
export async function startServing(
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'timeoutMs' | 'group'> & { readonly waitMs: number },
): Promise<Serving> {
  // A served app keeps settings under XDG_CONFIG_HOME; a test that names none gets a fresh folder, never
  // the user's own ~/.config/sio-inspector.
  const env = { XDG_CONFIG_HOME: tempDir('sio-served-config'), ...options.env };
  const started = spawnProcess(command, args, { ...options, env, timeoutMs: Infinity, group: true });
  try {
    const [url] = await started.waitForStdout(SERVED_URL, options.waitMs);
    return Object.assign(started, { url });
  } catch (error) {
    await started.stop('SIGKILL');
    throw error;
  }
}
