// The analysis worker's entry, bundled as dist/analysis-worker.cjs (analysis-runner.ts starts it): it
// analyses one store snapshot, reading the store's shared memory in place, off the Node side's main
// thread. The answer is an Outcome, so a failure reaches the bridge as a one-line BridgeError.
import { parentPort } from 'node:worker_threads';
import { analyzeSession, type ConnectionAnalysis } from '../../shared/analysis/summary';
import { toErrorShape } from '../../shared/bridge/errors';
import type { Outcome } from '../../shared/bridge/outcome';
import { analysisRecords, type AnalysisInput } from './analysis-records';

parentPort?.once('message', (input: AnalysisInput) => {
  let answer: Outcome<ConnectionAnalysis[]>;
  try {
    answer = { ok: true, result: analyzeSession(analysisRecords(input)) };
  } catch (error) {
    answer = {
      ok: false,
      error: { code: 'failed', message: `analysis failed: ${toErrorShape(error).message}` },
    };
  }
  parentPort?.postMessage(answer);
});
