// HAR files (Chrome, Firefox, Playwright exports) open as sessions too (DESIGN.md job 5). A HAR is one
// JSON document, not lines, so it is recognised by its first characters and read whole, within
// the HAR size limit, through the shared importer (shared/session/har.ts).
import { open, readFile, stat } from 'node:fs/promises';
import { BridgeError } from '../../shared/bridge/errors';
import { looksLikeHar, MAX_HAR_BYTES, readHar } from '../../shared/session/har';
import { mib } from './line-source';
import type { SessionRegistry } from './registry';
import type { Session } from './session';

/** Characters enough to tell a HAR from lines. */
const HEAD_CHARS = 4096;

export function isHarText(text: string): boolean {
  return looksLikeHar(text.slice(0, HEAD_CHARS));
}

/** Whether the file at `path` starts like a HAR; false for anything unreadable (the line reader says why). */
export async function isHarFile(path: string): Promise<boolean> {
  try {
    const file = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(HEAD_CHARS), 0, HEAD_CHARS, 0);
      return isHarText(buffer.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await file.close();
    }
  } catch {
    return false;
  }
}

export async function openHarFile(
  registry: SessionRegistry,
  path: string,
  name: string,
  maxBytes: number,
): Promise<Session> {
  const limit = Math.min(maxBytes, MAX_HAR_BYTES);
  const { size } = await stat(path);
  if (size > limit)
    throw new BridgeError('failed', `${name} is ${mib(size)}; the largest HAR file opened is ${mib(limit)}`);
  return openHarText(registry, await readFile(path, 'utf8'), name);
}

/** Rejects with a BridgeError, and creates no session, for a HAR the importer cannot read. */
export function openHarText(registry: SessionRegistry, text: string, name: string): Session {
  const result = readHar(text);
  if ('error' in result) throw new BridgeError('failed', `${name}: ${result.error.message}`);
  const { har } = result;
  const session = registry.create('file', `${name} (HAR)`);
  if (har.startedAt !== undefined) session.startedAt = har.startedAt;
  session.append(har.records, false);
  session.setState(
    'offline',
    har.cut ? 'the HAR file is cut short: its complete entries are shown' : undefined,
  );
  return session;
}
