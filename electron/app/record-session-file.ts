// Proxy and replay sessions are recorded to the sessions folder as they happen, like live connections
// (session-recording.ts), with a header that says what kind of session made them.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Json } from '../../shared/record';
import { SessionWriter } from '../recorder/session-writer';
import type { Recording } from './session-recording';

/** `<dir>/<time>-<kind>-<host>.sio-session.ndjson`; rejects when the folder or file cannot be written. */
export async function startKindRecording(
  dir: string,
  kind: 'proxy' | 'replay',
  target: string,
  options: { readonly [key: string]: Json },
  now: Date = new Date(),
): Promise<Recording> {
  await mkdir(dir, { recursive: true });
  const host = (/^[a-z]+:\/\/([^/?#]+)/i.exec(target)?.[1] ?? 'session').replace(/[^A-Za-z0-9.-]+/g, '-');
  const path = join(dir, `${now.toISOString().replace(/[:.]/g, '-')}-${kind}-${host}.sio-session.ndjson`);
  return { path, writer: await SessionWriter.create(path, { target, options: { kind, ...options } }) };
}
