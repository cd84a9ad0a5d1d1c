import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Playhead } from '../../../../renderer/state/playback';
import { PlaybackController } from '../../../../renderer/state/playback-controller';

const TIMES = [100, 200, 200, 600, 1100];

function harness(): { controller: PlaybackController; head: () => Playhead | null } {
  let head: Playhead | null = null;
  const controller = new PlaybackController({
    total: () => TIMES.length,
    timeAt: (i) => Promise.resolve(TIMES[i] as number),
    get: () => head,
    set: (p) => (head = p),
    now: () => Date.now(),
  });
  return { controller, head: () => head };
}

describe('playback controller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is off until asked, then steps one record at a time', async () => {
    const { controller, head } = harness();
    expect(head()).toBeNull();
    await controller.step(1);
    expect(head()).toMatchObject({ count: 1, time: 100, start: 100, end: 1100, playing: false });
    await controller.step(1);
    await controller.step(1);
    expect(head()).toMatchObject({ count: 3, time: 200 });
    await controller.step(-1);
    expect(head()).toMatchObject({ count: 2, time: 200 });
  });

  it('seeks to a time: every record at or before it', async () => {
    const { controller, head } = harness();
    await controller.seek(599);
    expect(head()).toMatchObject({ count: 3, time: 599 });
    await controller.seek(5000);
    expect(head()).toMatchObject({ count: 5, time: 1100 });
    controller.stop();
    expect(head()).toBeNull();
  });

  it('plays on the recorded clock scaled by the speed, and stops at the end', async () => {
    const { controller, head } = harness();
    await controller.play(2);
    expect(head()).toMatchObject({ playing: true, speed: 2, time: 100 });
    await vi.advanceTimersByTimeAsync(0);
    expect(head()?.count).toBe(1);
    // 250 ms of wall time at 2x: 500 ms of record time, from 100 to 600.
    await vi.advanceTimersByTimeAsync(250);
    expect(head()?.count).toBe(4);
    await vi.advanceTimersByTimeAsync(300);
    expect(head()).toMatchObject({ playing: false, count: 5, time: 1100 });
  });

  it('pauses where it is', async () => {
    const { controller, head } = harness();
    await controller.play(1);
    await vi.advanceTimersByTimeAsync(150);
    controller.pause();
    const paused = head();
    await vi.advanceTimersByTimeAsync(2000);
    expect(head()).toEqual(paused);
    expect(paused).toMatchObject({ playing: false, count: 3 });
  });
});
