// The real traffic kept in test/fixtures/sessions (frame lines recorded through the proxy by
// test/integration/real-traffic.test.ts from socket.io 4, 3 and 2 and python-socketio, saved to
// test-results/integration/), decoded into records as the app decodes a file it opens.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFrames } from '../../shared/protocol/session-decoder';
import type { SessionRecord } from '../../shared/record';
import { parseFrameLine } from '../../shared/session/frame-lines';

export const RECORDED_SESSIONS = [
  'socketio4-upgrade',
  'socketio2-upgrade',
  'socketio2-polling',
  'python-socketio-websocket',
] as const;

export type RecordedSession = (typeof RECORDED_SESSIONS)[number];

const DIR = join(import.meta.dirname, '..', 'fixtures', 'sessions');

/**
 * Every session in test/fixtures/sessions, read from the folder so that a fixture added there is
 * checked by the tests that go over all of them (well-behaved servers, no false findings) unasked.
 */
export const ALL_RECORDED_SESSIONS: readonly string[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.ndjson'))
  .map((file) => file.slice(0, -'.ndjson'.length))
  .sort();

export function recordedSession(name: RecordedSession | (string & {})): SessionRecord[] {
  const path = join(DIR, `${name}.ndjson`);
  const frames = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed = parseFrameLine(line);
      if ('error' in parsed) throw new Error(`${name}: ${parsed.error.message}`);
      return parsed.frame;
    });
  return decodeFrames(frames);
}
