// One session on the Node side: a live connection or an opened file, its records in a RecordStore,
// and what the renderer sees of it (SessionInfo). Appends and state changes go out through the sink,
// which batches them (registry.ts); the session itself never talks to a window or a socket.
import type { ConnectionAnalysis, Fault, SessionInfo, SessionState } from '../../shared/bridge/api';
import { analyzeSession } from '../../shared/analysis/summary';
import type { Json, SessionRecord } from '../../shared/record';
import type { SessionHeader } from '../../shared/session/session-file';
import { RecordStore } from '../store/record-store';
import type { RawFrame } from './ack-frames';

export interface SessionSink {
  appended(session: Session, records: readonly SessionRecord[], carry: boolean): void;
  changed(session: Session): void;
}

/** What a live session can be asked to do; implemented over the connection engine (live-session.ts). */
export interface LiveControl {
  emit(nsp: string, event: string, args: readonly Json[], ack: boolean): void;
  ack(nsp: string, id: number, args: readonly Json[]): void;
  sendRaw(frame: RawFrame): void;
  fault(fault: Fault): void;
  close(): Promise<void>;
}

export class Session {
  readonly store = new RecordStore();
  private current: SessionState;
  private why: string | undefined;
  private analysis: { readonly total: number; readonly result: ConnectionAnalysis[] } | undefined;
  /** Set for live sessions once the connection exists. */
  live: LiveControl | undefined;
  /** The header of the file it was opened from, kept for saving. */
  header: SessionHeader | undefined;

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

  info(): SessionInfo {
    const base = {
      session: this.id,
      title: this.title,
      kind: this.kind,
      state: this.current,
      total: this.store.total,
    };
    return this.why === undefined ? base : { ...base, reason: this.why };
  }

  /** `carry`: the records travel with the batch (live); a loading file sends counts only. */
  append(records: readonly SessionRecord[], carry: boolean): void {
    if (records.length === 0) return;
    this.store.append(records);
    this.sink.appended(this, records, carry);
  }

  setState(state: SessionState, reason?: string): void {
    if (state === this.current && reason === this.why) return;
    this.current = state;
    if (reason !== undefined) this.why = reason;
    this.sink.changed(this);
  }

  /** Per connection; recomputed only when records were appended since the last call. */
  analyse(): ConnectionAnalysis[] {
    const total = this.store.total;
    if (this.analysis?.total !== total) {
      this.analysis = { total, result: analyzeSession(this.store.page(0, total)) };
    }
    return this.analysis.result;
  }
}
