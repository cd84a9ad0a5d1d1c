import { describe, expect, it } from 'vitest';
import { SharedLines, snapshotLine } from '../../../../electron/store/shared-lines';

describe('SharedLines', () => {
  it('gives back every line, any text, across buffer growth', () => {
    const lines = new SharedLines();
    const texts = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 0 ? `{"n":${i},"s":"über ☃ 𝄞"}` : i % 3 === 1 ? '' : 'x'.repeat(i * 20),
    );
    for (const text of texts) lines.push(text);
    const snapshot = lines.snapshot();
    expect(snapshot.count).toBe(texts.length);
    expect(snapshot.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(texts.map((_, k) => snapshotLine(snapshot, k))).toEqual(texts);
  });

  it('keeps a snapshot valid while lines keep coming', () => {
    const lines = new SharedLines();
    lines.push('first');
    lines.push('second');
    const before = lines.snapshot();
    for (let i = 0; i < 5000; i++) lines.push(`later line ${i} ${'y'.repeat(100)}`);
    expect(lines.snapshot().bytes).not.toBe(before.bytes);
    expect([snapshotLine(before, 0), snapshotLine(before, 1)]).toEqual(['first', 'second']);
    expect(before.count).toBe(2);
  });
});
