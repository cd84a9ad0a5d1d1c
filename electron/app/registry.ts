// Every session the Node side holds, and the one stream of BridgeEvents to whoever listens (Electron
// windows, web-host sockets). Appends reach listeners only through the batcher: at most one `records`
// event per session per ~100 ms, followed by the session's info when the batch brought a new connection.
import type { BridgeEvent, SessionInfo } from '../../shared/bridge/api';
import { UserError } from '../../shared/user-error';
import type { SessionRecord } from '../../shared/record';
import { AppendBatcher, type BatcherOptions } from '../store/append-batcher';
import { Session, type SessionSink } from './session';

export type BridgeListener = (event: BridgeEvent) => void;

export class SessionRegistry implements SessionSink {
  private readonly sessions = new Map<string, Session>();
  private readonly listeners = new Set<BridgeListener>();
  private readonly batcher: AppendBatcher;
  /** Per session, how many connections the listeners were last told of in its info. */
  private readonly announced = new Map<string, number>();
  private counter = 0;

  constructor(batching: BatcherOptions = {}) {
    this.batcher = new AppendBatcher((event) => {
      this.publish(event);
      // A new connection (another client of a proxy, a reconnect) is news for the connection column.
      const session = event.type === 'records' ? this.sessions.get(event.session) : undefined;
      if (session !== undefined && session.store.connectionCount.count !== this.announced.get(session.id))
        this.announce(session);
    }, batching);
  }

  create(kind: 'live' | 'file', title: string): Session {
    const session = new Session(`s${++this.counter}`, kind, title, this);
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session, or UserError `not-found`. */
  get(id: string): Session {
    const session = this.sessions.get(id);
    if (session === undefined)
      throw new UserError('not-found', `no session "${id}" (closed, or never opened)`);
    return session;
  }

  /** Some session's records are read in place from the file at `path`. */
  readsFrom(path: string): boolean {
    for (const session of this.sessions.values()) if (session.store.readsFrom(path)) return true;
    return false;
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info());
  }

  /** Forgets the session: pending appends are dropped, its analysis stopped, listeners told. */
  remove(id: string): void {
    const session = this.sessions.get(id);
    if (session === undefined) return;
    this.sessions.delete(id);
    this.announced.delete(id);
    session.dispose();
    this.batcher.forget(id);
    this.publish({ type: 'session-closed', session: id });
  }

  subscribe(listener: BridgeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  appended(session: Session, records: readonly SessionRecord[], carry: boolean): void {
    this.batcher.appended(session.id, records, session.store.total, carry);
  }

  /** State changes go out at once, after any appends still pending, so `total` never runs backwards. */
  changed(session: Session): void {
    if (!this.sessions.has(session.id)) return;
    this.batcher.flush(session.id);
    this.announce(session);
  }

  private announce(session: Session): void {
    this.announced.set(session.id, session.store.connectionCount.count);
    this.publish({ type: 'session', info: session.info() });
  }

  failed(session: Session, message: string): void {
    this.publishError(message, session.id);
  }

  publishError(message: string, session?: string): void {
    this.publish(session === undefined ? { type: 'error', message } : { type: 'error', session, message });
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.batcher.dispose();
    this.listeners.clear();
  }

  private publish(event: BridgeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken listener (a closed window, a dead socket) must not starve the others.
      }
    }
  }
}
