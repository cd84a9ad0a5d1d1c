import { describe, expect, it } from 'vitest';
import { compareConnections } from '../../../shared/connection-order';

describe('compareConnections', () => {
  it.each([
    [
      ['c2', 'c1'],
      ['c1', 'c2'],
    ],
    [
      ['c10', 'c9', 'c1', 'c100'],
      ['c1', 'c9', 'c10', 'c100'],
    ],
    // Ids from elsewhere (a session file written by another tool) still sort, numbers as numbers.
    [
      ['b', 'a2', 'a10', 'a'],
      ['a', 'a2', 'a10', 'b'],
    ],
    [
      ['c1', 'c01'],
      ['c01', 'c1'],
    ],
  ])('%j in order of opening: %j', (ids, sorted) => {
    expect([...ids].sort(compareConnections)).toEqual(sorted);
    expect([...ids].reverse().sort(compareConnections)).toEqual(sorted);
  });
});
