// Offline playback: a saved session's records handed out again with their recorded timing, scaled by
// speed (2 = twice as fast, 0 = as fast as the consumer takes them). Records sharing a time go together.
import type { SessionRecord } from '../../shared/record';

export interface Playback {
  readonly done: Promise<void>;
  /** Ends the playback at the next record (Ctrl-C). */
  stop(): void;
}

export function startPlayback(
  records: readonly SessionRecord[],
  speed: number,
  onRecords: (batch: readonly SessionRecord[]) => void | Promise<void>,
): Playback {
  let stopped = false;
  let wake: () => void = () => undefined;
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const run = async (): Promise<void> => {
    const started = performance.now();
    const origin = records[0]?.t ?? 0;
    for (let i = 0; i < records.length && !stopped;) {
      const t = (records[i] as SessionRecord).t;
      let j = i;
      while (j < records.length && (records[j] as SessionRecord).t === t) j++;
      if (speed > 0) {
        // Against the start, not the previous record, so waits do not add up their overshoot.
        const due = (t - origin) / speed - (performance.now() - started);
        if (due > 0) await pause(due);
        if (stopped) break;
      }
      await onRecords(records.slice(i, j));
      i = j;
    }
  };
  return {
    done: run(),
    stop: () => {
      stopped = true;
      wake();
    },
  };
}
