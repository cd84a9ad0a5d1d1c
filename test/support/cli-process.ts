// A long-running CLI command (proxy, replay against a server): spawned as a user runs it, with its
// stderr watched for a line to await and its stdout collected until it exits.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { CliResult } from './cli';

export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the first match of `pattern` in stderr; rejects if the process exits first. */
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray>;
  /** Sends the signal (default SIGTERM) and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
  readonly exited: Promise<CliResult>;
}

export function spawnCli(
  cli: string,
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number } = {},
): CliProcess {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const watch of watchers) watch();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const exited = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      for (const watch of watchers) watch();
      resolve({ code, stdout, stderr });
    }),
  );
  return {
    child,
    exited,
    waitForStderr: (pattern) =>
      new Promise((resolve, reject) => {
        const watch = (): void => {
          const match = pattern.exec(stderr);
          if (match !== null) {
            watchers.delete(watch);
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            watchers.delete(watch);
            reject(new Error(`the CLI exited before printing ${pattern}:\n${stderr}`));
          }
        };
        watchers.add(watch);
        watch();
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
