// Runs an async refresh at most once at a time, and once more after it if asked again meanwhile, spaced
// by `minGapMs`: a live session appending 10k records a second re-filters a few times a second, not 10k.

export class Refresher {
  private running = false;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly minGapMs: number,
  ) {}

  /** Refresh now if idle, otherwise right after the current run (after the gap). */
  request(): void {
    if (this.disposed) return;
    if (this.running || this.timer !== null) {
      this.dirty = true;
      return;
    }
    void this.start();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async start(): Promise<void> {
    this.running = true;
    this.dirty = false;
    try {
      await this.run();
    } finally {
      this.running = false;
      if (this.dirty && !this.disposed) {
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.start();
        }, this.minGapMs);
      }
    }
  }
}
