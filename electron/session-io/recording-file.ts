// Sessions the app records as they happen (docs/architecture.md, job 5, crash-safe): one session file per session in
// the sessions folder, `<time>-[<kind>-]<host>-<random>.sio-session.ndjson`, written by SessionWriter.
// Each file is created exclusively (sessions opened in the same millisecond once shared a name and
// truncated each other), readable by the owner only (0600), in a folder only the owner can open (0700):
// recordings hold traffic.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SessionOrigin } from '../../shared/session/session-origin';
import { SESSION_FILE_EXTENSION } from '../../shared/session/session-file';
import { SessionWriter } from './session-writer';

export interface Recording {
  readonly path: string;
  readonly writer: SessionWriter;
}

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

/** A new session file in `dir`, its header written; rejects when the folder or file cannot be written. */
export async function startRecording(
  dir: string,
  target: string,
  origin: SessionOrigin,
  { keepSecrets = false, now = new Date() }: { readonly keepSecrets?: boolean; readonly now?: Date } = {},
): Promise<Recording> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // A folder made before recordings were private; it holds only what this tool records.
  await chmod(dir, 0o700).catch(() => undefined);
  // The app's own connections are the plain case: their names carry no kind.
  const kind = origin.kind === 'connect' ? '' : `${origin.kind}-`;
  const name = `${now.toISOString().replace(/[:.]/g, '-')}-${kind}${hostOf(target)}`;
  for (let attempt = 0; ; attempt++) {
    const path = join(dir, `${name}-${randomBytes(4).toString('hex')}${SESSION_FILE_EXTENSION}`);
    try {
      return {
        path,
        writer: await SessionWriter.create(
          path,
          { target, options: origin, created: now },
          { exclusive: true, keepSecrets },
        ),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
  }
}

function hostOf(url: string): string {
  const host = /^[a-z]+:\/\/([^/?#]+)/i.exec(url)?.[1] ?? 'session';
  return host.replace(/[^A-Za-z0-9.-]+/g, '-');
}
