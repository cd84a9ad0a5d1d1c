// `sio-inspector serve [--port N] [--no-open] [--session FILE]`: the app in a browser, for machines where
// Electron cannot run (docs/architecture.md, "Where Electron cannot run"). The web host on 127.0.0.1 with
// a token in the URL, the same handler table as the desktop app, live connections included.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { errorMessage, UserError } from '../../shared/user-error';
import { createHandlerTable } from '../app/handler-table';
import { connectLive } from '../app/live-session';
import { defaultSessionsDir } from '../session-io/recording-file';
import { defaultConfigDir } from '../app/settings-file';
import { openBrowser } from '../host/open-browser';
import { startWebHost, type WebHost } from '../host/web-host';
import { parseCommandArgs } from './args';
import { prefixError, usageError } from './cli-error';
import { interrupted, type CommandIo } from './command-io';

export const SERVE_USAGE = 'serve [--port N] [--no-open] [--session FILE]';

interface ServeOptions {
  readonly port: number;
  readonly open: boolean;
  readonly session: string | undefined;
}

/** Serves until SIGINT or SIGTERM; `started` (tests, `npm start`) hears the host once it listens. */
export async function runServe(
  argv: readonly string[],
  io: CommandIo,
  started?: (host: WebHost) => void,
): Promise<void> {
  const options = parseServeArgs(argv);
  const table = createHandlerTable({
    connect: connectLive,
    recordDir: defaultSessionsDir(io.env),
    settingsDir: defaultConfigDir(io.env),
  });
  // `--session FILE` asks for that file; otherwise the app reopens what was open when it last ran.
  if (options.session === undefined) await table.restore();
  else {
    try {
      await table.openPath(options.session);
    } catch (error) {
      await table.dispose();
      throw prefixError('serve', error);
    }
  }
  let host: WebHost;
  try {
    host = await startWebHost({ table, rendererDir: rendererDir(io.env), port: options.port });
  } catch (error) {
    await table.dispose();
    throw new UserError('io', `serve: ${listenError(error, options.port)}`);
  }
  io.stdout.write(`sio-inspector: serving the app at ${host.url}\n`);
  if (options.open) openBrowser(host.url);
  started?.(host);
  await interrupted(io);
  await host.close();
  await table.dispose();
}

function parseServeArgs(argv: readonly string[]): ServeOptions {
  const { values } = parseCommandArgs(
    'serve',
    argv,
    { port: { type: 'string' }, 'no-open': { type: 'boolean' }, session: { type: 'string' } },
    { min: 0, max: 0, name: 'nothing' },
  );
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || values.port === '')
    throw usageError(`serve: --port must be a port number from 0 to 65535 (got "${String(values.port)}")`);
  return { port, open: values['no-open'] !== true, session: values.session as string | undefined };
}

/**
 * The built renderer: SIO_INSPECTOR_RENDERER_DIR when set, else `renderer/` next to the running bundle
 * (dist/cli.cjs → dist/renderer), else dist/renderer under the working directory (running from source).
 */
export function rendererDir(env: NodeJS.ProcessEnv): string {
  const override = env.SIO_INSPECTOR_RENDERER_DIR;
  if (override !== undefined && override !== '') return resolve(override);
  const script = process.argv[1];
  const besideBundle = script === undefined ? undefined : join(dirname(resolve(script)), 'renderer');
  if (besideBundle !== undefined && existsSync(join(besideBundle, 'index.html'))) return besideBundle;
  return resolve('dist', 'renderer');
}

function listenError(error: unknown, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return `port ${port} is in use (try another --port, or leave it out for a free one)`;
  if (code === 'EACCES') return `port ${port} needs privileges (try a port above 1023)`;
  return errorMessage(error);
}
