import { closeSync, openSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineFile, SCAN_BYTES } from '../../../../electron/store/line-file';
import { SearchPool, searchWorkerEntry } from '../../../../electron/store/search-pool';
import { textPattern, type TextPattern } from '../../../../electron/store/text-search';
import { UserError } from '../../../../shared/user-error';
import { tempDir } from '../../../support/temp-dir';

const parent = tempDir('line-file-test');

/** Lines of every size class: short, multi-byte, and one bigger than the append buffer. */
function lines(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i === 1234) out.push(`{"big":"${'x'.repeat(1_500_000)}"}`);
    else if (i % 97 === 0) out.push(`{"i":${i},"text":"über ☃ ${'y'.repeat(i % 500)}"}`);
    else out.push(`{"i":${i},"event":"tick"}`);
  }
  return out;
}

describe('LineFile', () => {
  const all = lines(60_000);
  const file = new LineFile(parent);
  for (const line of all) file.push(line);

  it('reads back every line as pushed, from the file and from what is not written yet', () => {
    expect(file.length).toBe(all.length);
    expect(file.lines(0, all.length)).toStrictEqual(all);
    for (const i of [0, 96, 97, 1233, 1234, 1235, all.length - 1]) expect(file.line(i)).toBe(all[i]);
    expect(file.line(all.length)).toBeUndefined();
    expect(file.lines(59_990, 70_000)).toStrictEqual(all.slice(59_990));
  });

  it('leaves no file behind in its folder while open, nor after close', () => {
    const own = new LineFile(parent);
    own.push('{"a":1}');
    expect(own.line(0)).toBe('{"a":1}');
    if (process.platform !== 'win32') expect(readdirSync(parent)).toStrictEqual([]);
    own.close();
    expect(readdirSync(parent)).toStrictEqual([]);
  });

  it('finds a needle in any line of a span, ignoring case, across scan boundaries', async () => {
    const pattern = textPattern('ÜBER ☃') as TextPattern;
    const expected = all.flatMap((l, i) => (l.includes('über ☃') ? [i] : []));
    expect(expected.length).toBeGreaterThan(100);
    expect(await file.find(pattern, 0, all.length)).toStrictEqual(expected);
    // In scans as a filter reads them, on the search workers: the same lines.
    const pool = new SearchPool(2);
    try {
      const sliced: number[] = [];
      for (let from = 0; from < all.length;) {
        const to = file.scanEnd(from);
        expect(to).toBeGreaterThan(from);
        sliced.push(...(await file.find(pattern, from, to, pool)));
        from = to;
      }
      expect(sliced).toStrictEqual(expected);
    } finally {
      await pool.close();
    }
  });

  it('finds an ASCII needle by the same rule as a RegExp ignoring case, in the file and in what is not written yet', async () => {
    const own = new LineFile(parent);
    const texts = ['{"a":"Tick"}', '{"a":"ſ"}', '{"a":"K"}', '{"t":"TICK"}', '{"a":"s"}', '{"a":"k"}'];
    try {
      // Enough bytes that the first lines are in the file and the last still in the append buffer.
      const pad = '-'.repeat(100);
      const many = Array.from({ length: 12_000 }, (_, i) => `${texts[i % texts.length]}${pad}`);
      for (const line of many) own.push(line);
      expect(own.bytes).toBeGreaterThan(1 << 20);
      const pool = new SearchPool(1);
      try {
        // None has a character special to a RegExp.
        for (const needle of ['tick', 's', 'K', '"a":"']) {
          const re = new RegExp(needle, 'i');
          const expected = many.flatMap((l, i) => (re.test(l) ? [i] : []));
          const pattern = textPattern(needle) as TextPattern;
          expect(await own.find(pattern, 0, many.length), needle).toStrictEqual(expected);
          expect(await own.find(pattern, 0, many.length, pool), needle).toStrictEqual(expected);
        }
      } finally {
        await pool.close();
      }
    } finally {
      own.close();
    }
  });

  it('closes its file only once the searches reading it are done, which then fail: no other file is read by its number', async () => {
    const dir = tempDir('line-file-close-test');
    const hay = Array.from({ length: 20_000 }, (_, i) => `{"i":${i},"text":"hay"}${'-'.repeat(60)}`);
    const path = join(dir, 'hay.ndjson');
    writeFileSync(path, `${hay.join('\n')}\n`);
    // A file the search would find in everywhere, opened where the store's descriptor was.
    const otherPath = join(dir, 'needles.ndjson');
    writeFileSync(otherPath, `${hay.map((l) => l.replace('hay', 'needle')).join('\n')}\n`);
    const own = new LineFile({ existing: path, afterFirstLine: false });
    for (const line of hay) own.push(line);
    // Its first megabytes are in the file, checked, and searched by the worker.
    expect(own.bytes).toBeGreaterThan(1 << 20);
    // Not started yet: its worker reads the span well after the close below.
    const pool = new SearchPool(1);
    try {
      const found = own.find(textPattern('needle') as TextPattern, 0, hay.length, pool);
      own.close();
      expect(descriptorsOf(path)).toBe(1);
      const other = openSync(otherPath, 'r');
      try {
        await expect(found).rejects.toThrow('the record store was closed');
      } finally {
        closeSync(other);
      }
      expect(descriptorsOf(path)).toBe(0);
      expect(() => own.line(0)).toThrow('the record store was closed');
    } finally {
      await pool.close();
    }
  });

  it('searches a span here when its worker fails, and fails the search, saying why, when no worker can start', async () => {
    const pattern = textPattern('über ☃') as TextPattern;
    const expected = await file.find(pattern, 0, all.length);
    const crashing = new SearchPool(1, () => ({ script: 'process.exit(3)', eval: true }));
    try {
      expect(await file.find(pattern, 0, all.length, crashing)).toStrictEqual(expected);
    } finally {
      await crashing.close();
    }
    const empty = tempDir('line-file-no-worker');
    const unbuilt = new SearchPool(1, () => searchWorkerEntry(empty));
    await expect(file.find(pattern, 0, all.length, unbuilt)).rejects.toThrow(
      new UserError(
        'io',
        `the search worker is missing: ${join(empty, 'search-worker.cjs')} (npm run build makes it)`,
      ),
    );
  });

  it('cuts scans at about SCAN_BYTES, never inside a line', () => {
    const to = file.scanEnd(0);
    expect(file.start(to) - file.start(0)).toBeLessThanOrEqual(SCAN_BYTES + 1_600_000);
    expect(file.lineAt(file.start(to))).toBe(to);
    expect(file.lineAt(file.start(to) + 1)).toBe(to);
  });
});

/** How many of this process's file descriptors are open on `path` (Linux). */
function descriptorsOf(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}
