// `decode` of one very long frame line, at three sizes: linear time shows as a flat ms-per-MB column.
// Growing the pending line by concatenation and searching all of it for the next newline made this
// quadratic (50 MB took minutes); the line splitter searches each chunk once.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface LongLineResult {
  readonly mb: number;
  readonly ms: number;
}

const SIZES_MB = [10, 25, 50];

export function runLongLineBench(workDir: string): LongLineResult[] {
  return SIZES_MB.map((mb) => {
    const path = join(workDir, `long-line-${mb}mb.ndjson`);
    const text = `42["big","${'x'.repeat(mb * 1024 * 1024)}"]`;
    writeFileSync(path, `${JSON.stringify({ dir: 'in', transport: 'websocket', text })}\n`);
    const devNull = openSync('/dev/null', 'w');
    try {
      const start = performance.now();
      const result = spawnSync(process.execPath, ['dist/cli.cjs', 'decode', path, '--format', 'ndjson'], {
        stdio: ['ignore', devNull, 'pipe'],
      });
      if (result.status !== 0) throw new Error(`decode failed: ${result.stderr.toString()}`);
      return { mb, ms: performance.now() - start };
    } finally {
      closeSync(devNull);
    }
  });
}
