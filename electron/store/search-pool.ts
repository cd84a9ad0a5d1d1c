// Text search on worker threads (search-worker.ts), one per core: a search over a session file of
// gigabytes is bound by the regular expression's pass over its bytes, which a single thread does at a
// few hundred MB/s. The workers are started ahead of the first search (warm: a worker takes about half
// a second to start) and kept for the next; an idle worker never keeps the process alive, one with
// spans to search does. A worker that fails fails its spans, and the next search starts another.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TextPattern } from './text-search';
import { workerEntry, type WorkerEntry } from './worker-entry';

/** A span of a file to search: bytes [start, end) of `fd`, whole lines. */
export interface SearchJob {
  readonly id: number;
  readonly fd: number;
  readonly start: number;
  readonly end: number;
  readonly pattern: TextPattern;
}

/** Where the needle is in the span (offsets from `start`, one per line found), or why the worker could not say. */
export type SearchAnswer =
  { readonly id: number; readonly offsets: Float64Array } | { readonly id: number; readonly error: string };

interface Pending {
  readonly resolve: (offsets: Float64Array) => void;
  readonly reject: (error: Error) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

export class SearchPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 0;

  constructor(
    /** Workers at most; as many as the machine has cores by default. */
    readonly size: number = availableParallelism(),
    private readonly entry: () => WorkerEntry = searchWorkerEntry,
  ) {}

  /**
   * Where `pattern` is in bytes [start, end) of `fd`: offsets from `start`, one inside each line found.
   * Fails with a UserError when no worker can start (its bundle is missing), an Error when one failed.
   */
  find(fd: number, start: number, end: number, pattern: TextPattern): Promise<Float64Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      let target: PoolWorker;
      try {
        target = this.leastBusy();
      } catch (error) {
        reject(error as Error);
        return;
      }
      target.pending.set(id, { resolve, reject });
      // A worker with spans to search keeps the process alive until it answers; an idle one does not.
      target.worker.ref();
      const job: SearchJob = { id, fd, start, end, pattern };
      target.worker.postMessage(job);
    });
  }

  /** Workers started and not failed. */
  get started(): number {
    return this.workers.length;
  }

  /** Starts the workers not started yet, so that the next search does not wait for them. */
  warm(): void {
    try {
      while (this.workers.length < this.size) this.start();
    } catch {
      // No worker can start (its bundle is missing): a search finds that out as it starts its own.
    }
  }

  /** Ends the workers; what they were still searching fails. */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.worker.terminate()));
  }

  /** A worker with the fewest spans waiting, starting one while there are fewer than `size`. */
  private leastBusy(): PoolWorker {
    const idle = this.workers.find((w) => w.pending.size === 0);
    if (idle !== undefined) return idle;
    if (this.workers.length < this.size) return this.start();
    return this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private start(): PoolWorker {
    const entry = this.entry();
    const worker = new Worker(entry.script, { eval: entry.eval });
    const self: PoolWorker = { worker, pending: new Map() };
    this.workers.push(self);
    const fail = (why: string): void => {
      const at = this.workers.indexOf(self);
      if (at !== -1) this.workers.splice(at, 1);
      for (const p of self.pending.values()) p.reject(new Error(`the search worker ${why}`));
      self.pending.clear();
      void worker.terminate();
    };
    worker.on('message', (answer: SearchAnswer) => {
      const pending = self.pending.get(answer.id);
      if (pending === undefined) return;
      self.pending.delete(answer.id);
      if (self.pending.size === 0) worker.unref();
      if ('offsets' in answer) pending.resolve(answer.offsets);
      else pending.reject(new Error(answer.error));
    });
    worker.on('error', (error) => fail(`failed: ${error.message}`));
    worker.on('exit', (code) => fail(`stopped (exit code ${code})`));
    // After the listeners: adding a 'message' listener refs the worker again, and an idle pool would
    // then keep a process that has nothing else to do from exiting.
    worker.unref();
    return self;
  }
}

export function searchWorkerEntry(dir?: string): WorkerEntry {
  return workerEntry('search-worker', dir);
}

let shared: SearchPool | undefined;

/** The process's pool, started on first use. */
export function searchPool(): SearchPool {
  shared ??= new SearchPool();
  return shared;
}
