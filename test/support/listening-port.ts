// Servers run as child processes (python-server.py, a socket.io server to kill mid-stream) print
// "listening <port>" once they accept connections on 127.0.0.1.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** The port `child` says it listens on; rejects with its stderr if it exits, or cannot start, first. */
export function listeningPort(child: ChildProcessWithoutNullStreams, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /listening (\d+)/.exec(stdout);
      if (match?.[1] !== undefined) resolve(Number(match[1]));
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening:\n${stderr}`)));
  });
}
