// Median and maximum, the two numbers the summary gives for every timing series.

export interface Stats {
  /** null when there are no values: unknown, not zero. */
  readonly median: number | null;
  readonly max: number | null;
}

/** Ignores non-finite values; does not touch `values`. O(n log n) on a typed copy, no spread. */
export function stats(values: readonly number[]): Stats {
  const sorted = finiteSorted(values);
  const n = sorted.length;
  if (n === 0) return { median: null, max: null };
  const mid = n >> 1;
  // Float64Array indexing cannot fail inside its length; the `?? 0` only satisfies the compiler.
  const median = n % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, max: sorted[n - 1] ?? 0 };
}

function finiteSorted(values: readonly number[]): Float64Array {
  let count = 0;
  for (const v of values) if (Number.isFinite(v)) count++;
  const out = new Float64Array(count);
  let i = 0;
  for (const v of values) if (Number.isFinite(v)) out[i++] = v;
  // A typed array sorts numerically; a plain array would sort "10" before "9".
  return out.sort();
}

/**
 * The time from `from` to `to` in ms, to the microsecond: record times are floats from a monotonic
 * clock, and their raw differences print as 4.395000000000003.
 */
export function elapsed(from: number, to: number): number {
  return Math.round((to - from) * 1000) / 1000;
}
