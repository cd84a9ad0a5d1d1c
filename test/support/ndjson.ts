// What the CLI prints with --format ndjson and writes with --out, read back for a test to look at.
import { readFileSync } from 'node:fs';
import type { ReplayDiff } from '../../shared/analysis/replay-diff';
import type { SessionSummary } from '../../shared/analysis/summary';
import { isLifecycle, type PacketRecord, type SessionRecord } from '../../shared/record';
import { readSessionText, type SessionText } from '../../shared/session/session-file';

/** One JSON value per line: records, and a `{"summary"}` or `{"replay"}` line where one was asked for. */
export function ndjson<T = SessionRecord>(text: string): T[] {
  return text
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/** The last line `--summary` adds, and the one `replay --target` adds. */
export interface Reports {
  readonly summary: SessionSummary;
  readonly replay: ReplayDiff;
}

/** Output that ends with a report line: the records before it, and the report. */
export function withReport<K extends keyof Reports>(
  text: string,
  key: K,
): { records: SessionRecord[]; report: Reports[K] } {
  const lines = ndjson<SessionRecord | Partial<Reports>>(text);
  const report = (lines.pop() as Partial<Reports> | undefined)?.[key];
  if (report === undefined) throw new Error(`no {"${key}"} line at the end of:\n${text}`);
  return { records: lines as SessionRecord[], report };
}

export function packets(records: readonly SessionRecord[]): PacketRecord[] {
  return records.filter((r): r is PacketRecord => !isLifecycle(r));
}

/** A session file (`--out`, the app's recordings) read whole; a file that is not one fails the test. */
export function readSessionFile(path: string): SessionText {
  const file = readSessionText(readFileSync(path, 'utf8'));
  if ('error' in file) throw new Error(`${path}: ${file.error.message}`);
  return file.session;
}
