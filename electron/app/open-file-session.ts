// Opens a file as a session, progressively: the session exists (and `sessions.open` answers) as soon as
// the input's kind is known (session-io), and the rest streams into the store in the background, with
// `records` events carrying the growing total. A million-record file shows its first rows at once.
import { statSync } from 'node:fs';
import type { Parser, SessionRecord } from '../../shared/record';
import { isLifecycle } from '../../shared/record';
import {
  openSessionInput,
  type InputSource,
  type ReadBatch,
  type SessionInput,
} from '../session-io/open-input';
import type { SessionRegistry } from './registry';
import type { Session } from './session';
import { errorMessage } from '../../shared/user-error';

const ENDED = Symbol('loading ended');

export interface OpenedFile {
  readonly session: Session;
  /** Settles when the whole file is in (state `offline`); never rejects: a late failure is the session's `reason`. */
  readonly loaded: Promise<void>;
}

/**
 * Rejects with a UserError, and creates no session, when the input cannot be read or its start
 * shows it is not a session. `name` is how messages refer to the file.
 */
export async function openFileSession(
  registry: SessionRegistry,
  source: InputSource,
  name: string,
  parser?: Parser,
): Promise<OpenedFile> {
  // The session exists once the input's kind is known; what is read until then counts from its start.
  const loading: { share: number; session?: Session } = { share: 0 };
  const watch = (read: number, size: number | undefined): void => {
    if (size === undefined || size <= 0) return;
    loading.share = read / size;
    loading.session?.setLoaded(loading.share);
  };
  // With a parser, recorded records are decoded again with it (the app's "open with parser").
  const input = await openSessionInput(
    source,
    parser === undefined ? { name } : { name, decoder: { parser }, redecode: true },
    watch,
  );
  const session = registry.create('file', titleOf(input, name));
  loading.session = session;
  session.setLoaded(loading.share);
  session.header = input.header;
  if ('path' in source) {
    session.file = source.path;
    if (parser === undefined && readableInPlace(source.path, input))
      session.store.indexFile(source.path, input.format === 'session');
  }
  const created = Date.parse(input.header?.created ?? '');
  if (Number.isFinite(created)) session.startedAt = created;
  if (input.har?.startedAt !== undefined) session.startedAt = input.har.startedAt;
  const iterator = input.batches[Symbol.asyncIterator]();
  // The first batch before answering, so the session opens with its first rows.
  const first = await iterator.next();
  if (first.done === true) {
    finish(session, input, []);
    return { session, loaded: Promise.resolve() };
  }
  session.append(first.value.records, false, first.value.texts);
  // A HAR is read whole before it opens: its one batch is all there is.
  if (input.har !== undefined) {
    finish(session, input, first.value.records);
    return { session, loaded: Promise.resolve() };
  }
  return { session, loaded: loadRest(session, input, iterator, first.value.records) };
}

async function loadRest(
  session: Session,
  input: SessionInput,
  iterator: AsyncIterator<ReadBatch>,
  first: readonly SessionRecord[],
): Promise<void> {
  let last = first;
  try {
    // Closed while it loads: nothing more is wanted. Stopped: what was read is kept and shown. Either
    // ends the load at once, even while a read waits (a pipe that says nothing); the file itself is
    // closed once that read is over.
    // One waiter per read, dropped once answered: racing each read against the one long-lived
    // promise would keep every batch read reachable from it until the load ends.
    let wake: ((ended: typeof ENDED) => void) | undefined;
    void session.loadingEnds.then(() => wake?.(ENDED));
    for (;;) {
      const next =
        session.dropped || session.loadingStopped
          ? ENDED
          : await new Promise<IteratorResult<ReadBatch> | typeof ENDED>((resolve, reject) => {
              wake = resolve;
              iterator.next().then(resolve, reject);
            });
      wake = undefined;
      if (next === ENDED) {
        iterator.return?.().catch(() => undefined);
        if (session.loadingStopped) session.setState('offline', stoppedReason(session));
        return;
      }
      if (next.done === true) break;
      const { records, texts } = next.value;
      session.append(records, false, texts);
      if (records.length > 0) last = records;
      // Let page and filter requests in between slices.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    finish(session, input, last);
  } catch (error) {
    const message = errorMessage(error);
    session.setState('offline', `stopped reading after ${session.store.total} records: ${message}`);
  }
}

/** Offline; a file cut mid-line (a crash while recording) or a HAR cut short says so. */
function finish(session: Session, input: SessionInput, lastRecords: readonly SessionRecord[]): void {
  if (input.har !== undefined) {
    session.setState(
      'offline',
      input.har.cut ? 'the HAR file is cut short: its complete entries are shown' : undefined,
    );
    return;
  }
  const last = lastRecords[lastRecords.length - 1];
  const torn = last !== undefined && isLifecycle(last) && last.error?.code === 'SESSION_LINE_TORN';
  if (torn) session.setState('offline', last.error?.message ?? 'the last line is cut short');
  else session.setState('offline');
}

/**
 * A regular file of records as they are stored (a session file or a record stream, not decoded again)
 * is indexed where it is; frame lines and HARs become other records, and a pipe is read only once.
 */
function readableInPlace(path: string, input: SessionInput): boolean {
  if (input.format !== 'session' && input.format !== 'records') return false;
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where the user stopped reading, as the session's reason says it. */
function stoppedReason(session: Session): string {
  const percent = session.loadedPercent;
  // A pipe has no size to take a share of.
  const share = percent === undefined || percent === 0 ? '' : ` (${percent}% of the file)`;
  return `reading stopped after ${session.store.total.toLocaleString('en-US')} records${share}`;
}

function titleOf(input: SessionInput, name: string): string {
  if (input.format === 'har') return `${name} (HAR)`;
  const target = input.header?.target;
  return target === undefined || target === '' ? name : `${name} (${target})`;
}
