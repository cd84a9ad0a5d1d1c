// Live sessions are recorded to disk as they happen (DESIGN.md job 5, crash-safe): a session file per
// connection in the sessions folder, written by the engine's SessionWriter (flushed at least every
// 100 ms). Secrets in headers are masked in the file's header, as `capture --out` does.
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConnectOptions } from '../../shared/bridge/api';
import type { Json } from '../../shared/record';
import { SessionWriter } from '../recorder/session-writer';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** Where the app keeps what it records: the same folder for the desktop app and `serve`, unless SIO_INSPECTOR_SESSIONS_DIR says otherwise. */
export function defaultSessionsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const chosen = env.SIO_INSPECTOR_SESSIONS_DIR;
  if (chosen !== undefined && chosen !== '') return chosen;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'sio-inspector', 'sessions');
  if (platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'sio-inspector', 'sessions');
  const data =
    env.XDG_DATA_HOME !== undefined && env.XDG_DATA_HOME !== ''
      ? env.XDG_DATA_HOME
      : join(home, '.local', 'share');
  return join(data, 'sio-inspector', 'sessions');
}

export interface Recording {
  readonly path: string;
  readonly writer: SessionWriter;
}

/** A new session file for a connection: `<dir>/<time>-<host>.sio-session.ndjson`. */
export async function startRecording(
  dir: string,
  options: ConnectOptions,
  now: Date = new Date(),
): Promise<Recording> {
  await mkdir(dir, { recursive: true });
  const path = join(
    dir,
    `${now.toISOString().replace(/[:.]/g, '-')}-${hostOf(options.url)}.sio-session.ndjson`,
  );
  return {
    path,
    writer: await SessionWriter.create(path, { target: options.url, options: headerOptions(options) }),
  };
}

function headerOptions(options: ConnectOptions): { readonly [key: string]: Json } {
  return {
    eio: options.eio ?? 'auto',
    transports: [...options.transports],
    upgrade: options.upgrade,
    ...(options.path !== undefined && { path: options.path }),
    ...(options.namespaces !== undefined && { namespaces: [...options.namespaces] }),
    ...(options.auth !== undefined && { auth: options.auth }),
    ...(options.query !== undefined && { query: Object.entries(options.query).map(([k, v]) => `${k}=${v}`) }),
    ...(options.headers !== undefined && {
      headers: Object.entries(options.headers).map(
        ([k, v]) => `${k}: ${SECRET_HEADERS.has(k.toLowerCase()) ? '<redacted>' : v}`,
      ),
    }),
    insecure: options.insecure === true,
    ackReply:
      options.ackReply === undefined ? [] : options.ackReply === 'manual' ? 'manual' : [...options.ackReply],
  };
}

function hostOf(url: string): string {
  const host = /^[a-z]+:\/\/([^/?#]+)/i.exec(url)?.[1] ?? 'session';
  return host.replace(/[^A-Za-z0-9.-]+/g, '-');
}
