// The analysis worker's entry, bundled as dist/analysis-worker.cjs (analysis-runner.ts starts it): it
// analyses one store snapshot, reading the store's shared memory in place, off the Node side's main
// thread. The answer is an Outcome, so a failure reaches the bridge as a one-line UserError.
import { parentPort } from 'node:worker_threads';
import { analyzeSession, type ConnectionAnalysis } from '../../shared/analysis/summary';
import { failedOutcome, type Outcome } from '../../shared/bridge/outcome';
import { errorMessage, UserError } from '../../shared/user-error';
import { analysisRecords, type AnalysisInput } from './analysis-records';

parentPort?.once('message', (input: AnalysisInput) => {
  let answer: Outcome<ConnectionAnalysis[]>;
  try {
    answer = { ok: true, result: analyzeSession(analysisRecords(input)) };
  } catch (error) {
    answer = failedOutcome(new UserError('input', `analysis failed: ${errorMessage(error)}`));
  }
  parentPort?.postMessage(answer);
});
