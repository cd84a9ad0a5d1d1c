// Session files opened from disk are indexed where they are, through the handler table as the app
// opens them: a clean file is never copied, and a file that is not exactly what the store would have
// written (CRLF endings, a blank line, a bad line) is copied from where it stops matching, the records
// the same either way. A crash-cut recording's torn last line is held in memory, the rest read in place.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FilterResult, RecordFilter } from '../../../../shared/bridge/api';
import type { SessionRecord } from '../../../../shared/record';
import { createHandlerTable, type HandlerTable } from '../../../../electron/app/handler-table';
import { sessionFileHeader } from '../../../../electron/session-io/session-writer';

const dir = mkdtempSync(join(tmpdir(), 'sio-open-in-place-'));
let table: HandlerTable | undefined;

afterEach(async () => {
  await table?.dispose();
  table = undefined;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = JSON.stringify(
  sessionFileHeader({ target: 'http://127.0.0.1:3000', options: { kind: 'other' } }, true),
);

/**
 * About 3 MB: the store checks the file a buffer (1 MB) at a time, so a check passes before the bad
 * line (at about 1.3 MB) and the next one meets it.
 */
const RECORDS: SessionRecord[] = Array.from({ length: 20_000 }, (_, i) => ({
  t: i,
  conn: 'c1',
  frame: i,
  dir: i % 2 === 0 ? 'out' : 'in',
  transport: 'websocket',
  size: 20,
  eio: { type: i % 100 === 0 ? 'ping' : 'message', data: `42["tick",${i},"${'ü'.repeat(i % 7)}"]` },
  ...(i % 100 !== 0 && {
    sio: { type: 'EVENT' as const, nsp: '/', event: 'tick', args: [i, 'ü'.repeat(i % 7)] },
  }),
}));
const LINES = RECORDS.map((r) => JSON.stringify(r));
const BAD_AT = 8_000;

/** Where Save… writes: the dialog's answer. */
let saveTo = '';

async function open(name: string, content: string) {
  const path = join(dir, name);
  writeFileSync(path, content);
  table = createHandlerTable({ services: { chooseFileToSave: async () => saveTo } });
  const opened = await table.openPath(path);
  await opened.loaded;
  return { path, session: opened.session };
}

async function call<T>(method: string, params: unknown): Promise<T> {
  const outcome = await (table as HandlerTable).dispatch(method, params);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
  return outcome.result as T;
}

async function matches(session: string, filter: RecordFilter): Promise<number[]> {
  const out: number[] = [];
  for (let from = 0; ;) {
    const result = await call<FilterResult>('sessions.filter', { session, filter, from });
    out.push(...result.indices);
    if (result.more !== true) return out;
    from = result.total;
  }
}

describe('opening a session file', { timeout: 90_000 }, () => {
  it.each([
    { name: 'a session file', inPlace: true, content: `${HEADER}\n${LINES.join('\n')}\n` },
    { name: 'a bare record stream', inPlace: true, content: `${LINES.join('\n')}\n` },
    {
      name: 'a recording cut short by a crash',
      inPlace: true,
      content: `${HEADER}\n${LINES.join('\n')}\n{"t": 1, "conn`,
    },
    {
      name: 'a file with CRLF line endings',
      inPlace: false,
      content: `${HEADER}\r\n${LINES.join('\r\n')}\r\n`,
    },
    {
      name: 'a file with a blank line',
      inPlace: false,
      content: `${HEADER}\n${LINES.slice(0, BAD_AT).join('\n')}\n\n${LINES.slice(BAD_AT).join('\n')}\n`,
    },
    {
      name: 'a file with a line that is no record',
      inPlace: false,
      content: `${HEADER}\n${LINES.slice(0, BAD_AT).join('\n')}\n{"not a record\n${LINES.slice(BAD_AT).join('\n')}\n`,
    },
  ])('$name: the same records (read in place: $inPlace)', async ({ content, inPlace }) => {
    const name = `${inPlace ? 'in-place' : 'copied'}-${content.length}.ndjson`;
    const { path, session } = await open(name, content);
    expect(session.store.readInPlace).toBe(inPlace);
    const page: SessionRecord[] = [];
    for (let from = 0; from < session.store.total; from += 5000)
      page.push(
        ...(await call<SessionRecord[]>('sessions.page', { session: session.id, from, count: 5000 })),
      );
    const bad = content.includes('{"not a record');
    const torn = content.endsWith('"conn');
    const expected: unknown[] = [...RECORDS];
    if (bad) expected.splice(BAD_AT, 0, expect.objectContaining({ event: 'input-error' }));
    if (torn) expected.push(expect.objectContaining({ event: 'input-error', error: expect.anything() }));
    expect(page).toEqual(expected);
    // Text search reads the file on its workers; the analysis on its own: both where the store reads.
    const last = RECORDS.length - 1;
    expect(await matches(session.id, { text: `,${last},` })).toEqual([last + (bad ? 1 : 0)]);
    expect(await matches(session.id, { text: 'ÜÜÜÜÜÜ' })).toHaveLength(
      RECORDS.filter((_, i) => i % 7 === 6).length,
    );
    const analyses = await call<unknown[]>('sessions.analyse', { session: session.id });
    expect(analyses).toHaveLength(1);
    // Saved elsewhere, the records are those read; saving over the file read in place is refused.
    saveTo = join(dir, `saved-${name}`);
    await call('sessions.save', { session: session.id });
    const savedLines = readFileSync(saveTo, 'utf8').split('\n').slice(1, -1);
    expect(savedLines.slice(0, BAD_AT)).toEqual(LINES.slice(0, BAD_AT));
    expect(savedLines).toHaveLength(expected.length);
    saveTo = path;
    for (const format of ['session', 'har'])
      if (inPlace)
        await expect(call('sessions.save', { session: session.id, format })).rejects.toThrow(
          `${path} is the file an open session is read from; save under another name`,
        );
    expect(readFileSync(path, 'utf8')).toBe(content);
  });
});
