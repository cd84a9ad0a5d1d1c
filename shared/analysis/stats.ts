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
  // The mean of two middle values is rounded as the values are (`toMicrosecond`).
  const median =
    n % 2 === 1 ? (sorted[mid] ?? 0) : toMicrosecond(((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2);
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

/** The time from `from` to `to` in ms, to the microsecond (`toMicrosecond`). */
export function elapsed(from: number, to: number): number {
  return toMicrosecond(to - from);
}

/**
 * `ms` to the microsecond: every figure the analyses make from times. Record times are floats from a
 * monotonic clock, and raw sums and differences of them print as 4.395000000000003 or 44590.899999999994.
 */
function toMicrosecond(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * Values a StatsFold keeps as they are: up to this many, its median is exact. Past it the values go
 * into buckets, so a series as long as the session is held in a few kilobytes.
 */
export const EXACT_STATS_VALUES = 65_536;

/**
 * Each bucket spans [g^k, g^(k+1)) of magnitudes; its midpoint is within (g-1)/(g+1) < 1% of any value
 * in it. Magnitudes below a microsecond (times are rounded to one by `elapsed`) share the zero bucket.
 */
const BUCKET_GROWTH = 1.02;
const LOG_GROWTH = Math.log(BUCKET_GROWTH);
const ZERO_BELOW = 1e-3;
/** A bucket's key and count, as two numbers. */
const BUCKET_BYTES = 16;

/** What a StatsFold holds before its first value: a summary folds four series for each of thousands of connections, most of them empty. */
const NO_VALUES = new Float64Array(0);

/** Values a StatsFold makes room for at its first. */
const FIRST_VALUES = 8;

/**
 * `stats` one value at a time, in bounded memory: the max is always exact, the median exact up to
 * EXACT_STATS_VALUES values and within 1% (or a microsecond) past that.
 */
export class StatsFold {
  private values = NO_VALUES;
  private held = 0;
  /** Signed bucket index → count, once past EXACT_STATS_VALUES; 0 is the zero bucket. */
  private buckets: Map<number, number> | null = null;
  private count = 0;
  private max = Number.NEGATIVE_INFINITY;

  push(v: number): void {
    if (!Number.isFinite(v)) return;
    this.count++;
    if (v > this.max) this.max = v;
    if (this.buckets !== null) return this.bucket(v);
    if (this.held === this.values.length) {
      if (this.held >= EXACT_STATS_VALUES) return this.toBuckets(v);
      const grown = new Float64Array(Math.max(FIRST_VALUES, this.held * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.held++] = v;
  }

  /** Bytes of values and buckets it holds. */
  get bytesHeld(): number {
    return this.values.byteLength + (this.buckets?.size ?? 0) * BUCKET_BYTES;
  }

  result(): Stats {
    if (this.count === 0) return { median: null, max: null };
    const { buckets } = this;
    if (buckets === null) return stats(Array.from(this.values.subarray(0, this.held)));
    // The value of rank ⌊n/2⌋, as the midpoint of its bucket (never above the exact max).
    const rank = this.count >> 1;
    let seen = 0;
    for (const key of [...buckets.keys()].sort((a, b) => a - b)) {
      seen += buckets.get(key) ?? 0;
      if (seen > rank) return { median: Math.min(this.max, midpoint(key)), max: this.max };
    }
    return { median: this.max, max: this.max };
  }

  private toBuckets(next: number): void {
    this.buckets = new Map();
    for (let i = 0; i < this.held; i++) this.bucket(this.values[i] ?? 0);
    this.values = NO_VALUES;
    this.held = 0;
    this.bucket(next);
  }

  private bucket(v: number): void {
    const key = bucketKey(v);
    const buckets = this.buckets as Map<number, number>;
    buckets.set(key, (buckets.get(key) ?? 0) + 1);
  }
}

/** 0 for |v| below ZERO_BELOW; else ±(k + 1) for |v| in [ZERO_BELOW·g^k, ZERO_BELOW·g^(k+1)). */
function bucketKey(v: number): number {
  const magnitude = Math.abs(v);
  if (magnitude < ZERO_BELOW) return 0;
  const k = Math.floor(Math.log(magnitude / ZERO_BELOW) / LOG_GROWTH) + 1;
  return v < 0 ? -k : k;
}

function midpoint(key: number): number {
  if (key === 0) return 0;
  const low = ZERO_BELOW * BUCKET_GROWTH ** (Math.abs(key) - 1);
  const mid = toMicrosecond((low * (1 + BUCKET_GROWTH)) / 2);
  return key < 0 ? -mid : mid;
}
