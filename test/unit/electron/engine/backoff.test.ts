import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../electron/engine/backoff';

describe('backoffDelay', () => {
  it('doubles from 1000 ms up to 5000 ms with no jitter', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, { jitter: 0 }))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
  });

  it('strays by up to half either way, the direction from the same draw, as socket.io-client', () => {
    // rand 0.2: deviation floor(0.2 * 0.5 * 1000) = 100; floor(2) is even, so down.
    expect(backoffDelay(0, { random: () => 0.2 })).toBe(900);
    // rand 0.35: deviation 175; floor(3.5) is odd, so up.
    expect(backoffDelay(0, { random: () => 0.35 })).toBe(1175);
    expect(backoffDelay(3, { random: () => 0.99 })).toBe(5000);
    for (let i = 0; i < 200; i++) {
      const ms = backoffDelay(0);
      expect(ms).toBeGreaterThanOrEqual(500);
      expect(ms).toBeLessThanOrEqual(1500);
    }
  });
});
