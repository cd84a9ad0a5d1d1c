// A session saved: as a session file (shared/session/session-file.ts: its header, the one it was opened
// with or a new one, then one record per line) or as HAR 1.2. To disk for Electron's save dialog, as
// text for the web host's download.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { MAX_DOWNLOAD_CHARS, MAX_PAGE_RECORDS } from '../../shared/limits';
import { recordLine, type SessionRecord } from '../../shared/record';
import { redactHeader, redactRecord } from '../../shared/session/secrets';
import { UserError } from '../../shared/user-error';
import { fileError } from '../errors/file-error';
import { sessionToHar } from '../../shared/session/har-export';
import {
  SESSION_FILE_EXTENSION,
  SESSION_FORMAT,
  SESSION_VERSION,
  type SessionHeader,
} from '../../shared/session/session-file';
import { TOOL } from '../session-io/tool';
import type { Session } from './session';

const WRITE_CHUNK_CHARS = 1024 * 1024;

export function sessionHeader(session: Session, now: Date = new Date()): SessionHeader {
  if (session.header !== undefined)
    return session.masksSecrets ? redactHeader(session.header) : session.header;
  return (
    session.header ?? {
      format: SESSION_FORMAT,
      version: SESSION_VERSION,
      created: now.toISOString(),
      target: session.title,
      options: { kind: 'other' },
      tool: TOOL,
    }
  );
}

/** A file name to offer: the title with anything awkward in a file name replaced. */
export function suggestedName(session: Session, format: 'session' | 'har' = 'session'): string {
  const base = session.title
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base.slice(0, 80) || session.id}${format === 'har' ? '.har' : SESSION_FILE_EXTENSION}`;
}

export function sessionText(session: Session): string {
  refuseTooLarge(session);
  const lines = [JSON.stringify(sessionHeader(session)), ...savedLines(session)];
  return `${lines.join('\n')}\n`;
}

/** The records as saved: a live session's credentials masked as its recording has them, unless kept. */
function* savedLines(session: Session): Generator<string> {
  if (!session.masksSecrets) {
    yield* session.store.jsonLines();
    return;
  }
  for (const record of savedRecords(session)) yield recordLine(record);
}

function* savedRecords(session: Session): Generator<SessionRecord> {
  for (let from = 0; from < session.store.total; from += MAX_PAGE_RECORDS)
    for (const record of session.store.page(from, MAX_PAGE_RECORDS))
      yield session.masksSecrets ? redactRecord(record) : record;
}

/** The session as a HAR 1.2 document (shared/session/har-export.ts), pretty-printed as DevTools writes it. */
export function sessionHar(session: Session): string {
  refuseTooLarge(session);
  const records = [...savedRecords(session)];
  const target =
    session.header !== undefined
      ? sessionHeader(session).target
      : session.kind === 'live'
        ? session.title
        : undefined;
  const har = sessionToHar(records, {
    startedAt: session.startedAt,
    creator: TOOL,
    ...(target !== undefined && { target }),
  });
  return JSON.stringify(har, null, 2);
}

export async function writeText(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw fileError(error, path, 'write');
  }
}

/** Writes in large chunks and honours back-pressure; rejects with a one-line UserError. */
export async function writeSessionFile(session: Session, path: string): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) =>
    out.once('error', (error) => reject(fileError(error, path, 'write'))),
  );
  // Raced below wherever we wait; marked handled so an error between waits is not an unhandled rejection.
  failed.catch(() => undefined);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  let buffer = `${JSON.stringify(sessionHeader(session))}\n`;
  for (const line of savedLines(session)) {
    buffer += `${line}\n`;
    if (buffer.length >= WRITE_CHUNK_CHARS) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

function refuseTooLarge(session: Session): void {
  if (session.store.size > MAX_DOWNLOAD_CHARS)
    throw new UserError(
      'unsupported',
      'the session is too large to save in one piece; save it as a session file from the desktop app, or record with "capture --out"',
    );
}
