// Reads the session a replay starts from: anything session-io opens (a session file from capture --out,
// proxy --out or the app's recordings, a record stream, frame lines, a HAR), held whole in memory.
import type { SessionRecord } from '../../shared/record';
import { MAX_REPLAY_FILE_BYTES } from '../../shared/limits';
import { connectionSettings, type ConnectionSettings } from '../../shared/session/session-origin';
import { openSessionInput, type ReadWatcher } from '../session-io/open-input';

export interface LoadedSession {
  readonly records: readonly SessionRecord[];
  /** The URL the session connected to, when it says. */
  readonly target: string | undefined;
  /** How its connections were made, as far as the session says (nothing for a HAR, a record stream or frame lines). */
  readonly settings: ConnectionSettings;
  /** Lines or entries that could not be read, left out of the records. */
  readonly problems: number;
}

/** Throws a UserError: `input` for a file that is missing or no session, `io` for one the system would not read. */
export async function loadSession(path: string, watch?: ReadWatcher): Promise<LoadedSession> {
  const input = await openSessionInput({ path, maxBytes: MAX_REPLAY_FILE_BYTES }, { name: path }, watch);
  const records: SessionRecord[] = [];
  let problems = 0;
  for await (const batch of input.batches)
    for (const record of batch.records) {
      if ('event' in record && record.event === 'input-error') problems++;
      else records.push(record);
    }
  return {
    records,
    target: input.header?.target,
    settings: input.header === undefined ? {} : connectionSettings(input.header.options),
    problems,
  };
}
