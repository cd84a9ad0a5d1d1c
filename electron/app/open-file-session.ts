// Opens a file as a session, progressively: the session exists (and `sessions.open` answers) as soon as
// the first slice is read and recognised, and the rest streams into the store in the background, with
// `records` events carrying the growing total. A million-record file shows its first rows at once.
import type { SessionRecord } from '../../shared/record';
import { isLifecycle } from '../../shared/record';
import type { LineBatch } from './line-source';
import type { SessionRegistry } from './registry';
import type { Session } from './session';
import { SessionFileReader, type ReadBatch } from './session-file-reader';

export interface OpenedFile {
  readonly session: Session;
  /** Settles when the whole file is in (state `offline`); never rejects: a late failure is the session's `reason`. */
  readonly loaded: Promise<void>;
}

/**
 * Rejects with a BridgeError, and creates no session, when the file cannot be read or its first line
 * shows it is not a session. `name` is how messages refer to the file.
 */
export async function openFileSession(
  registry: SessionRegistry,
  batches: AsyncIterable<LineBatch> | Iterable<LineBatch>,
  name: string,
): Promise<OpenedFile> {
  const reader = new SessionFileReader(name);
  const iterator = toAsync(batches)[Symbol.asyncIterator]();
  // Read until the format is known: blank lines first are allowed, a wrong first line is not.
  const read: ReadBatch[] = [];
  let done = false;
  while (reader.detected === undefined) {
    const next = await iterator.next();
    if (next.done === true) {
      read.push(reader.end());
      done = true;
      break;
    }
    read.push(reader.read(next.value));
  }
  const session = registry.create('file', titleOf(reader.sessionHeader?.target, name));
  session.header = reader.sessionHeader;
  const created = Date.parse(reader.sessionHeader?.created ?? '');
  if (Number.isFinite(created)) session.startedAt = created;
  for (const batch of read) session.append(batch.records, false, batch.texts);
  const first = read.flatMap((b) => b.records);
  const loaded = done ? Promise.resolve(finish(session, first)) : loadRest(session, reader, iterator, first);
  return { session, loaded };
}

async function loadRest(
  session: Session,
  reader: SessionFileReader,
  iterator: AsyncIterator<LineBatch>,
  first: readonly SessionRecord[],
): Promise<void> {
  let last = first;
  try {
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      const { records, texts } = reader.read(next.value);
      session.append(records, false, texts);
      if (records.length > 0) last = records;
      // Let page and filter requests in between slices.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const tail = reader.end().records;
    session.append(tail, false);
    finish(session, tail.length > 0 ? tail : last);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    session.setState('offline', `stopped reading after ${session.store.total} records: ${message}`);
  }
}

/** Offline; a file cut mid-line (a crash while recording) says so. */
function finish(session: Session, lastRecords: readonly SessionRecord[]): void {
  const last = lastRecords[lastRecords.length - 1];
  const torn = last !== undefined && isLifecycle(last) && last.error?.code === 'SESSION_LINE_TORN';
  if (torn) session.setState('offline', last.error?.message ?? 'the last line is cut short');
  else session.setState('offline');
}

function titleOf(target: string | undefined, name: string): string {
  return target === undefined || target === '' ? name : `${name} (${target})`;
}

async function* toAsync<T>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
