// `decode --format ndjson` against the official parsers, whole process, on a 200k-frame corpus.
import { spawnSync } from 'node:child_process';
import { createWriteStream, openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { build } from 'esbuild';
import { corpusLines } from './corpus';

export interface DecodeBenchResult {
  readonly frames: number;
  readonly ourMs: number;
  readonly referenceMs: number;
  readonly ratio: number;
  readonly ourLines: number;
  readonly referenceLines: number;
}

const FRAMES = 200_000;
const RUNS = 5;

export async function runDecodeBench(workDir: string): Promise<DecodeBenchResult> {
  const corpus = join(workDir, 'corpus-200k.ndjson');
  const reference = join(workDir, 'reference-decode.cjs');
  await writeCorpus(corpus, FRAMES);
  await build({
    entryPoints: [join(import.meta.dirname, 'reference-decode.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: reference,
    logLevel: 'warning',
  });
  const ours = ['dist/cli.cjs', 'decode', corpus, '--format', 'ndjson'];
  const theirs = [reference, corpus];
  const ourLines = countLines(ours, join(workDir, 'ours.ndjson'));
  const referenceLines = countLines(theirs, join(workDir, 'reference.ndjson'));
  const ourTimes: number[] = [];
  const referenceTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate so that machine noise falls on both sides alike.
    ourTimes.push(timeNode(ours));
    referenceTimes.push(timeNode(theirs));
  }
  const ourMs = median(ourTimes);
  const referenceMs = median(referenceTimes);
  return { frames: FRAMES, ourMs, referenceMs, ratio: ourMs / referenceMs, ourLines, referenceLines };
}

async function writeCorpus(path: string, frames: number): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (const line of corpusLines(frames)) {
    chunk += line + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

function timeNode(args: readonly string[]): number {
  const devNull = openSync('/dev/null', 'w');
  try {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: ['ignore', devNull, 'pipe'] });
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr.toString()}`);
    return ms;
  } finally {
    closeSync(devNull);
  }
}

function countLines(args: readonly string[], outFile: string): number {
  const fd = openSync(outFile, 'w');
  try {
    const result = spawnSync(process.execPath, args, { stdio: ['ignore', fd, 'pipe'] });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr.toString()}`);
  } finally {
    closeSync(fd);
  }
  return readFileSync(outFile, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0).length;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
