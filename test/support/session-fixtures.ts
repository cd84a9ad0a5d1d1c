// The real traffic kept in test/fixtures/sessions (frame lines recorded through the proxy from socket.io 4,
// socket.io 2 and python-socketio), decoded into records as the app decodes a file it opens.
import { readFileSync } from 'node:fs';
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

export function recordedSession(name: RecordedSession): SessionRecord[] {
  const path = join(import.meta.dirname, '..', 'fixtures', 'sessions', `${name}.ndjson`);
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
