import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRecording } from '../../../../electron/session-io/recording-file';
import type { SessionOrigin } from '../../../../shared/session/session-origin';
import { tempDir } from '../../../support/temp-dir';

const TARGET = 'http://127.0.0.1:3000';
const PROXY: SessionOrigin = { kind: 'proxy', listen: 0 };
const OTHER: SessionOrigin = { kind: 'other' };

describe('session recordings', () => {
  it('gives sessions started in the same millisecond a file each, none truncating another', async () => {
    const dir = join(tempDir('sio-rec'), 'sessions');
    const now = new Date('2026-01-02T03:04:05.678Z');
    const recordings = await Promise.all(
      Array.from({ length: 20 }, (_, i) => startRecording(dir, TARGET, i % 2 === 0 ? PROXY : OTHER, { now })),
    );
    recordings.forEach(({ writer }, i) =>
      writer.append({ t: i, conn: 'c1', event: 'note', message: `session ${i}` }),
    );
    await Promise.all(recordings.map(({ writer }) => writer.close()));
    expect(new Set(recordings.map((r) => r.path)).size).toBe(20);
    expect(readdirSync(dir)).toHaveLength(20);
    recordings.forEach(({ path }, i) => {
      const lines = readFileSync(path, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(JSON.parse(lines[1] ?? '')).toMatchObject({ message: `session ${i}` });
    });
  });

  it('makes recordings readable by their owner only, in a folder only the owner can open', async () => {
    const dir = join(tempDir('sio-rec'), 'sessions');
    const { path, writer } = await startRecording(dir, TARGET, PROXY);
    await writer.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(path).toMatch(/-proxy-127\.0\.0\.1-3000-[0-9a-f]{8}\.sio-session\.ndjson$/);
  });
});
