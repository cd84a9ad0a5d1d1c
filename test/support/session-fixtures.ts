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

/**
 * A made-up session whose frame 2 is one polling response with three packets (the `/` CONNECT answer,
 * `/admin` refused, and an EVENT asking for ack 1), then the ack in a frame of its own.
 */
export function sharedFrameRecords(): SessionRecord[] {
  return decodeFrames(
    [
      {
        t: 0,
        dir: 'in',
        transport: 'polling',
        text: '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000}',
      },
      { t: 1, dir: 'out', transport: 'polling', text: '40\x1e40/admin,' },
      {
        t: 2,
        dir: 'in',
        transport: 'polling',
        text: '40{"sid":"a"}\x1e44/admin,{"message":"no"}\x1e421["ask"]',
      },
      { t: 3, dir: 'out', transport: 'polling', text: '431["ok"]' },
    ],
    { eio: 4 },
  );
}
