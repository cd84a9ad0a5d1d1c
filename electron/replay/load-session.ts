// Reads the session a replay starts from: a session file (capture --out, proxy --out, the app's
// recordings) or a HAR. Both are user input: a size limit, and a one-line reason for anything else.
import { readFile, stat } from 'node:fs/promises';
import type { Json, SessionRecord } from '../../shared/record';
import { looksLikeHar, MAX_HAR_BYTES, readHar } from '../../shared/session/har';
import { readSessionText } from '../../shared/session/session-file';

export interface LoadedSession {
  readonly records: readonly SessionRecord[];
  /** The URL the session connected to, when it says. */
  readonly target: string | undefined;
  readonly options: { readonly [key: string]: Json };
  /** Lines or entries that could not be read, already counted as input-error records or skipped. */
  readonly problems: number;
}

/** Larger files are refused: a replay holds the whole session in memory. */
export const MAX_REPLAY_FILE_BYTES = MAX_HAR_BYTES;

/** Throws an Error with a one-line message. */
export async function loadSession(path: string): Promise<LoadedSession> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new Error(`${path} is a directory, not a file`);
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`cannot read ${path}: no such file`);
    throw error;
  }
  if (size > MAX_REPLAY_FILE_BYTES)
    throw new Error(`${path} is larger than ${MAX_REPLAY_FILE_BYTES / 1024 / 1024} MB`);
  const text = await readFile(path, 'utf8');
  if (looksLikeHar(text.slice(0, 4096))) {
    const har = readHar(text);
    if ('error' in har) throw new Error(`${path}: ${har.error.message}`);
    return { records: har.har.records, target: undefined, options: {}, problems: 0 };
  }
  const session = readSessionText(text);
  if ('error' in session) throw new Error(`${path} is not a session file or HAR (${session.error.message})`);
  const { header, records, problems } = session.session;
  return { records, target: header.target, options: header.options, problems: problems.length };
}
