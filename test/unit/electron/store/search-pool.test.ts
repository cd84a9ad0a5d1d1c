// The search workers for real: threads running search-worker.ts (from sources, through tsx) over a file
// the test opened, reading it through the test's own file descriptor.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SearchPool } from '../../../../electron/store/search-pool';
import { findInLines, textPattern, type TextPattern } from '../../../../electron/store/text-search';
import { tempDir } from '../../../support/temp-dir';

const dir = tempDir('search-pool-test');
const lines = Array.from({ length: 20_000 }, (_, i) =>
  i % 1000 === 7 ? `{"i":${i},"text":"a Needle here, NEEDLE there"}` : `{"i":${i},"text":"hay"}`,
);
const text = `${lines.join('\n')}\n`;
const path = join(dir, 'lines.ndjson');
writeFileSync(path, text);
const fd = openSync(path, 'r');
afterAll(() => {
  closeSync(fd);
});

const needle = textPattern('needle') as TextPattern;

describe('SearchPool', () => {
  it('keeps no process alive: one whose only work was to start and use its workers exits by itself', () => {
    const script = join(dir, 'idle-pool.mts');
    const pool = pathToFileURL(join(import.meta.dirname, '../../../../electron/store/search-pool.ts'));
    const search = pathToFileURL(join(import.meta.dirname, '../../../../electron/store/text-search.ts'));
    writeFileSync(
      script,
      [
        `import { openSync } from 'node:fs';`,
        `import { searchPool } from ${JSON.stringify(pool.href)};`,
        `import { textPattern } from ${JSON.stringify(search.href)};`,
        `const pool = searchPool();`,
        `pool.warm();`,
        `const found = await pool.find(openSync(${JSON.stringify(path)}, 'r'), 0, ${text.length}, textPattern('needle'));`,
        `console.log(pool.started, found.length);`,
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('2 20');
    expect(run.status).toBe(0);
  }, 90_000);

  it('answers, for spans of the file, one offset inside each line holding the needle', async () => {
    const pool = new SearchPool(2);
    try {
      const half = text.indexOf('\n', text.length >> 1) + 1;
      const [first, second] = await Promise.all([
        pool.find(fd, 0, half, needle),
        pool.find(fd, half, text.length, needle),
      ]);
      const offsets = [...(first ?? []), ...[...(second ?? [])].map((o) => o + half)];
      const found = offsets.map((o) => text.slice(0, o).split('\n').length - 1);
      expect(found).toStrictEqual(lines.flatMap((l, i) => (i % 1000 === 7 ? [i] : [])));
      // The same as on this thread.
      expect(offsets).toStrictEqual(findInLines(needle, Buffer.from(text)));
    } finally {
      await pool.close();
    }
  });

  it('fails a span with the reason when the file cannot be read, and goes on with the next', async () => {
    const pool = new SearchPool(1);
    try {
      await expect(pool.find(fd, 0, text.length + 100, needle)).rejects.toThrow(
        `the file ended at byte ${text.length}, before ${text.length + 100}`,
      );
      expect(await pool.find(fd, 0, text.length, needle)).toHaveLength(20);
    } finally {
      await pool.close();
    }
  });

  it('fails what a worker had when it dies, and starts another for the next search', async () => {
    const pool = new SearchPool(1, () => ({ script: 'process.exit(3)', eval: true }));
    await expect(pool.find(fd, 0, text.length, needle)).rejects.toThrow(
      'the search worker stopped (exit code 3)',
    );
    await expect(pool.find(fd, 0, text.length, needle)).rejects.toThrow('exit code 3');
    await pool.close();
  });
});
