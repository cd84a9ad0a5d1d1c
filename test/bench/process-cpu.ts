// CPU time of the processes a bench starts, from /proc (Linux): what a run cost, whatever else the
// machine was doing. On a shared machine wall times and frame times swing with the load; the CPU a
// process used for the same work does not, so before-and-after figures compare at any load.
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';

/** CPU seconds (user + system) by name: `serve`, and Chromium's processes by their `--type`. */
export type CpuSeconds = ReadonlyMap<string, number>;

interface ProcessStat {
  readonly ppid: number;
  readonly seconds: number;
  readonly command: string;
}

/** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on Linux whatever the kernel's own rate. */
const USER_HZ = 100;

/**
 * The CPU seconds so far of `serve` (its process) and of every Chromium process below this one,
 * summed by type (`browser`, `renderer`, `gpu-process`, `utility`); empty where there is no /proc.
 */
export function cpuSeconds(serve: number | undefined): CpuSeconds {
  const stats = processStats();
  const out = new Map<string, number>();
  if (serve !== undefined) {
    const own = stats.get(serve);
    if (own !== undefined) out.set('serve', own.seconds);
  }
  for (const [pid, stat] of stats) {
    if (pid === serve || !/chrom/i.test(stat.command) || !descends(stats, pid, process.pid)) continue;
    const key = `chromium ${/--type=(\S+)/.exec(stat.command)?.[1] ?? 'browser'}`;
    out.set(key, (out.get(key) ?? 0) + stat.seconds);
  }
  return out;
}

/** What each process used between two readings. */
export function cpuSpent(before: CpuSeconds, after: CpuSeconds): CpuSeconds {
  return new Map([...after].map(([name, seconds]) => [name, seconds - (before.get(name) ?? 0)]));
}

/** The machine's one-minute load average, as `uptime` says it. */
export function loadNow(): number {
  return loadavg()[0] ?? 0;
}

function processStats(): Map<number, ProcessStat> {
  const stats = new Map<number, ProcessStat>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return stats;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name in parentheses may hold spaces; the fields after it are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      stats.set(Number(pid), { ppid: Number(fields[1]), seconds: ticks / USER_HZ, command });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return stats;
}

function descends(stats: ReadonlyMap<number, ProcessStat>, pid: number, ancestor: number): boolean {
  for (let at = stats.get(pid)?.ppid; at !== undefined && at > 1; at = stats.get(at)?.ppid)
    if (at === ancestor) return true;
  return false;
}
