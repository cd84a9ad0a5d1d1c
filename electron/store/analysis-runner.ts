// Runs the analyses of a store snapshot on a worker thread (analysis-worker.ts): a million records
// take seconds to analyse, and on the main thread those seconds would stop the timeline paging, the
// filters and the live appends of every session. The snapshot's arrays share the store's memory, so
// posting it copies only the interned strings. One worker per run: it can be stopped when its answer
// is no longer wanted, and a crash takes nothing else with it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConnectionAnalysis } from '../../shared/analysis/summary';
import { toErrorShape } from '../../shared/bridge/errors';
import { UserError } from '../../shared/user-error';
import { unwrapOutcome } from '../../shared/bridge/outcome';
import type { AnalysisInput } from './analysis-records';

export interface AnalysisRun {
  readonly result: Promise<ConnectionAnalysis[]>;
  /** Stops the worker; `result` rejects with `why` unless it has settled already. */
  cancel(why: UserError): void;
}

/** What a worker runs: a script file, or (`eval`) the code itself. */
export interface WorkerEntry {
  readonly script: string;
  readonly eval: boolean;
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
  const worker = new Worker(entry.script, { eval: entry.eval });
  let cancel: (why: UserError) => void = () => undefined;
  const result = new Promise<ConnectionAnalysis[]>((resolve, reject) => {
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
    worker.on('error', (error) =>
      settle(() => reject(new UserError('io', `the analysis worker failed: ${toErrorShape(error).message}`))),
    );
    worker.once('exit', (code) =>
      settle(() =>
        reject(new UserError('io', `the analysis worker stopped before answering (exit code ${code})`)),
      ),
    );
    cancel = (why) => settle(() => reject(why));
  });
  worker.postMessage(input);
  return { result, cancel: (why) => cancel(why) };
}

function isProgress(message: unknown): message is AnalysisProgress {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as Partial<AnalysisProgress>).progress === 'number'
  );
}

/**
 * Built (`npm run build:cli`, `build:electron`): dist/analysis-worker.cjs next to the bundle, which
 * esbuild's `--define:import.meta.dirname=__dirname` makes this module's directory. From sources
 * (vitest, `node --import tsx`): analysis-worker.ts beside this file, compiled by tsx's require hook
 * inside the worker (a worker's `execArgv: ['--import', 'tsx']` does not reach its entry in Node 20).
 */
export function analysisWorkerEntry(dir: string = import.meta.dirname): WorkerEntry {
  const built = join(dir, 'analysis-worker.cjs');
  if (existsSync(built)) return { script: built, eval: false };
  const source = join(dir, 'analysis-worker.ts');
  if (existsSync(source)) {
    const tsx = createRequire(source).resolve('tsx/cjs/api');
    const script = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`;
    return { script, eval: true };
  }
  throw new UserError('io', `the analysis worker is missing: ${built} (npm run build makes it)`);
}
