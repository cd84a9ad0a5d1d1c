// The analysis worker's entry, bundled as dist/analysis-worker.cjs (analysis-runner.ts starts it): it
// analyses one store snapshot, reading the store's shared memory in place, off the Node side's main
// thread. The records are folded as they are rebuilt, never held: one pass for the analyses, a second
// for the times of the frames their findings point at. The answer is an Outcome, so a failure reaches
// the bridge as a one-line UserError.
import { parentPort } from 'node:worker_threads';
import { PlaybackTimesReader } from '../../shared/analysis/playback-times';
import { SessionFold, type ConnectionAnalysis } from '../../shared/analysis/summary';
import { failedOutcome, type Outcome } from '../../shared/bridge/outcome';
import { errorMessage, UserError } from '../../shared/user-error';
import { analysisRecords, type AnalysisInput } from './analysis-records';

parentPort?.once('message', (input: AnalysisInput) => {
  let answer: Outcome<ConnectionAnalysis[]>;
  try {
    answer = { ok: true, result: analyse(input) };
  } catch (error) {
    answer = failedOutcome(new UserError('input', `analysis failed: ${errorMessage(error)}`));
  }
  parentPort?.postMessage(answer);
});

function analyse(input: AnalysisInput): ConnectionAnalysis[] {
  const fold = new SessionFold();
  for (const record of analysisRecords(input)) fold.push(record);
  const analyses = fold.analyses();
  const times = new Map(analyses.map((a) => [a.summary.conn, new PlaybackTimesReader(a.summary.findings)]));
  for (const record of analysisRecords(input)) times.get(record.conn)?.push(record);
  return analyses.map((a) => ({ ...a, times: (times.get(a.summary.conn) as PlaybackTimesReader).result() }));
}
