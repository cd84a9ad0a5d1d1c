// Drives a session's playhead: play with timers scaled by the speed on the recorded `t` values (one
// timer to the next record's due time, at most TICK_MS apart so the clock moves smoothly), pause, step
// one record, seek. Record times are read through the session's page cache.
import { advanceTime, clampSpeed, countAtOrBefore, wallDelay, type Playhead } from './playback';

/** Longest wait between two playhead updates while playing: the time shown keeps moving. */
const TICK_MS = 100;

export interface PlaybackHost {
  readonly total: () => number;
  /** `t` of record `index` (paged in as needed). */
  readonly timeAt: (index: number) => Promise<number>;
  readonly get: () => Playhead | null;
  readonly set: (playhead: Playhead | null) => void;
  readonly now?: () => number;
}

export class PlaybackController {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = 0;
  /** Bumped by every user action, so an older async step's answer is dropped. */
  private seq = 0;
  private speed = 1;

  constructor(private readonly host: PlaybackHost) {}

  async play(speed?: number): Promise<void> {
    const seq = ++this.seq;
    const head = await this.ensure();
    if (head === null || seq !== this.seq) return;
    const restart = head.count >= this.host.total() || head.time >= head.end;
    const from = restart ? await this.at(head.start, head) : head;
    if (seq !== this.seq) return;
    this.host.set({ ...from, playing: true, speed: clampSpeed(speed ?? head.speed) });
    this.last = this.now();
    this.schedule(0);
  }

  pause(): void {
    this.seq++;
    this.stopTimer();
    const head = this.host.get();
    if (head !== null && head.playing) this.host.set({ ...head, playing: false });
  }

  /** Before the first play it is only remembered: changing the speed alone shows nothing new. */
  setSpeed(speed: number): void {
    this.speed = clampSpeed(speed);
    const head = this.host.get();
    if (head !== null) this.host.set({ ...head, speed: this.speed });
  }

  /** One record forward (1) or back (-1), paused. */
  async step(direction: 1 | -1): Promise<void> {
    this.pause();
    const seq = this.seq;
    const head = await this.ensure();
    if (head === null) return;
    const count = Math.max(0, Math.min(this.host.total(), head.count + direction));
    const time = count === 0 ? head.start : await this.host.timeAt(count - 1);
    if (seq === this.seq) this.host.set({ ...head, count, time, playing: false });
  }

  /** Moves the playhead to `time` (the scrubber); keeps playing if it was. */
  async seek(time: number): Promise<void> {
    const seq = ++this.seq;
    const head = await this.ensure();
    if (head === null || seq !== this.seq) return;
    const next = await this.at(Math.max(head.start, Math.min(head.end, time)), head);
    if (seq !== this.seq) return;
    this.host.set(next);
    if (next.playing) {
      this.last = this.now();
      this.schedule(0);
    }
  }

  /** Back to the whole session, no playhead. */
  stop(): void {
    this.seq++;
    this.stopTimer();
    this.host.set(null);
  }

  dispose(): void {
    this.seq++;
    this.stopTimer();
  }

  /** The playhead, made at the session's start (nothing shown yet) the first time it is needed. */
  private async ensure(): Promise<Playhead | null> {
    const existing = this.host.get();
    if (existing !== null) return existing;
    const total = this.host.total();
    if (total === 0) return null;
    const [start, end] = await Promise.all([this.host.timeAt(0), this.host.timeAt(total - 1)]);
    return { time: start, count: 0, playing: false, speed: this.speed, start, end };
  }

  private async at(time: number, head: Playhead): Promise<Playhead> {
    const count = await countAtOrBefore(this.host.total(), this.host.timeAt, time);
    return { ...head, time, count };
  }

  private schedule(delay: number): void {
    this.stopTimer();
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    try {
      await this.advance();
    } catch {
      // A page that cannot be read (the session closed under us) ends playing; the view keeps its place.
      this.pause();
    }
  }

  private async advance(): Promise<void> {
    this.timer = null;
    const seq = this.seq;
    const head = this.host.get();
    if (head === null || !head.playing) return;
    const now = this.now();
    const time = advanceTime(head.time, now - this.last, head.speed, head.end);
    this.last = now;
    const total = this.host.total();
    let count = head.count;
    while (count < total && (await this.host.timeAt(count)) <= time) count++;
    const current = this.host.get();
    if (seq !== this.seq || current === null || !current.playing) return;
    const done = count >= total || time >= head.end;
    this.host.set({ ...current, time: done ? head.end : time, count, playing: !done });
    if (done) return;
    const due = wallDelay(time, await this.host.timeAt(count), current.speed);
    if (seq === this.seq) this.schedule(Math.min(TICK_MS, due));
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private now(): number {
    return this.host.now?.() ?? performance.now();
  }
}
