import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendIndices } from '../../../../renderer/state/growable-indices';
import {
  lowerBound,
  nextHit,
  recordAt,
  rowCount,
  rowOf,
  type RowMap,
} from '../../../../renderer/state/row-map';

describe('row map', () => {
  const filtered: RowMap = { kind: 'filtered', indices: Uint32Array.from([2, 5, 9]) };

  it('maps rows to records and back', () => {
    expect(rowCount(filtered)).toBe(3);
    expect(recordAt(filtered, 1)).toBe(5);
    expect(recordAt(filtered, 3)).toBeUndefined();
    expect(rowOf(filtered, 9)).toBe(2);
    expect(rowOf(filtered, 6)).toBeUndefined();
    expect(rowOf({ kind: 'all', count: 10 }, 4)).toBe(4);
  });

  it('steps to the next and previous hit, wrapping', () => {
    const hits = [2, 5, 9];
    expect(nextHit(hits, null, 1)).toBe(2);
    expect(nextHit(hits, 5, 1)).toBe(9);
    expect(nextHit(hits, 9, 1)).toBe(2);
    expect(nextHit(hits, 6, -1)).toBe(5);
    expect(nextHit(hits, 2, -1)).toBe(9);
    expect(nextHit([], 1, 1)).toBeUndefined();
  });

  it('property: lowerBound agrees with a linear scan', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000)), fc.nat(1000), (values, v) => {
        const sorted = [...values].sort((a, b) => a - b);
        expect(lowerBound(sorted, v)).toBe(
          sorted.findIndex((x) => x >= v) === -1 ? sorted.length : sorted.findIndex((x) => x >= v),
        );
      }),
    );
  });
});

describe('appendIndices', () => {
  it('grows in place while there is room and leaves earlier views unchanged', () => {
    const a = appendIndices(new Uint32Array(0), [1, 2]);
    const b = appendIndices(a, [3]);
    expect([...a]).toEqual([1, 2]);
    expect([...b]).toEqual([1, 2, 3]);
    expect(b.buffer).toBe(a.buffer);
    expect(appendIndices(b, [])).toBe(b);
  });

  it('property: appending in batches equals appending all at once', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(), { maxLength: 3000 }), { maxLength: 6 }), (batches) => {
        let view: Uint32Array = new Uint32Array(0);
        for (const batch of batches) view = appendIndices(view, batch);
        expect([...view]).toEqual(batches.flat());
      }),
      { numRuns: 50 },
    );
  });
});
