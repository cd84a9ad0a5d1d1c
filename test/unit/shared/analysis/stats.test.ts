import { describe, expect, it } from 'vitest';
import { EXACT_STATS_VALUES, stats, StatsFold } from '../../../../shared/analysis/stats';

describe('stats', () => {
  it.each([
    { values: [], median: null, max: null },
    { values: [7], median: 7, max: 7 },
    { values: [3, 1, 2], median: 2, max: 3 },
    { values: [4, 1, 3, 2], median: 2.5, max: 4 },
    // Numeric, not string order: "10" < "9" as text.
    { values: [9, 10, 100], median: 10, max: 100 },
    { values: [-5, 0, 5], median: 0, max: 5 },
    // The mean of the middle two to the microsecond, as the values are: not 44590.899999999994.
    { values: [44590.4, 44591.4], median: 44590.9, max: 44591.4 },
    { values: [100.001, 100.2, 0, 500], median: 100.101, max: 500 },
  ])('median and max of $values', ({ values, median, max }) => {
    expect(stats(values)).toEqual({ median, max });
  });

  it('ignores values that are not finite numbers', () => {
    expect(stats([1, Number.NaN, 3, Number.POSITIVE_INFINITY])).toEqual({ median: 2, max: 3 });
    expect(stats([Number.NaN])).toEqual({ median: null, max: null });
  });

  it('leaves its input as it was', () => {
    const values = [3, 1, 2];
    stats(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('takes a million values without spreading them onto the stack', () => {
    const values = Array.from({ length: 1_000_001 }, (_, i) => 1_000_000 - i);
    expect(stats(values)).toEqual({ median: 500_000, max: 1_000_000 });
  });
});

describe('StatsFold', () => {
  it('agrees with stats exactly up to EXACT_STATS_VALUES values', () => {
    const values = [5, -1, 3, 3, 9.5, 0, 2];
    const fold = new StatsFold();
    for (const v of [...values, Number.NaN]) fold.push(v);
    expect(fold.result()).toEqual(stats(values));
    expect(new StatsFold().result()).toEqual({ median: null, max: null });
  });

  it('past EXACT_STATS_VALUES keeps the max exact and the median within 1%', () => {
    // A skewed series: most values small, a long tail, shuffled so no order helps.
    const n = EXACT_STATS_VALUES * 3 + 7;
    const values = Array.from({ length: n }, (_, i) => ((i * 7919) % n) ** 2 / 1e4 + 0.5);
    const fold = new StatsFold();
    for (const v of values) fold.push(v);
    const exact = stats(values);
    const { median, max } = fold.result();
    expect(max).toBe(exact.max);
    expect(Math.abs((median ?? 0) - (exact.median ?? 0)) / (exact.median ?? 1)).toBeLessThan(0.01);
  });

  it('keeps zero and negative values apart from positive ones past EXACT_STATS_VALUES', () => {
    const fold = new StatsFold();
    for (let i = 0; i < EXACT_STATS_VALUES + 1000; i++) fold.push(i % 3 === 0 ? -4 : 0);
    expect(fold.result()).toEqual({ median: 0, max: 0 });
  });

  it('holds nothing before its first value, and room in proportion to its values after', () => {
    // A summary folds four series for each of thousands of connections, most of them empty.
    const fold = new StatsFold();
    expect(fold.bytesHeld).toBe(0);
    fold.push(Number.NaN);
    expect(fold.bytesHeld).toBe(0);
    const values = [1, 2, 3];
    for (const v of values) fold.push(v);
    expect(fold.bytesHeld).toBeLessThanOrEqual(64);
    for (let i = 0; i < 1000; i++) values.push(i);
    for (const v of values.slice(3)) fold.push(v);
    expect(fold.bytesHeld).toBeLessThanOrEqual(2 * values.length * 8);
    expect(fold.result()).toEqual(stats(values));
    // Past EXACT_STATS_VALUES: buckets only, a few kilobytes whatever the count.
    for (let i = 0; i < EXACT_STATS_VALUES; i++) fold.push(i % 100);
    expect(fold.bytesHeld).toBeLessThan(16 * 1024);
  });
});
