// The writer's promises: the header is on disk once create resolves, an appended record reaches the file
// on the writer's own timer without anyone flushing, a full chunk goes out at once, and close leaves every
// record.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../../shared/record';
import { readSessionText } from '../../../../shared/session/session-file';
import { SessionWriter } from '../../../../electron/session-io/session-writer';
import { tempDir } from '../../../support/temp-dir';

const dir = tempDir('sio-writer');
const record = (frame: number): SessionRecord => ({
  t: frame,
  conn: 'c1',
  frame,
  dir: 'in',
  transport: 'websocket',
  size: 1,
  eio: { type: 'noop' },
});
const lines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('SessionWriter', () => {
  it('writes the header before anything else', async () => {
    const path = join(dir, 'header.jsonl');
    const writer = await SessionWriter.create(path, {
      target: 'http://h',
      options: { kind: 'capture', eio: 'auto' },
    });
    const [header] = lines(path);
    expect(JSON.parse(header as string)).toMatchObject({
      format: 'sio-inspector-session',
      version: 1,
      target: 'http://h',
      options: { kind: 'capture', eio: 'auto' },
      tool: { name: 'sio-inspector', version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
    });
    expect(Number.isNaN(Date.parse(JSON.parse(header as string).created))).toBe(false);
    await writer.close();
  });

  it('starts a saved session with the header it was opened with, its secrets masked unless kept', async () => {
    const header = {
      format: 'sio-inspector-session',
      version: 1,
      created: '2020-01-02T03:04:05.000Z',
      target: 'http://h/?token=abc',
      options: { kind: 'capture', eio: 4, headers: ['Authorization: Bearer abc'] },
      tool: { name: 'older-tool', version: '0.1.0' },
    } as const;
    const kept = join(dir, 'kept.jsonl');
    await (await SessionWriter.create(kept, { header }, { keepSecrets: true })).close();
    expect(JSON.parse(lines(kept)[0] as string)).toEqual(header);
    const masked = join(dir, 'masked.jsonl');
    await (await SessionWriter.create(masked, { header })).close();
    const written = JSON.parse(lines(masked)[0] as string);
    expect(written).toMatchObject({ created: header.created, tool: header.tool });
    expect(JSON.stringify(written)).not.toContain('Bearer abc');
  });

  it('flushes an appended record by itself, on its timer', async () => {
    const path = join(dir, 'timer.jsonl');
    const writer = await SessionWriter.create(path, { target: 'x', options: { kind: 'other' } });
    writer.append(record(0));
    expect(lines(path)).toHaveLength(1);
    await expect.poll(() => lines(path).length, { interval: 5, timeout: 5_000 }).toBe(2);
    await writer.close();
    // The timer is what wrote it: with a long one, a record waits in the buffer until close.
    const slowPath = join(dir, 'slow-timer.jsonl');
    const slow = await SessionWriter.create(
      slowPath,
      { target: 'x', options: { kind: 'other' } },
      { flushMs: 60_000 },
    );
    slow.append(record(0));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines(slowPath)).toHaveLength(1);
    await slow.close();
    expect(lines(slowPath)).toHaveLength(2);
  });

  it('writes at once when a chunk fills up', async () => {
    const path = join(dir, 'chunk.jsonl');
    const writer = await SessionWriter.create(
      path,
      { target: 'x', options: { kind: 'other' } },
      { flushMs: 60_000, chunkBytes: 400 },
    );
    for (let i = 0; i < 5; i++) writer.append(record(i));
    await expect.poll(() => lines(path).length, { interval: 5, timeout: 1_000 }).toBeGreaterThanOrEqual(3);
    await writer.close();
    expect(lines(path)).toHaveLength(6);
  });

  it('keeps every record, in order, through close', async () => {
    const path = join(dir, 'all.jsonl');
    const writer = await SessionWriter.create(
      path,
      { target: 'x', options: { kind: 'other' } },
      { chunkBytes: 1_000 },
    );
    for (let i = 0; i < 2_000; i++) writer.append(record(i));
    expect(writer.count).toBe(2_000);
    await writer.close();
    const read = readSessionText(readFileSync(path, 'utf8'));
    if ('error' in read) throw new Error(read.error.message);
    expect(read.session.records.map((r) => ('frame' in r ? r.frame : -1))).toEqual([...Array(2_000).keys()]);
    expect(read.session.problems).toEqual([]);
  });

  it('writes a line bigger than the chunk on its own', async () => {
    const path = join(dir, 'big.jsonl');
    const writer = await SessionWriter.create(
      path,
      { target: 'x', options: { kind: 'other' } },
      { flushMs: 60_000, chunkBytes: 64 },
    );
    const big: SessionRecord = { ...record(0), eio: { type: 'message' as const, data: '€'.repeat(100) } };
    writer.append(big);
    expect(lines(path)).toHaveLength(2);
    await writer.close();
    expect(JSON.parse(lines(path)[1] as string)).toEqual(big);
  });

  it('refuses a path it cannot create', async () => {
    await expect(
      SessionWriter.create(join(dir, 'no/such/dir.jsonl'), { target: 'x', options: { kind: 'other' } }),
    ).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
