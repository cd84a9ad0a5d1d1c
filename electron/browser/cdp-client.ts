// A small Chrome DevTools Protocol client over any message channel (the browser's debugging pipe or a
// WebSocket), typed by the protocol's published definitions. Sessions are flat (Target.setAutoAttach
// with `flatten`): one channel carries every page's, frame's and worker's messages, told apart by
// `sessionId`.
import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping';

export type CdpCommand = keyof ProtocolMapping.Commands;
export type CdpEvent = keyof ProtocolMapping.Events;
export type CdpParams<M extends CdpCommand> = ProtocolMapping.Commands[M]['paramsType'][0];
export type CdpResult<M extends CdpCommand> = ProtocolMapping.Commands[M]['returnType'];
export type CdpEventParams<E extends CdpEvent> = ProtocolMapping.Events[E][0];

/** Where CDP messages travel: one JSON text per message, both ways. */
export interface CdpChannel {
  send(message: string): void;
  /** Called once per message from the browser; `close` once when the channel ends, for any reason. */
  start(onMessage: (message: string) => void, onClose: (reason: string) => void): void;
  close(): void;
}

export class CdpError extends Error {
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(`${method}: ${message}`);
    this.name = 'CdpError';
  }
}

type Listener = (params: unknown, sessionId: string | undefined) => void;

interface Pending {
  readonly method: string;
  readonly sessionId: string | undefined;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

export class CdpClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Flat sessions attached under another session (a page's frames and workers): child → parent. */
  private readonly parents = new Map<string, string>();
  private closedReason: string | undefined;
  /** Resolves with why the channel ended (the browser closed, the socket dropped, close() was called). */
  readonly closed: Promise<string>;

  constructor(private readonly channel: CdpChannel) {
    let onClosed: (reason: string) => void = () => undefined;
    this.closed = new Promise((resolve) => (onClosed = resolve));
    channel.start(
      (message) => this.onMessage(message),
      (reason) => {
        if (this.closedReason !== undefined) return;
        this.closedReason = reason;
        for (const pending of this.pending.values()) pending.reject(new CdpError(pending.method, reason));
        this.pending.clear();
        this.parents.clear();
        onClosed(reason);
      },
    );
  }

  get isClosed(): boolean {
    return this.closedReason !== undefined;
  }

  send<M extends CdpCommand>(method: M, params?: CdpParams<M>, sessionId?: string): Promise<CdpResult<M>> {
    if (this.closedReason !== undefined) return Promise.reject(new CdpError(method, this.closedReason));
    const id = this.nextId++;
    const message: { id: number; method: string; params: unknown; sessionId?: string } = {
      id,
      method,
      params: params ?? {},
    };
    if (sessionId !== undefined) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, sessionId, resolve: resolve as (result: unknown) => void, reject });
      this.channel.send(JSON.stringify(message));
    });
  }

  on<E extends CdpEvent>(
    event: E,
    listener: (params: CdpEventParams<E>, sessionId: string | undefined) => void,
  ): void {
    let set = this.listeners.get(event);
    if (set === undefined) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
  }

  close(): void {
    this.channel.close();
  }

  private onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return; // not CDP; nothing to answer and nobody waiting on it
    }
    if (typeof message !== 'object' || message === null) return;
    const { id, method, params, sessionId, result, error } = message as Record<string, unknown>;
    const session = typeof sessionId === 'string' ? sessionId : undefined;
    if (typeof id === 'number') {
      const pending = this.pending.get(id);
      if (pending === undefined) return;
      this.pending.delete(id);
      if (typeof error === 'object' && error !== null) {
        const why = (error as { message?: unknown }).message;
        pending.reject(new CdpError(pending.method, typeof why === 'string' ? why : 'failed'));
      } else pending.resolve(result ?? {});
      return;
    }
    if (typeof method !== 'string') return;
    if (method === 'Target.attachedToTarget') this.attached(params, session);
    else if (method === 'Target.detachedFromTarget') this.detached(params);
    const listeners = this.listeners.get(method);
    if (listeners === undefined) return;
    for (const listener of listeners) {
      try {
        listener(params ?? {}, session);
      } catch {
        // An event not shaped as the protocol says is dropped, not allowed to end the recording.
      }
    }
  }

  private attached(params: unknown, parent: string | undefined): void {
    const sessionId = (params as { sessionId?: unknown } | undefined)?.sessionId;
    if (parent !== undefined && typeof sessionId === 'string') this.parents.set(sessionId, parent);
  }

  /**
   * The browser never answers the commands still in flight on a session it detached, nor on the
   * sessions of that target's frames and workers, of which it does not even report the detach (both
   * measured with Chromium). They fail here, or whoever waits on one (a recording being stopped) would
   * wait forever.
   */
  private detached(params: unknown): void {
    const sessionId = (params as { sessionId?: unknown } | undefined)?.sessionId;
    if (typeof sessionId !== 'string') return;
    const gone = new Set([sessionId]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [child, parent] of this.parents)
        if (gone.has(parent) && !gone.has(child)) {
          gone.add(child);
          grew = true;
        }
    }
    for (const session of gone) this.parents.delete(session);
    for (const [id, pending] of this.pending) {
      if (pending.sessionId === undefined || !gone.has(pending.sessionId)) continue;
      this.pending.delete(id);
      pending.reject(new CdpError(pending.method, 'the target was detached before it answered'));
    }
  }
}
