// One session on the Node side: a live connection or an opened file, its records in a RecordStore,
// and what the renderer sees of it (SessionInfo). Appends and state changes go out through the sink,
// which batches them (registry.ts); the session itself never talks to a window or a socket.
import type {
  AckAnswer,
  ConnectionAnalysis,
  Fault,
  LiveNamespace,
  SessionInfo,
  SessionState,
} from '../../shared/bridge/api';
import { errorMessage, UserError, type UserErrorData } from '../../shared/user-error';
import type { Json, SessionRecord } from '../../shared/record';
import type { SessionHeader } from '../../shared/session/session-file';
import { redactUrl } from '../../shared/session/secrets';
import { runAnalysis, type AnalysisRun } from '../store/analysis-runner';
import { RecordStore } from '../store/record-store';
import type { RawFrame } from './ack-frames';
import type { Recording } from '../session-io/recording-file';

export interface SessionSink {
  appended(session: Session, records: readonly SessionRecord[], carry: boolean): void;
  changed(session: Session): void;
  failed(session: Session, message: string): void;
}

/** What a live session can be asked to do; implemented over the connection engine (live-session.ts). */
export interface LiveControl {
  emit(nsp: string, event: string, args: readonly Json[], ack: boolean): void;
  ack(nsp: string, id: number, args: readonly Json[]): void;
  ackReplies(reply: AckAnswer, replies: Readonly<Record<string, AckAnswer>>): void;
  join(nsp: string, auth: Json | undefined): void;
  leave(nsp: string): void;
  sendRaw(frame: RawFrame): void;
  /** One Engine.IO message of a plain Engine.IO (`parser: 'none'`) connection. */
  send(data: string | Uint8Array): void;
  fault(fault: Fault): void;
  close(): Promise<void>;
}

export class Session {
  readonly store = new RecordStore();
  private current: SessionState;
  private why: string | undefined;
  private failure: UserErrorData | undefined;
  private analysis: { readonly total: number; readonly result: ConnectionAnalysis[] } | undefined;
  /** The analysis on its worker, at most one; `next`: the one requests that came meanwhile wait for. */
  private analysing: Analysing | undefined;
  private next: Promise<ConnectionAnalysis[]> | undefined;
  /** Records the last analysis left (SessionInfo.recordsNotAnalysed). */
  private notAnalysed = 0;
  /** The running analysis' share done, in whole percent, as `info()` tells it. */
  private analysedPercent: number | undefined;
  /** A loading file's share read, in whole percent. */
  private loaded: number | undefined;
  private closed = false;
  private stopLoadingAsked = false;
  private endLoading: () => void = () => undefined;
  /** Settles when the file's reading is no longer wanted: stopped (stopLoading) or the session closed. */
  readonly loadingEnds = new Promise<void>((resolve) => (this.endLoading = resolve));
  /** Live sessions: the session file written as records arrive. */
  private recording: Recording | undefined;
  /** The store writes the records to the recording and reads them from it (RecordStore.indexRecording). */
  private indexed = false;
  private stopping: Promise<void> | undefined;
  /** Set for live sessions once the connection exists. */
  live: LiveControl | undefined;
  /** The header of the file it was opened from, kept for saving. */
  header: SessionHeader | undefined;
  /** The app's own connections: their namespaces as the server answered (live-session.ts). */
  namespaces: readonly LiveNamespace[] | undefined;
  /** File sessions read from disk: the file. */
  file: string | undefined;
  /** Proxy sessions: where clients connect, and the server they reach. */
  proxy: SessionInfo['proxy'];
  /** Browser sessions: the page opened, or the DevTools endpoint followed. */
  browser: SessionInfo['browser'];
  /**
   * Its records hold credentials in clear that its recording and a save must mask (a live session
   * without keepSecrets); a file's records are saved as they were read.
   */
  masksSecrets = false;
  /** Epoch ms that record time 0 stands for (HAR export); live: when the connection was made. */
  startedAt = Date.now();

  constructor(
    readonly id: string,
    readonly kind: 'live' | 'file',
    readonly title: string,
    private readonly sink: SessionSink,
  ) {
    this.current = kind === 'live' ? 'connecting' : 'loading';
  }

  get state(): SessionState {
    return this.current;
  }

  /** Closed by the user (or the host going away): nothing more is read into it. */
  get dropped(): boolean {
    return this.closed;
  }

  /** A loading file's share read so far, in whole percent. */
  get loadedPercent(): number | undefined {
    return this.loaded;
  }

  /** The user stopped the file's reading (stopLoading): what was read stays, nothing more is. */
  get loadingStopped(): boolean {
    return this.stopLoadingAsked;
  }

  /** A file still loading stops reading; the loader says where (open-file-session.ts). */
  stopLoading(): void {
    if (this.current !== 'loading' || this.closed) return;
    this.stopLoadingAsked = true;
    this.endLoading();
  }

  info(): SessionInfo {
    return {
      session: this.id,
      title: this.title,
      kind: this.kind,
      state: this.current,
      total: this.store.total,
      ...(this.current === 'loading' && this.loaded !== undefined && { loaded: this.loaded / 100 }),
      ...(this.analysedPercent !== undefined && { analysing: this.analysedPercent / 100 }),
      ...(this.notAnalysed > 0 && { recordsNotAnalysed: this.notAnalysed }),
      ...this.connectionsInfo(),
      ...(this.why !== undefined && { reason: this.why }),
      ...(this.failure !== undefined && { failure: this.failure }),
      ...(this.recording !== undefined && { recording: this.recording.path }),
      ...(this.file !== undefined && { file: this.file }),
      ...(this.namespaces !== undefined && { namespaces: this.namespaces }),
      ...(this.proxy !== undefined && { proxy: this.proxy }),
      ...(this.browser !== undefined && { browser: this.browser }),
      ...(this.header !== undefined &&
        this.header.target !== '' && { target: redactUrl(this.header.target) }),
      ...(this.header !== undefined && { started: this.header.created }),
    };
  }

  private connectionsInfo(): Pick<SessionInfo, 'connections' | 'unlistedConnections' | 'unlistedAtLeast'> {
    const connections = this.store.connections;
    const { count, atLeast } = this.store.connectionCount;
    const unlisted = count - connections.length;
    return {
      connections,
      ...(unlisted > 0 && { unlistedConnections: unlisted }),
      ...(atLeast && { unlistedAtLeast: true }),
    };
  }

  /**
   * `carry`: the records travel with the batch (live); a loading file sends counts only. `texts`: each
   * record's JSON when already at hand (a session file's lines), see RecordStore.append.
   */
  append(records: readonly SessionRecord[], carry: boolean, texts?: readonly (string | undefined)[]): void {
    if (records.length === 0) return;
    // A dropped session's records file is gone; what still arrives is only recorded.
    if (!this.closed) this.store.append(records, texts);
    if (this.recording !== undefined && (this.closed || !this.indexed))
      for (const record of records) this.recording.writer.append(record);
    this.sink.appended(this, records, carry);
  }

  /** `failure`: the connection failed, and this is why, for the renderer to word and offer to fix. */
  setState(state: SessionState, reason?: string, failure?: UserErrorData): void {
    if (state === this.current && reason === this.why) return;
    this.current = state;
    if (reason !== undefined) this.why = reason;
    if (failure !== undefined) this.failure = failure;
    this.sink.changed(this);
    if (state === 'closed') void this.stopRecording();
  }

  /** How much of the file being loaded has been read (0–1): told on, once per whole percent. */
  setLoaded(share: number): void {
    const percent = Math.min(100, Math.floor(share * 100));
    if (percent === this.loaded) return;
    this.loaded = percent;
    if (this.current === 'loading') this.sink.changed(this);
  }

  /** A namespace's new status, in the order namespaces were first asked for. */
  setNamespace(status: LiveNamespace): void {
    const list = this.namespaces ?? [];
    const at = list.findIndex((n) => n.nsp === status.nsp);
    this.namespaces = at === -1 ? [...list, status] : list.map((n, i) => (i === at ? status : n));
    this.sink.changed(this);
  }

  /**
   * From now on every appended record goes to the recording's session file. Recorded from its first
   * record, the session's store reads its records from that file rather than keeping a copy.
   */
  record(recording: Recording): void {
    this.recording = recording;
    if (this.store.total === 0 && !this.closed) {
      this.store.indexRecording(recording.writer);
      this.indexed = true;
    }
  }

  /** Flushes and closes the session file, once however often asked; a failed write is reported here. */
  stopRecording(): Promise<void> {
    if (this.recording === undefined) return Promise.resolve();
    this.stopping ??= this.closeRecording();
    return this.stopping;
  }

  private async closeRecording(): Promise<void> {
    const recording = this.recording;
    if (recording === undefined) return;
    try {
      await recording.writer.close();
    } catch (error) {
      const why = errorMessage(error);
      this.sink.failed(this, `recording to ${recording.path} failed: ${why}`);
    }
  }

  /**
   * Per connection, worked out on a worker thread; recomputed only when records were appended since
   * the last answer. A request while an analysis of the same records runs shares it. One after records
   * arrived (a live session) waits for it to end, then gets a new run over all the records, shared by
   * every request that came meanwhile: cancelling the running one for each new batch would never let
   * a big live session finish.
   */
  analyse(): Promise<ConnectionAnalysis[]> {
    const total = this.store.total;
    if (this.closed) return Promise.reject(this.gone());
    if (this.analysis?.total === total) return Promise.resolve(this.analysis.result);
    const running = this.analysing;
    if (running === undefined) return this.startAnalysis();
    if (running.total === total) return running.result;
    this.next ??= running.result
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        // Stopped by the user: the requests that waited for the next run hear so too.
        if (running.stopped) throw stoppedError();
        return this.analyse();
      });
    return this.next;
  }

  /** Stops the running analysis; its callers (and those waiting for the next run) hear it was stopped. */
  stopAnalysis(): void {
    const running = this.analysing;
    if (running === undefined) return;
    running.stopped = true;
    running.run.cancel(stoppedError());
  }

  /**
   * The session is being dropped: a running analysis stops, its callers hear why; its records file goes
   * once the analysis worker, which reads it, has stopped.
   */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.endLoading();
    const run = this.analysing?.run;
    if (run === undefined) return this.store.close();
    run.cancel(this.gone());
    void run.ended.then(() => this.store.close());
  }

  private startAnalysis(): Promise<ConnectionAnalysis[]> {
    const total = this.store.total;
    const run = runAnalysis(this.store.analysisInput(), {
      onProgress: (share) => this.analysed(Math.floor(share * 100)),
    });
    this.analysed(0);
    const result = run.result
      .then(({ analyses, recordsNotAnalysed }) => {
        this.analysis = { total, result: analyses };
        // Told with the info the end of the run publishes (analysed).
        this.notAnalysed = recordsNotAnalysed;
        return analyses;
      })
      .finally(() => {
        if (this.analysing?.run !== run) return;
        this.analysing = undefined;
        this.analysed(undefined);
      });
    this.analysing = { total, run, result, stopped: false };
    return result;
  }

  /** The running analysis' progress changed (undefined: none runs): the renderer hears of each percent. */
  private analysed(percent: number | undefined): void {
    if (percent === this.analysedPercent) return;
    this.analysedPercent = percent;
    if (!this.closed) this.sink.changed(this);
  }

  private gone(): UserError {
    return new UserError('not-found', `session "${this.id}" was closed`);
  }
}

interface Analysing {
  readonly total: number;
  readonly run: AnalysisRun;
  readonly result: Promise<ConnectionAnalysis[]>;
  /** stopAnalysis ended it. */
  stopped: boolean;
}

function stoppedError(): UserError {
  return new UserError('io', 'the analysis was stopped');
}
