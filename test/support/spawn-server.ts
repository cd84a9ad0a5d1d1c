// Runs a long-lived command (serve, npm start) and waits for the URL it prints, without sleeping:
// resolves as soon as a stdout line matches, rejects when the process ends first or the time is up.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Started {
  readonly child: ChildProcess;
  /** What the process printed until the URL, both streams. */
  readonly stdout: string;
  readonly stderr: string;
  readonly url: string;
}

const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/;

export function startAndWaitForUrl(
  command: string,
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string; readonly timeoutMs: number },
): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so the test can stop it with everything it started (npm → node).
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      void stop(child);
      reject(new Error(`no URL within ${options.timeoutMs} ms; stdout: ${stdout} stderr: ${stderr}`));
    }, options.timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const url = URL_PATTERN.exec(stdout)?.[0];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({ child, stdout, stderr, url });
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing a URL; stdout: ${stdout} stderr: ${stderr}`));
    });
  });
}

/** Stops the process group; resolves with the exit code once it has exited. */
export function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  }
  return exited;
}
