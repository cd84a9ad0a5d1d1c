// Where the records of a long-running command (capture, proxy, replay) go: stdout in the chosen format,
// a session file with --out, and folded into the analyses for --summary.
import { SessionFold, type SessionSummary, type SummaryOptions } from '../../shared/analysis/summary';
import { recordLine, type EioVersion, type Json, type SessionRecord } from '../../shared/record';
import { redactRecord } from '../../shared/session/secrets';
import type { SessionOrigin } from '../../shared/session/session-origin';
import { SessionWriter } from '../session-io/session-writer';
import type { OutputOptions } from './args';
import { fileError } from '../errors/file-error';
import type { CommandIo } from './command-io';
import { formatPretty, palette, useColour, type Palette } from './pretty';
import { formatSummaryTable } from './summary-table';
import { LineWriter } from './record-writer';

/** --out, --format, --summary and --keep-secrets, as each command that records takes them. */
export interface RecordSinkOptions extends OutputOptions {
  /**
   * With --out, whether stdout shows the records too. A proxy or a replay is watched live and is not
   * busy enough for the second serialisation to matter; capture records to the file instead, as
   * `tcpdump -w` does, and a busy capture pays for one serialisation, not two.
   */
  readonly echoWithOut: boolean;
  /** Records and headers with credentials in clear, on stdout and in the file (`--keep-secrets`). */
  readonly keepSecrets: boolean;
}

/** What the --out session file's header says: the URL the session is about, and how it was made. */
export interface RecordedSession {
  readonly target: string;
  readonly options: SessionOrigin;
}

/** Lines wait at most this long before reaching stdout, so a live view reads live. */
const STDOUT_FLUSH_MS = 50;

export class RecordSink {
  private readonly stdout: LineWriter;
  private readonly fold: SessionFold | undefined;
  private readonly format: (record: SessionRecord) => string;
  private readonly palette: Palette;
  private flushTimer: NodeJS.Timeout | undefined;
  private total = 0;

  private constructor(
    io: CommandIo,
    private readonly options: RecordSinkOptions,
    private readonly writer: SessionWriter | undefined,
  ) {
    this.stdout = new LineWriter(io.stdout);
    this.fold = options.summary ? new SessionFold() : undefined;
    const p = palette(useColour(io));
    this.palette = p;
    this.format = options.format === 'ndjson' ? recordLine : (r) => formatPretty(r, p);
  }

  /** Opens the session file first, so a bad --out fails before anything starts. */
  static async open(
    io: CommandIo,
    options: RecordSinkOptions,
    session: RecordedSession,
  ): Promise<RecordSink> {
    const writer =
      options.out === undefined ? undefined : await createWriter(options.out, session, options.keepSecrets);
    return new RecordSink(io, options, writer);
  }

  get count(): number {
    return this.total;
  }

  /** Whoever read stdout went away (`| head`) and no file records: there is no one left to show records to. */
  get closed(): boolean {
    return this.writer === undefined && this.stdout.isClosed;
  }

  take(batch: readonly SessionRecord[]): void {
    const echo = this.writer === undefined || this.options.echoWithOut;
    for (const record of batch) {
      this.total++;
      this.fold?.push(record);
      this.writer?.append(record);
      if (echo) void this.stdout.write(this.format(this.options.keepSecrets ? record : redactRecord(record)));
    }
    if (echo)
      this.flushTimer ??= setTimeout(() => {
        this.flushTimer = undefined;
        void this.stdout.flush();
      }, STDOUT_FLUSH_MS);
  }

  /** Prints a text block (a report) after the records, in the chosen format. */
  async note(ndjson: Json, pretty: string): Promise<void> {
    await this.stdout.write(this.options.format === 'ndjson' ? JSON.stringify(ndjson) : pretty);
  }

  /** Prints the summary (--summary), flushes stdout and closes the session file. */
  async finish(summaryOptions?: SummaryOptions): Promise<void> {
    clearTimeout(this.flushTimer);
    if (this.fold !== undefined) {
      const summary = explicitEio(this.fold.summary(), summaryOptions?.eio);
      await this.note({ summary } as unknown as Json, formatSummaryTable(summary, this.palette));
    }
    await this.stdout.flush();
    try {
      await this.writer?.close();
    } catch (error) {
      throw fileError(error, this.options.out ?? '', 'write');
    }
  }
}

async function createWriter(
  path: string,
  session: RecordedSession,
  keepSecrets: boolean,
): Promise<SessionWriter> {
  try {
    return await SessionWriter.create(path, session, { keepSecrets });
  } catch (error) {
    throw fileError(error, path, 'write', 'check --out');
  }
}

/**
 * The version the command ran the connection with (`--eio`, or what it settled on) is the one its
 * decoder stamped on the records the fold judged by: the summary says it was given.
 */
function explicitEio(summary: SessionSummary, eio: EioVersion | undefined): SessionSummary {
  if (eio === undefined) return summary;
  const connections = summary.connections.map((c) =>
    c.eio === eio ? { ...c, eioSource: 'explicit' as const } : c,
  );
  return { connections };
}
