// What a command may touch of its process: its three streams, its environment and the user's Ctrl-C.
// Commands take it as a parameter so that nothing but main (and launch) reaches for `process`.
import type { Readable, Writable } from 'node:stream';

export interface CommandIo {
  readonly stdin: Readable;
  readonly stdout: Writable & { isTTY?: boolean };
  /** Progress and the one-line reason for a failure; never records. */
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Calls `act` once, on the first SIGINT or SIGTERM; the answer stops listening. */
  readonly onInterrupt: (act: () => void) => () => void;
}

/** The process's own streams and signals. */
export function processIo(): CommandIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt: (act) => {
      const once = (): void => {
        stop();
        act();
      };
      const stop = (): void => {
        process.off('SIGINT', once);
        process.off('SIGTERM', once);
      };
      process.on('SIGINT', once);
      process.on('SIGTERM', once);
      return stop;
    },
  };
}

/** Settles on the first SIGINT or SIGTERM. */
export function interrupted(io: CommandIo): Promise<void> {
  return new Promise((resolve) => io.onInterrupt(resolve));
}
