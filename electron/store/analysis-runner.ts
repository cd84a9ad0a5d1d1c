// Runs the analyses of a store snapshot on a worker thread (analysis-worker.ts): a million records
// take seconds to analyse, and on the main thread those seconds would stop the timeline paging, the
// filters and the live appends of every session. The snapshot's arrays share the store's memory and it
// reads the store's file by its descriptor, so posting it copies only the interned strings (and the
// few lines the store holds in memory). One worker per run: it can be stopped when its answer
// is no longer wanted, and a crash takes nothing else with it.
import { Worker } from 'node:worker_threads';
import type { ConnectionAnalysis } from '../../shared/analysis/summary';
import { toErrorShape } from '../../shared/bridge/errors';
import { UserError } from '../../shared/user-error';
import { unwrapOutcome } from '../../shared/bridge/outcome';
import type { AnalysisInput } from './analysis-records';
import { workerEntry, type WorkerEntry } from './worker-entry';

/**
 * The worker's heap. Its fold (shared/analysis) keeps a bounded state per connection, about 13 MB live
 * after a million records, but V8 sizes a worker's old generation from the machine's memory and lets the
 * rebuilt records' garbage pile up there: ten million records took the process from 677 MB to 1.27 GB.
 * Capped, it collects sooner; a session whose state does not fit ends the run with a one-line error.
 */
export const ANALYSIS_HEAP_MB = 256;
const ANALYSIS_YOUNG_MB = 16;

/** What a run answers: per connection, and how many records of connections past the fold's limit it left. */
export interface SessionAnalyses {
  readonly analyses: ConnectionAnalysis[];
  /** SessionSummary.recordsNotAnalysed, 0 when every connection was analysed. */
  readonly recordsNotAnalysed: number;
}

export interface AnalysisRun {
  readonly result: Promise<SessionAnalyses>;
  /** Stops the worker; `result` rejects with `why` unless it has settled already. */
  cancel(why: UserError): void;
  /** Settles once the worker has stopped: until then it may read the store's file. */
  readonly ended: Promise<void>;
}

/**
 * What the worker posts while it works, before its one answer (an Outcome): the share of the analysis
 * done so far, 0–1.
 */
export interface AnalysisProgress {
  readonly progress: number;
}

export interface AnalysisRunOptions {
  readonly entry?: WorkerEntry;
  /** Told the share done, 0–1, a few times a second while the worker runs. */
  readonly onProgress?: (share: number) => void;
}

export function runAnalysis(input: AnalysisInput, options: AnalysisRunOptions = {}): AnalysisRun {
  const entry = options.entry ?? analysisWorkerEntry();
  const worker = new Worker(entry.script, {
    eval: entry.eval,
    resourceLimits: { maxOldGenerationSizeMb: ANALYSIS_HEAP_MB, maxYoungGenerationSizeMb: ANALYSIS_YOUNG_MB },
  });
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let cancel: (why: UserError) => void = () => undefined;
  const result = new Promise<SessionAnalyses>((resolve, reject) => {
    let settled = false;
    const settle = (how: () => void): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      how();
    };
    worker.on('message', (message: unknown) => {
      if (isProgress(message)) return void (settled || options.onProgress?.(message.progress));
      settle(() => {
        try {
          resolve(unwrapOutcome(message));
        } catch (error) {
          reject(error as UserError);
        }
      });
    });
    worker.on('error', (error) => settle(() => reject(workerFailure(error))));
    worker.once('exit', (code) =>
      settle(() =>
        reject(new UserError('io', `the analysis worker stopped before answering (exit code ${code})`)),
      ),
    );
    cancel = (why) => settle(() => reject(why));
  });
  worker.postMessage(input);
  return { result, cancel: (why) => cancel(why), ended };
}

function workerFailure(error: unknown): UserError {
  if ((error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return new UserError(
      'io',
      `the analysis needs more than its ${ANALYSIS_HEAP_MB} MB of memory for this session`,
    );
  return new UserError('io', `the analysis worker failed: ${toErrorShape(error).message}`);
}

function isProgress(message: unknown): message is AnalysisProgress {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as Partial<AnalysisProgress>).progress === 'number'
  );
}

export function analysisWorkerEntry(dir?: string): WorkerEntry {
  return workerEntry('analysis-worker', dir);
}
