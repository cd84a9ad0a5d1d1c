// Records paged in from the Node side on demand (docs/architecture.md §8: records reach the renderer in
// batches and are paged in on demand). Fixed, aligned pages in an LRU, so memory stays flat at any session size; the
// fetch queue is latest-wins, so a fast scroll across a million rows asks only for where it lands.
import type { SessionRecord } from '../../shared/record';
import { LruCache } from './lru-cache';
import { errorMessage } from '../../shared/user-error';

export type PageFetcher = (from: number, count: number) => Promise<readonly SessionRecord[]>;

export interface PageCacheOptions {
  readonly pageSize?: number;
  /** Pages kept; 64 × 256 records is a few MB at most. */
  readonly capacity?: number;
  /** Page requests on the wire at once. */
  readonly maxInFlight?: number;
}

export const DEFAULT_PAGE_SIZE = 256;
const RETRY_MS = 2000;

export class PageCache {
  readonly pageSize: number;
  private readonly pages: LruCache<number, SessionRecord[]>;
  private readonly maxInFlight: number;
  private readonly inFlight = new Set<number>();
  private queue: number[] = [];
  private total = 0;
  /** Bumped by clear(): answers to requests made before it are dropped. */
  private generation = 0;
  private lastError: string | null = null;
  /** Pages whose last request failed, and when: not asked again for RETRY_MS, so an error is not a loop. */
  private readonly failed = new Map<number, number>();

  constructor(
    private readonly fetcher: PageFetcher,
    private readonly onChange: () => void,
    options: PageCacheOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.pages = new LruCache(options.capacity ?? 64);
    this.maxInFlight = options.maxInFlight ?? 3;
  }

  get error(): string | null {
    return this.lastError;
  }

  get cachedPages(): number {
    return this.pages.size;
  }

  setTotal(total: number): void {
    this.total = total;
  }

  /** The record if its page is here; never fetches (see want). */
  get(index: number): SessionRecord | undefined {
    const page = this.pages.peek(this.pageOf(index));
    return page?.[index % this.pageSize];
  }

  /**
   * Asks for the pages holding these record indices, most urgent first. Pages asked for earlier and not
   * yet sent are dropped: only the current view matters.
   */
  want(indices: Iterable<number>): void {
    const wanted: number[] = [];
    const seen = new Set<number>();
    for (const index of indices) {
      if (index < 0 || index >= this.total) continue;
      const page = this.pageOf(index);
      if (seen.has(page)) continue;
      seen.add(page);
      const have = this.pages.get(page);
      if (have !== undefined && have.length >= this.expectedLength(page)) continue;
      const failedAt = this.failed.get(page);
      if (failedAt === undefined || this.now() - failedAt > RETRY_MS) wanted.push(page);
    }
    this.queue = wanted.filter((p) => !this.inFlight.has(p));
    this.pump();
  }

  /** A whole page, from the cache when complete, otherwise fetched now (and kept). */
  async page(page: number): Promise<readonly SessionRecord[]> {
    const have = this.pages.get(page);
    if (have !== undefined && have.length >= this.expectedLength(page)) return have;
    const generation = this.generation;
    const records = await this.fetcher(page * this.pageSize, this.pageSize);
    if (generation === this.generation) this.pages.set(page, [...records]);
    return records;
  }

  /**
   * Records appended to the session at `start`: they extend pages that end exactly where they begin,
   * so follow-tail needs no round trip. Pages not here stay absent (fetched when looked at).
   */
  append(start: number, records: readonly SessionRecord[]): void {
    this.total = Math.max(this.total, start + records.length);
    let i = 0;
    while (i < records.length) {
      const index = start + i;
      const page = this.pageOf(index);
      const offset = index % this.pageSize;
      const take = Math.min(records.length - i, this.pageSize - offset);
      const have = this.pages.peek(page) ?? (offset === 0 ? [] : undefined);
      if (have !== undefined && have.length === offset) {
        for (let k = 0; k < take; k++) have.push(records[i + k] as SessionRecord);
        this.pages.set(page, have);
      }
      i += take;
    }
  }

  clear(): void {
    this.pages.clear();
    this.queue = [];
    this.inFlight.clear();
    this.failed.clear();
    this.generation++;
  }

  private pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  private expectedLength(page: number): number {
    return Math.max(0, Math.min(this.pageSize, this.total - page * this.pageSize));
  }

  private pump(): void {
    while (this.inFlight.size < this.maxInFlight) {
      const page = this.queue.shift();
      if (page === undefined) return;
      this.inFlight.add(page);
      void this.load(page, this.generation);
    }
  }

  private async load(page: number, generation: number): Promise<void> {
    try {
      const records = await this.fetcher(page * this.pageSize, this.pageSize);
      if (generation !== this.generation) return;
      const have = this.pages.peek(page);
      // Appends may have run past what this answer holds while it was on the way; keep the longer one.
      if (have === undefined || have.length < records.length) this.pages.set(page, [...records]);
      this.lastError = null;
      this.failed.delete(page);
    } catch (e) {
      if (generation !== this.generation) return;
      this.lastError = errorMessage(e);
      this.failed.set(page, this.now());
    } finally {
      if (generation === this.generation) {
        this.inFlight.delete(page);
        this.pump();
        this.onChange();
      }
    }
  }
}
