// The session file's crash bound: a process killed with SIGKILL loses at most the records of its last
// 100 ms, and the file it leaves opens, a torn last line reported and the rest kept.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { isLifecycle } from '../../../shared/record';
import { readSessionFile } from '../../support/ndjson';
import { tempDir } from '../../support/temp-dir';

const FIXTURE = resolve(import.meta.dirname, '../../support/append-until-killed.ts');

it('a killed recorder loses at most its last 100 ms', async () => {
  const out = join(tempDir('sio-crash'), 'crash.jsonl');
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, out], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const closed = new Promise((done) => child.on('close', done));
  // When each record had been appended, as seen from here (stdout can only make it look later).
  const appended: { readonly at: number; readonly frame: number }[] = [];
  let rest = '';
  await new Promise<void>((done) =>
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) appended.push({ at: performance.now(), frame: Number(line) });
      if (appended.length >= 200) done();
    }),
  );
  const killedAt = performance.now();
  child.kill('SIGKILL');
  await closed;

  const file = readSessionFile(out);
  const frames = file.records.flatMap((r) => (isLifecycle(r) ? [] : [r.frame]));
  // Whole, in order, from the first record on.
  expect(frames).toEqual(frames.map((_, i) => i));
  // Appended 150 ms before the kill (100 ms flush + slack for a loaded machine) means written.
  const surely = appended.filter((a) => a.at <= killedAt - 150);
  expect(surely.length).toBeGreaterThan(0);
  expect(frames.length).toBeGreaterThan(Math.max(...surely.map((a) => a.frame)));
  // The only possible problem is a line cut by the kill.
  expect(file.problems.every((p) => p.error.code === 'SESSION_LINE_TORN')).toBe(true);
});
