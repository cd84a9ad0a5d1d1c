import { describe, expect, it } from 'vitest';
import {
  advanceTime,
  analysisTime,
  clampSpeed,
  clipRows,
  countAtOrBefore,
  countUpTo,
  type Playhead,
  wallDelay,
} from '../../../../renderer/state/playback';

describe('speed scaling', () => {
  it.each([
    [1, 1],
    [0.1, 0.25],
    [0.25, 0.25],
    [10, 10],
    [50, 10],
    [Number.NaN, 1],
  ])('clampSpeed(%s) = %s', (speed, want) => expect(clampSpeed(speed)).toBe(want));

  it.each([
    // time, elapsed wall ms, speed, end → new time
    [0, 100, 1, 1000, 100],
    [0, 100, 10, 1000, 1000],
    [0, 100, 0.25, 1000, 25],
    [500, 1000, 2, 1200, 1200],
    [500, -5, 2, 1200, 500],
  ])('advanceTime(%s, %s, %sx, end %s) = %s', (time, elapsed, speed, end, want) =>
    expect(advanceTime(time, elapsed, speed, end)).toBe(want),
  );

  it.each([
    [0, 100, 1, 100],
    [0, 100, 10, 10],
    [0, 100, 0.25, 400],
    [200, 100, 1, 0],
  ])('wallDelay from %s to %s at %sx = %s ms', (time, next, speed, want) =>
    expect(wallDelay(time, next, speed)).toBe(want),
  );
});

describe('index for time', () => {
  const times = [10, 20, 20, 30, 45];
  it.each([
    [0, 0],
    [10, 1],
    [19.9, 1],
    [20, 3],
    [44, 4],
    [45, 5],
    [1e9, 5],
  ])('records at or before %s: %s', async (t, want) => {
    expect(countUpTo(times, t)).toBe(want);
    const reads: number[] = [];
    const timeAt = (i: number): Promise<number> => {
      reads.push(i);
      return Promise.resolve(times[i] as number);
    };
    expect(await countAtOrBefore(times.length, timeAt, t)).toBe(want);
    expect(reads.length).toBeLessThanOrEqual(Math.ceil(Math.log2(times.length + 1)));
  });

  it('is 0 for an empty session', async () => {
    expect(countUpTo([], 5)).toBe(0);
    expect(await countAtOrBefore(0, () => Promise.reject(new Error('no read')), 5)).toBe(0);
  });
});

describe('what the views show up to the playhead', () => {
  it('clips all rows and filtered rows to the records before the playhead', () => {
    expect(clipRows({ kind: 'all', count: 10 }, 4)).toEqual({ kind: 'all', count: 4 });
    expect(clipRows({ kind: 'all', count: 3 }, 4)).toEqual({ kind: 'all', count: 3 });
    const clipped = clipRows({ kind: 'filtered', indices: Uint32Array.of(1, 3, 4, 8) }, 4);
    expect(clipped.kind === 'filtered' && [...clipped.indices]).toEqual([1, 3]);
  });

  it('has the analysis views show the whole session unless the playhead is mid-way', () => {
    const head = (count: number, time: number): Playhead => ({
      time,
      count,
      playing: false,
      speed: 1,
      start: 10,
      end: 50,
    });
    expect(analysisTime(null, 5)).toBeNull();
    expect(analysisTime(head(5, 50), 5)).toBeNull();
    expect(analysisTime(head(3, 30), 5)).toBe(30);
    // At the start nothing has happened, not even the first record, which is at that very time.
    expect(analysisTime(head(0, 10), 5)).toBe(Number.NEGATIVE_INFINITY);
  });
});
