// Why the connection ended, in one line for the summary's `closeReason`, with the record that said
// so; and every reason the records gave on the way, so playback can say what those up to its playhead say.
import type { SessionRecord } from '../record';
import { isLifecycle } from '../record';
import { side } from './packets';

export interface CloseAnalysis {
  /** null when the records end with the connection still open. */
  readonly reason: string | null;
  /** When the record that closed the connection came. */
  readonly t: number | null;
  /** null when the reason comes from a lifecycle record without a frame. */
  readonly frame: number | null;
}

/** A reason a record gave. */
export interface CloseEvent extends CloseAnalysis {
  readonly reason: string;
  readonly t: number;
}

/** A transport that went away, until a later packet showed the session went on without it. */
export interface TransportClose {
  readonly close: CloseEvent;
  /** t of that packet; null when none came. */
  readonly until: number | null;
}

/** Each kind of reason as the records first gave it, in the order analyzeClose prefers them. */
export interface CloseHistory {
  readonly closed: CloseEvent | null;
  readonly packet: CloseEvent | null;
  /** In time order. */
  readonly transports: readonly TransportClose[];
}

const OPEN: CloseAnalysis = { reason: null, t: null, frame: null };

/**
 * First match wins:
 * 1. a `closed` record: the engine that ran the connection knows best, so its reason is taken as is;
 * 2. an Engine.IO close packet (docs/protocol.md §1.6): who sent it;
 * 3. the first ws-close or transport-error after the last packet: the transport went away under the session.
 */
export function analyzeClose(records: readonly SessionRecord[]): CloseAnalysis {
  return closeAt(closeHistory(records), Number.POSITIVE_INFINITY);
}

/** What analyzeClose says of the records with t ≤ `time`. */
export function closeAt(history: CloseHistory, time: number): CloseAnalysis {
  const { closed, packet, transports } = history;
  if (closed !== null && closed.t <= time) return closed;
  if (packet !== null && packet.t <= time) return packet;
  // The latest one that came by `time` and that no packet had taken back by then.
  for (let i = transports.length - 1; i >= 0; i--) {
    const { close, until } = transports[i] as TransportClose;
    if (close.t > time) continue;
    return until === null || until > time ? close : OPEN;
  }
  return OPEN;
}

export function closeHistory(records: readonly SessionRecord[]): CloseHistory {
  const tracker = new CloseTracker();
  for (const r of records) tracker.push(r);
  return tracker.history();
}

/**
 * When the client ended the session: its Engine.IO close packet (§1.6), or the engine's own `closed`
 * record when the inspector was the one to close (its words for that start with "closed by the
 * client" or "transport dropped by the client").
 */
export function clientEnd(records: readonly SessionRecord[]): { readonly t: number } | null {
  const tracker = new CloseTracker();
  for (const r of records) tracker.push(r);
  return tracker.clientEnd;
}

/** closeHistory and clientEnd one record at a time, for analyses that fold records as they pass. */
export class CloseTracker {
  private closed: CloseEvent | null = null;
  private packet: CloseEvent | null = null;
  private readonly transports: TransportClose[] = [];
  /** The transport close since the last packet, if any. */
  private transport: { close: CloseEvent; until: number | null } | null = null;
  private end: { readonly t: number } | null = null;

  get clientEnd(): { readonly t: number } | null {
    return this.end;
  }

  push(r: SessionRecord): void {
    if (!isLifecycle(r)) {
      if (this.transport !== null) this.transport.until = r.t;
      this.transport = null;
      if (this.packet === null && r.eio?.type === 'close') {
        this.packet = { reason: `${side(r.dir)} sent a close packet`, t: r.t, frame: r.frame };
      }
      if (this.end === null && r.dir === 'out' && r.eio?.type === 'close') this.end = { t: r.t };
      return;
    }
    let reason: string | null = null;
    if (r.event === 'closed') {
      this.closed ??= { reason: r.reason ?? 'closed', t: r.t, frame: r.frame ?? null };
      if (this.end === null && /^(closed|transport dropped) by the client/.test(r.reason ?? ''))
        this.end = { t: r.t };
    } else if (r.event === 'ws-close') {
      const why = r.reason === undefined || r.reason === '' ? '' : `: ${r.reason}`;
      reason = `websocket closed${r.code === undefined ? '' : ` with code ${r.code}`}${why}`;
    } else if (r.event === 'transport-error') {
      reason = `transport error: ${r.message ?? 'no message'}`;
    }
    if (reason !== null && this.transport === null) {
      this.transport = { close: { reason, t: r.t, frame: r.frame ?? null }, until: null };
      this.transports.push(this.transport);
    }
  }

  history(): CloseHistory {
    return { closed: this.closed, packet: this.packet, transports: this.transports };
  }
}
