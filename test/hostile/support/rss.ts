// Peak resident memory of a child process, so a hostile-input test can state and check a bound. Two
// readings, the larger wins: the kernel's high-water mark (VmHWM) sampled while the child runs, and
// the child's own getrusage maxRSS written at exit by a preload (a short run can end between samples).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { processMemory } from '../../support/process-memory';
import { tempDir } from '../../support/temp-dir';

const MIB = 1024 * 1024;

export interface RssWatch {
  /** Environment for the child: the exit-time report. */
  readonly env: NodeJS.ProcessEnv;
  /** Starts sampling the child's VmHWM. */
  watch(child: ChildProcess): void;
  /** Peak RSS in MiB seen so far (call after the child exited for the full figure). */
  peakMiB(): number;
}

export function rssWatch(): RssWatch {
  const dir = tempDir('sio-rss');
  const preload = join(dir, 'report.cjs');
  const report = join(dir, 'max-rss');
  writeFileSync(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  let sampled = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    env: { NODE_OPTIONS: `--require ${preload}` },
    watch(child) {
      const sample = (): void => {
        sampled = Math.max(sampled, processMemory(child.pid, 'VmHWM'));
      };
      timer = setInterval(sample, 50);
      child.once('exit', () => clearInterval(timer));
      sample();
    },
    peakMiB() {
      let reported = 0;
      try {
        reported = Number(readFileSync(report, 'utf8')) * 1024;
      } catch {
        // Killed by a signal before its exit handler ran: the samples are all there is.
      }
      return Math.round(Math.max(sampled, reported) / MIB);
    },
  };
}
