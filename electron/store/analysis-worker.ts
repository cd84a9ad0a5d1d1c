// The analysis worker's entry, bundled as dist/analysis-worker.cjs (analysis-runner.ts starts it): it
// analyses one store snapshot, reading the store's shared memory and file in place, off the Node side's main
// thread. The records are folded as they are rebuilt, never held: one pass for the analyses, a second
// for the times of the frames their findings point at. The answer is an Outcome, so a failure reaches
// the bridge as a one-line UserError.
import { parentPort } from 'node:worker_threads';
import { PlaybackTimesReader } from '../../shared/analysis/playback-times';
import { SessionFold } from '../../shared/analysis/summary';
import { failedOutcome, type Outcome } from '../../shared/bridge/outcome';
import { errorMessage, UserError } from '../../shared/user-error';
import { analysisRecords, type AnalysisInput } from './analysis-records';
import type { AnalysisProgress, SessionAnalyses } from './analysis-runner';

const PROGRESS_MS = 200;

parentPort?.once('message', (input: AnalysisInput) => {
  let answer: Outcome<SessionAnalyses>;
  try {
    answer = { ok: true, result: analyse(input) };
  } catch (error) {
    answer = failedOutcome(new UserError('input', `analysis failed: ${errorMessage(error)}`));
  }
  parentPort?.postMessage(answer);
});

function analyse(input: AnalysisInput): SessionAnalyses {
  const fold = new SessionFold();
  // Two passes over every record: the first (the analyses) counts for most of the time.
  const progress = new ProgressPost(input.columns.length, 0, 0.9);
  for (const record of analysisRecords(input)) {
    fold.push(record);
    progress.step();
  }
  const analyses = fold.analyses();
  const times = new Map(analyses.map((a) => [a.summary.conn, new PlaybackTimesReader(a.summary.findings)]));
  const second = new ProgressPost(input.columns.length, 0.9, 0.1);
  for (const record of analysisRecords(input)) {
    times.get(record.conn)?.push(record);
    second.step();
  }
  return {
    analyses: analyses.map((a) => ({
      ...a,
      times: (times.get(a.summary.conn) as PlaybackTimesReader).result(),
    })),
    recordsNotAnalysed: fold.recordsNotAnalysed,
  };
}

/** Posts the share done (AnalysisProgress) at most every PROGRESS_MS, checking the clock every 4,096 records. */
class ProgressPost {
  private done = 0;
  private last = Date.now();

  constructor(
    private readonly total: number,
    private readonly from: number,
    private readonly span: number,
  ) {}

  step(): void {
    if ((++this.done & 4095) !== 0) return;
    const now = Date.now();
    if (now - this.last < PROGRESS_MS) return;
    this.last = now;
    const progress: AnalysisProgress = {
      progress: this.from + (this.span * this.done) / Math.max(1, this.total),
    };
    parentPort?.postMessage(progress);
  }
}
