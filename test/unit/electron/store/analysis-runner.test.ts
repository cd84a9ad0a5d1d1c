// The analysis worker for real: a thread running analysis-worker.ts (from sources, through tsx) over a
// store's shared memory and file. The failure cases run stand-in worker scripts: what is under test there is
// how the main side turns a worker's failure into one UserError line.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../../shared/analysis/summary';
import { MAX_ANALYSED_CONNECTIONS } from '../../../../shared/limits';
import { UserError } from '../../../../shared/user-error';
import { isLifecycle, type SessionRecord } from '../../../../shared/record';
import {
  ANALYSIS_HEAP_MB,
  analysisWorkerEntry,
  runAnalysis,
} from '../../../../electron/store/analysis-runner';
import { RecordStore } from '../../../../electron/store/record-store';
import { recordedSession } from '../../../support/session-fixtures';
import { tempDir } from '../../../support/temp-dir';

/** Columns in blocks of 64 records: the worker reads most of them from the columns' file. */
function store(records: readonly SessionRecord[]): RecordStore {
  const s = new RecordStore({ perBlock: 64 });
  s.append(records);
  return s;
}

describe('runAnalysis', () => {
  it('analyses on a worker thread what the main thread would', async () => {
    const records = [
      ...recordedSession('socketio2-upgrade'),
      ...recordedSession('python-socketio-websocket'),
    ];
    const result = await runAnalysis(store(records).analysisInput()).result;
    expect(result).toEqual({ analyses: analyzeSession(records), recordsNotAnalysed: 0 });
    expect(result.analyses.length).toBeGreaterThan(0);
  });

  // Ten thousand connections' analyses made and posted back: on a busy two-core machine, longer than the default.
  it(
    'analyses the first MAX_ANALYSED_CONNECTIONS connections of a session naming a new one on every record, and counts the records of the rest',
    { timeout: 90_000 },
    async () => {
      const open = recordedSession('socketio4-upgrade').find((r) => !isLifecycle(r)) as SessionRecord;
      const hostile = Array.from({ length: MAX_ANALYSED_CONNECTIONS + 50 }, (_, i) => ({
        ...open,
        conn: `c${i + 1}`,
      }));
      const { analyses, recordsNotAnalysed } = await runAnalysis(store(hostile).analysisInput()).result;
      expect(analyses).toHaveLength(MAX_ANALYSED_CONNECTIONS);
      expect(analyses.at(-1)?.summary.conn).toBe(`c${MAX_ANALYSED_CONNECTIONS}`);
      expect(recordsNotAnalysed).toBe(50);
    },
  );

  it('reads the snapshot in place: records appended after it do not reach the run', async () => {
    const first = recordedSession('socketio4-upgrade');
    const later = recordedSession('socketio2-polling').map((r) => ({ ...r, conn: 'later' }));
    const s = store(first);
    const input = s.analysisInput();
    // Enough to fill the block being filled when the snapshot was taken, and many after it.
    for (let i = 0; i < 40; i++) s.append(later);
    const result = await runAnalysis(input).result;
    expect(result.analyses).toEqual(analyzeSession(first));
  });

  it('fails in one line when the analysis throws', async () => {
    const input = store(recordedSession('socketio4-upgrade')).analysisInput();
    const torn = { ...input, lines: { ...input.lines, count: input.lines.count + 1 } };
    await expect(runAnalysis(torn).result).rejects.toEqual(
      new UserError(
        'input',
        `analysis failed: the store holds ${torn.lines.count} lines, the columns say ${input.lines.count}`,
      ),
    );
  });

  it.each([
    ['throws at start', 'throw new Error("boom\\n    at somewhere")', 'the analysis worker failed: boom'],
    ['exits', 'process.exit(3)', 'the analysis worker stopped before answering (exit code 3)'],
    [
      'runs out of its heap',
      'const kept = []; for (;;) kept.push(new Array(1e5).fill(kept.length))',
      `the analysis needs more than its ${ANALYSIS_HEAP_MB} MB of memory for this session`,
    ],
    [
      'answers nonsense',
      'require("node:worker_threads").parentPort.postMessage(42)',
      'malformed answer from the Node side',
    ],
  ])('turns a worker that %s into a UserError line', async (_, script, message) => {
    const input = store([]).analysisInput();
    const error: unknown = await runAnalysis(input, { entry: { script, eval: true } }).result.catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ kind: 'io', message });
  });

  it('stops the worker when the answer is no longer wanted', async () => {
    const run = runAnalysis(store(recordedSession('socketio4-upgrade')).analysisInput());
    const why = new UserError('not-found', 'session "s1" was closed');
    run.cancel(why);
    await expect(run.result).rejects.toBe(why);
  });

  it('says where the built worker should be when neither it nor its source is there', () => {
    const empty = tempDir('sio-no-worker');
    expect(() => analysisWorkerEntry(empty)).toThrow(
      new UserError(
        'io',
        `the analysis worker is missing: ${join(empty, 'analysis-worker.cjs')} (npm run build makes it)`,
      ),
    );
  });
});
