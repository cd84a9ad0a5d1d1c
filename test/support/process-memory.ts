// A process's memory as the kernel counts it, from /proc/PID/status (Linux): the benches and the hostile
// tests' bounds read it from outside the process they measure.
import { readFileSync } from 'node:fs';

/** `VmRSS` (resident now) or `VmHWM` (the peak so far) of a process, in bytes; 0 when it is gone. */
export function processMemory(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
