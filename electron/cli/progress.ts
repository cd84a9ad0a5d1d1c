// A progress line on stderr for work that takes a while: reading a big input (decode, a HAR import,
// replay's loading) and playing a long recording back. Only when stderr is a terminal and stdout is
// not (the records go to a file or a pipe, so the line does not tear them), and only for big work: a
// small file is done before a line would help. The line is rewritten in place at most a few times a
// second and cleared when the work ends, so nothing of it stays in the terminal's scrollback.
import { mib } from '../session-io/input-lines';
import type { ReadWatcher } from '../session-io/open-input';
import type { CommandIo } from './command-io';

/** Inputs at least this big get a progress line. */
export const LARGE_INPUT_BYTES = 32 * 1024 * 1024;
/** Recordings with at least this many records get one while they play. */
export const LARGE_RECORD_COUNT = 100_000;

const REDRAW_MS = 200;
const CLEAR_LINE = '\r\u001b[K';

export class ProgressLine {
  private last = 0;
  private shown = false;

  private constructor(
    private readonly io: CommandIo,
    private readonly what: string,
    private readonly describe: (done: number, total: number) => string,
  ) {}

  /** A line for reading an input of `size` bytes, or undefined when none is wanted. */
  static reading(io: CommandIo, what: string, size: number | undefined): ProgressLine | undefined {
    if (!wanted(io) || size === undefined || size < LARGE_INPUT_BYTES) return undefined;
    return new ProgressLine(
      io,
      what,
      (done, total) => `${share(done, total)} (${mib(done)} of ${mib(total)})`,
    );
  }

  /** A line for handling `total` records, or undefined when none is wanted. */
  static records(io: CommandIo, what: string, total: number): ProgressLine | undefined {
    if (!wanted(io) || total < LARGE_RECORD_COUNT) return undefined;
    return new ProgressLine(
      io,
      what,
      (done, all) =>
        `${share(done, all)} (${done.toLocaleString('en-US')} of ${all.toLocaleString('en-US')} records)`,
    );
  }

  update(done: number, total: number): void {
    const now = Date.now();
    if (now - this.last < REDRAW_MS) return;
    this.last = now;
    this.shown = true;
    this.io.stderr.write(
      `${CLEAR_LINE}sio-inspector: ${this.what}: ${this.describe(Math.min(done, total), total)}`,
    );
  }

  /** Clears the line: what comes next on stderr starts on a clean line. */
  end(): void {
    if (this.shown) this.io.stderr.write(CLEAR_LINE);
    this.shown = false;
  }
}

function wanted(io: CommandIo): boolean {
  return io.stderr.isTTY === true && io.stdout.isTTY !== true;
}

function share(done: number, total: number): string {
  return `${total === 0 ? 100 : Math.floor((done / total) * 100)}%`;
}

/** A watcher for openSessionInput that draws a reading line once the input proves big, and its end. */
export function readProgress(io: CommandIo, what: string): { watch: ReadWatcher; end(): void } {
  let line: ProgressLine | undefined;
  let decided = false;
  return {
    watch(read, size) {
      if (!decided) line = ProgressLine.reading(io, what, size);
      decided = true;
      line?.update(read, size ?? read);
    },
    end: () => line?.end(),
  };
}
