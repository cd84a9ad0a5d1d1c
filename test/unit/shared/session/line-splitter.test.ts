import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, type SplitLine } from '../../../../shared/session/line-splitter';

function split(chunks: readonly string[], max?: number): SplitLine[] {
  const splitter = new LineSplitter(max);
  const lines: SplitLine[] = [];
  for (const chunk of chunks) lines.push(...splitter.push(chunk));
  const last = splitter.end();
  if (last !== undefined) lines.push(last);
  return lines;
}

describe('LineSplitter', () => {
  it('gives the lines of the text however it is cut into chunks, CRLF or LF', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r\n', '{') })),
        fc.array(fc.nat(), { maxLength: 8 }),
        (parts, cuts) => {
          const text = parts.join('');
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
          const expected = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
          if (text.endsWith('\n') || text === '') expected.pop();
          expect(split(chunks).map((l) => l.text)).toEqual(expected);
        },
      ),
    );
  });

  it('numbers the lines', () => {
    const splitter = new LineSplitter();
    expect(splitter.nextLine).toBe(1);
    splitter.push('a\nb\nc');
    expect(splitter.nextLine).toBe(3);
  });

  it('keeps the start of a line longer than the limit, drops the rest, and reads on', () => {
    const chunks = ['ok\n', 'x'.repeat(3000), 'y'.repeat(3000), 'z'.repeat(3000), '\nnext\n'];
    expect(split(chunks, 5000)).toEqual([
      { text: 'ok' },
      { text: `${'x'.repeat(3000)}${'y'.repeat(1096)}`, cutFrom: 9000 },
      { text: 'next' },
    ]);
  });
});
