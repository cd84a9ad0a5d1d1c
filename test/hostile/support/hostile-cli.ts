// The CLI as a user runs it, with its peak memory measured: every hostile test checks that the process
// lives and stays under a stated bound.
import { spawnCli, type CliProcess } from '../../support/cli-process';
import { rssWatch } from './rss';

/**
 * Peak RSS any CLI process may reach on hostile input. An idle CLI takes about 60 MiB; the inputs are
 * built so that holding them (or what they inflate to) would take 300 MiB and more.
 */
export const RSS_BOUND_MIB = 200;

export interface MeasuredCli extends CliProcess {
  /** Peak RSS in MiB; complete once the process has exited. */
  peakMiB(): number;
}

export function spawnMeasured(
  cli: string,
  args: readonly string[],
  options: { readonly timeoutMs?: number } = {},
): MeasuredCli {
  const rss = rssWatch();
  const run = spawnCli(cli, args, { env: rss.env, timeoutMs: options.timeoutMs ?? 60_000 });
  rss.watch(run.child);
  return Object.assign(run, { peakMiB: () => rss.peakMiB() });
}
