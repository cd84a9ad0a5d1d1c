import { readdirSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineFile, SCAN_BYTES } from '../../../../electron/store/line-file';

const parent = mkdtempSync(join(tmpdir(), 'line-file-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

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

  it('finds a needle in any line of a span, ignoring case, across scan boundaries', () => {
    const hits = new Uint8Array(all.length);
    file.search('ÜBER ☃', 0, all.length, hits);
    const expected = all.map((l) => (l.includes('über ☃') ? 1 : 0));
    expect([...hits]).toStrictEqual(expected);
    // In slices as a filter reads them: the same hits.
    const sliced = new Uint8Array(all.length);
    for (let from = 0; from < all.length;) {
      const to = file.scanEnd(from);
      expect(to).toBeGreaterThan(from);
      file.search('ÜBER ☃', from, to, sliced.subarray(from, to));
      from = to;
    }
    expect(sliced).toStrictEqual(hits);
  });

  it('cuts scans at about SCAN_BYTES, never inside a line', () => {
    const to = file.scanEnd(0);
    expect(file.start(to) - file.start(0)).toBeLessThanOrEqual(SCAN_BYTES + 1_600_000);
    expect(file.lineAt(file.start(to))).toBe(to);
    expect(file.lineAt(file.start(to) + 1)).toBe(to);
  });
});
