// A session saved: as a session file (shared/session/session-file.ts: its header, the one it was opened
// with or a new one, then one record per line), written by the one SessionWriter, or as HAR 1.2. To disk
// for Electron's save dialog, as text for the web host's download.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { writeFile } from 'node:fs/promises';
import { MAX_DOWNLOAD_CHARS, MAX_PAGE_RECORDS } from '../../shared/limits';
import { recordLine, type SessionRecord } from '../../shared/record';
import { redactRecord } from '../../shared/session/secrets';
import { UserError } from '../../shared/user-error';
import { fileError } from '../errors/file-error';
import { sessionToHar } from '../../shared/session/har-export';
import { SESSION_FILE_EXTENSION, type SessionHeader } from '../../shared/session/session-file';
import { SessionWriter, sessionFileHeader, type SessionFileStart } from '../session-io/session-writer';
import { TOOL } from '../session-io/tool';
import type { Session } from './session';

const WRITE_CHUNK_BYTES = 1024 * 1024;
/** Lines written between two turns of the event loop, so a long save does not stall the app. */
const LINES_PER_TURN = 4096;

/**
 * The header a save writes: the one the session was opened or recorded with, or a new one dated from
 * the session's start (a HAR's first request), not the save.
 */
function savedStart(session: Session): SessionFileStart {
  return session.header !== undefined
    ? { header: session.header }
    : { target: session.title, options: { kind: 'other' }, created: new Date(session.startedAt) };
}

function sessionHeader(session: Session): SessionHeader {
  return sessionFileHeader(savedStart(session), !session.masksSecrets);
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

/** Writes through the session writer, the way recordings are written; rejects with a one-line UserError. */
export async function writeSessionFile(session: Session, path: string): Promise<void> {
  let writer: SessionWriter;
  try {
    writer = await SessionWriter.create(path, savedStart(session), {
      keepSecrets: !session.masksSecrets,
      chunkBytes: WRITE_CHUNK_BYTES,
    });
  } catch (error) {
    throw fileError(error, path, 'write');
  }
  let lines = 0;
  for (const line of savedLines(session)) {
    writer.appendLine(line);
    if (writer.error !== undefined) break;
    if (++lines % LINES_PER_TURN === 0) await nextTurn();
  }
  try {
    await writer.close();
  } catch (error) {
    throw fileError(error, path, 'write');
  }
}

function refuseTooLarge(session: Session): void {
  if (session.store.size > MAX_DOWNLOAD_CHARS)
    throw new UserError(
      'unsupported',
      'the session is too large to save in one piece; save it as a session file from the desktop app, or record with "capture --out"',
    );
}
