// Records of a filtered view, fetched by index (sessions.pick): a filter that keeps one record in ten
// thousand would otherwise page in ten thousand records per row shown. Same rules as the page cache:
// bounded, latest-wins, one request on the wire at a time.
import type { SessionRecord } from '../../shared/record';
import { LruCache } from './lru-cache';
import { errorMessage } from '../../shared/user-error';

export type PickFetcher = (indices: readonly number[]) => Promise<readonly SessionRecord[]>;

/** Indices per pick request; well under the bridge's MAX_PAGE_RECORDS. */
const PICK_BATCH = 400;

export class PickCache {
  private readonly records: LruCache<number, SessionRecord>;
  private wanted: number[] = [];
  private busy = false;
  private generation = 0;
  private lastError: string | null = null;

  constructor(
    private readonly fetcher: PickFetcher,
    private readonly onChange: () => void,
    capacity = 8192,
  ) {
    this.records = new LruCache(capacity);
  }

  get error(): string | null {
    return this.lastError;
  }

  get(index: number): SessionRecord | undefined {
    return this.records.peek(index);
  }

  /** Replaces what is waiting to be fetched with the missing ones among `indices`. */
  want(indices: Iterable<number>): void {
    const missing: number[] = [];
    for (const index of indices) {
      if (this.records.get(index) === undefined) missing.push(index);
      if (missing.length >= PICK_BATCH) break;
    }
    this.wanted = missing;
    void this.pump();
  }

  /** Records already at hand (appended or paged in) serve filtered rows too. */
  put(index: number, record: SessionRecord): void {
    this.records.set(index, record);
  }

  clear(): void {
    this.records.clear();
    this.wanted = [];
    this.generation++;
  }

  private async pump(): Promise<void> {
    if (this.busy || this.wanted.length === 0) return;
    const batch = this.wanted;
    this.wanted = [];
    this.busy = true;
    const generation = this.generation;
    try {
      const records = await this.fetcher(batch);
      if (generation !== this.generation) return;
      records.forEach((record, i) => {
        const index = batch[i];
        if (index !== undefined) this.records.set(index, record);
      });
      this.lastError = null;
    } catch (e) {
      if (generation === this.generation) this.lastError = errorMessage(e);
    } finally {
      this.busy = false;
      if (generation === this.generation) {
        this.onChange();
        // A failed batch is not retried until the view asks again with a new want().
        void this.pump();
      }
    }
  }
}
