// How long to wait before each reconnection attempt: socket.io-client's backoff with its defaults
// (reconnectionDelay 1000 ms doubling per attempt, reconnectionDelayMax 5000 ms, randomizationFactor 0.5),
// so a capture reconnects on the schedule the server sees from real clients.

export interface BackoffOptions {
  readonly minMs?: number;
  readonly maxMs?: number;
  /** 0..1: how far each delay may stray from the doubling schedule, either way. */
  readonly jitter?: number;
  /** A number in [0, 1); Math.random by default. */
  readonly random?: () => number;
}

export const RECONNECT_DELAY_MS = 1000;
export const RECONNECT_DELAY_MAX_MS = 5000;
export const RECONNECT_JITTER = 0.5;

/** The delay before attempt `attempt` (0 for the first after a loss), as socket.io-client's Backoff computes it. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const min = options.minMs ?? RECONNECT_DELAY_MS;
  const max = options.maxMs ?? RECONNECT_DELAY_MAX_MS;
  const jitter = options.jitter ?? RECONNECT_JITTER;
  let ms = min * 2 ** attempt;
  if (jitter > 0) {
    const rand = (options.random ?? Math.random)();
    const deviation = Math.floor(rand * jitter * ms);
    // The same draw decides the direction, as in socket.io-client.
    ms = (Math.floor(rand * 10) & 1) === 0 ? ms - deviation : ms + deviation;
  }
  return Math.min(ms, max) | 0;
}
