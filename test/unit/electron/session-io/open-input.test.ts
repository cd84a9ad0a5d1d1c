import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../../shared/record';
import { UserError } from '../../../../shared/user-error';
import { openSessionInput, type SessionInput } from '../../../../electron/session-io/open-input';
import { tempDir } from '../../../support/temp-dir';

const FRAMES = [
  {
    t: 0,
    dir: 'in',
    transport: 'websocket',
    text: '0{"sid":"abc","upgrades":[],"pingInterval":300,"pingTimeout":200}',
  },
  { t: 1, dir: 'out', transport: 'websocket', text: '40' },
  { t: 2, dir: 'in', transport: 'websocket', text: '40{"sid":"s1"}' },
];
const HEADER = {
  format: 'sio-inspector-session',
  version: 1,
  created: '2026-01-02T03:04:05.678Z',
  target: 'http://localhost:3000',
  options: { kind: 'capture', eio: 'auto' },
  tool: { name: 'sio-inspector', version: '0.1.0' },
};
const lines = (...values: readonly object[]): string => values.map((v) => `${JSON.stringify(v)}\n`).join('');

async function all(input: SessionInput): Promise<SessionRecord[]> {
  const records: SessionRecord[] = [];
  for await (const batch of input.batches) records.push(...batch.records);
  return records;
}

async function decodedFrames(): Promise<SessionRecord[]> {
  return all(await openSessionInput({ text: lines(...FRAMES) }, { name: 'frames' }));
}

describe('openSessionInput', () => {
  it('decodes frame lines', async () => {
    const input = await openSessionInput({ text: lines(...FRAMES) }, { name: 'frames' });
    expect(input.format).toBe('frames');
    const records = await all(input);
    expect(records.map((r) => ('sio' in r ? r.sio?.type : undefined))).toEqual([
      undefined,
      'CONNECT',
      'CONNECT',
    ]);
  });

  it('reads a bare record stream as the records it holds, from a stream too', async () => {
    const records = await decodedFrames();
    const text = lines(...records);
    const fromText = await openSessionInput({ text }, { name: 'records' });
    expect(fromText.format).toBe('records');
    expect(await all(fromText)).toEqual(records);
    const fromStream = await openSessionInput(
      { stream: Readable.from([text.slice(0, 7), text.slice(7)]) },
      {
        name: 'stdin',
      },
    );
    expect(await all(fromStream)).toEqual(records);
  });

  it('reads a session file with its header', async () => {
    const records = await decodedFrames();
    const input = await openSessionInput({ text: lines(HEADER, ...records) }, { name: 's' });
    expect(input.format).toBe('session');
    expect(input.header).toEqual(HEADER);
    expect(await all(input)).toEqual(records);
  });

  it('imports a HAR from a file', async () => {
    const dir = tempDir('sio-input');
    const path = join(dir, 'x.har');
    const har = {
      log: {
        version: '1.2',
        entries: [
          {
            startedDateTime: '2026-01-02T03:04:05.000Z',
            time: 1,
            request: { method: 'GET', url: 'http://h/socket.io/?EIO=4&transport=polling', headers: [] },
            response: { status: 200, headers: [], content: { text: FRAMES[0]?.text } },
          },
        ],
      },
    };
    writeFileSync(path, JSON.stringify(har, null, 2));
    const input = await openSessionInput({ path, maxBytes: 1024 * 1024 }, { name: 'x.har' });
    expect(input.format).toBe('har');
    expect(input.har?.engineIoEntries).toBe(1);
    expect((await all(input)).some((r) => 'eio' in r && r.eio?.type === 'open')).toBe(true);
  });

  it('refuses what is no session in one line, unless lenient (decode)', async () => {
    await expect(openSessionInput({ text: 'hello\n' }, { name: 'n.txt' })).rejects.toThrow(
      new UserError(
        'input',
        'n.txt is not a session: its first line is neither a session header, a record nor a frame line',
      ),
    );
    await expect(openSessionInput({ text: '\n' }, { name: 'e' })).rejects.toThrow(
      'e is empty: no session in it',
    );
    const lenient = await openSessionInput({ text: 'hello\n' }, { name: 'n.txt', lenient: true });
    expect(await all(lenient)).toEqual([
      expect.objectContaining({
        event: 'input-error',
        line: 1,
        error: expect.objectContaining({ code: 'FRAME_LINE_INVALID' }),
      }),
    ]);
    expect(await all(await openSessionInput({ text: '' }, { name: 'e', lenient: true }))).toEqual([]);
  });

  it('refuses a missing file, a directory and a file over the limit before reading it', async () => {
    const dir = tempDir('sio-input');
    const big = join(dir, 'big.ndjson');
    writeFileSync(big, lines(...FRAMES));
    await expect(openSessionInput({ path: join(dir, 'no'), maxBytes: 10 }, { name: 'no' })).rejects.toThrow(
      /cannot read .*no: no such file/,
    );
    await expect(openSessionInput({ path: dir, maxBytes: 10 }, { name: 'd' })).rejects.toThrow(
      /is a directory/,
    );
    await expect(openSessionInput({ path: big, maxBytes: 10 }, { name: 'big' })).rejects.toThrow(
      /the largest session file opened is/,
    );
  });
});
