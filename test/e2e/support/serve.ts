// `sio-inspector serve` as a user starts it: the built CLI in a child process, on a free port, without
// opening a browser. Resolves with the URL it prints (token included).
import { buildCli } from '../../support/cli';
import { startServing } from '../../support/cli-process';
import { ensureRenderer } from './renderer-build';

export interface Served {
  readonly url: string;
  /** The serve process (its memory is what a bench samples). */
  readonly pid: number | undefined;
  /** What the process printed on stderr so far (a failing test shows it). */
  readonly stderr: () => string;
  stop(): Promise<void>;
}

let cli: Promise<string> | undefined;

/**
 * `configDir`: the XDG config home the app keeps its settings under; absent: a fresh one, so no test
 * sees another's saved connections or reopened files (and none touches the user's own). `nodeArgs`:
 * Node's own options (`--inspect=127.0.0.1:0`), before the script.
 */
export async function startServe(
  args: readonly string[] = [],
  timeoutMs = 60_000,
  configDir?: string,
  nodeArgs: readonly string[] = [],
): Promise<Served> {
  const [script, rendererDir] = await Promise.all([(cli ??= buildCli()), ensureRenderer()]);
  const served = await startServing(
    process.execPath,
    [...nodeArgs, script, 'serve', '--no-open', '--port', '0', ...args],
    {
      env: {
        SIO_INSPECTOR_RENDERER_DIR: rendererDir,
        NO_COLOR: '1',
        ...(configDir !== undefined && { XDG_CONFIG_HOME: configDir }),
      },
      waitMs: timeoutMs,
    },
  );
  return {
    url: served.url,
    pid: served.child.pid,
    stderr: served.stderr,
    stop: async () => {
      // serve ends on SIGTERM; a wedged one must not hold the test run.
      const wedged = setTimeout(() => void served.stop('SIGKILL'), 5000);
      await served.stop();
      clearTimeout(wedged);
    },
  };
}
