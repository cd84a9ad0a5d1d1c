// A text search worker's entry, bundled as dist/search-worker.cjs (search-pool.ts starts it): it reads
// a span of a record store's file through the file descriptor the store opened (threads share the
// process's descriptors) and answers where the needle is, so a search runs on every core while the
// main thread tests the columns of what was found and keeps answering pages.
import { parentPort } from 'node:worker_threads';
import { errorMessage } from '../../shared/user-error';
import { readAt } from './file-io';
import { SCAN_BYTES } from './line-file';
import type { SearchAnswer, SearchJob } from './search-pool';
import { findInLines } from './text-search';

/** Spans are about SCAN_BYTES; a longer one (one huge line) gets a buffer of its own, not kept. */
const scratch = Buffer.allocUnsafe(SCAN_BYTES);

parentPort?.on('message', (job: SearchJob) => {
  let answer: SearchAnswer;
  try {
    const bytes = read(job.fd, job.start, job.end);
    const offsets = Float64Array.from(findInLines(job.pattern, bytes));
    answer = { id: job.id, offsets };
    parentPort?.postMessage(answer, [offsets.buffer]);
  } catch (error) {
    answer = { id: job.id, error: errorMessage(error) };
    parentPort?.postMessage(answer);
  }
});

/** Bytes [start, end) of the file. */
function read(fd: number, start: number, end: number): Buffer {
  const out =
    end - start <= scratch.length ? scratch.subarray(0, end - start) : Buffer.allocUnsafe(end - start);
  const n = readAt(fd, out, out.length, start);
  if (n < out.length) throw new Error(`the file ended at byte ${start + n}, before ${end}`);
  return out;
}
