// Timeline rows to record indices and back. Unfiltered, row i is record i; filtered, the Node side sent
// the matching indices (ascending), kept as a typed array: 4 bytes a row even at a million matches.

export type RowMap =
  | { readonly kind: 'all'; readonly count: number }
  | { readonly kind: 'filtered'; readonly indices: Uint32Array };

export function rowCount(map: RowMap): number {
  return map.kind === 'all' ? map.count : map.indices.length;
}

export function recordAt(map: RowMap, row: number): number | undefined {
  if (row < 0 || row >= rowCount(map)) return undefined;
  return map.kind === 'all' ? row : map.indices[row];
}

/** The row showing `index`, or undefined when the filter hides it. */
export function rowOf(map: RowMap, index: number): number | undefined {
  if (map.kind === 'all') return index >= 0 && index < map.count ? index : undefined;
  const at = lowerBound(map.indices, index);
  return map.indices[at] === index ? at : undefined;
}

/** First position in ascending `sorted` whose value is ≥ `value` (sorted.length if none). */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The next (or previous) value in ascending `hits` after `from`, wrapping around; undefined if none. */
export function nextHit(hits: ArrayLike<number>, from: number | null, direction: 1 | -1): number | undefined {
  if (hits.length === 0) return undefined;
  if (from === null) return direction === 1 ? hits[0] : hits[hits.length - 1];
  if (direction === 1) {
    const at = lowerBound(hits, from + 1);
    return at < hits.length ? hits[at] : hits[0];
  }
  const at = lowerBound(hits, from) - 1;
  return at >= 0 ? hits[at] : hits[hits.length - 1];
}
