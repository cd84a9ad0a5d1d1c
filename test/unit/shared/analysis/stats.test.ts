import { describe, expect, it } from 'vitest';
import { stats } from '../../../../shared/analysis/stats';

describe('stats', () => {
  it.each([
    { values: [], median: null, max: null },
    { values: [7], median: 7, max: 7 },
    { values: [3, 1, 2], median: 2, max: 3 },
    { values: [4, 1, 3, 2], median: 2.5, max: 4 },
    // Numeric, not string order: "10" < "9" as text.
    { values: [9, 10, 100], median: 10, max: 100 },
    { values: [-5, 0, 5], median: 0, max: 5 },
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
