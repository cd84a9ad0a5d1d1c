// The session's monotonic clock: record times are ms since the session started, from performance.now()
// so that a wall-clock jump (NTP, sleep) never makes time run backwards in a recording.
import { performance } from 'node:perf_hooks';

export interface Clock {
  /** ms since the clock started, to the microsecond. */
  now(): number;
}

export function startClock(): Clock {
  const origin = performance.now();
  return { now: () => Math.round((performance.now() - origin) * 1000) / 1000 };
}
