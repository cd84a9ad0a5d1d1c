// A connection that comes back after a loss, as socket.io-client's Manager does with `reconnection`:
// when the transport goes away without the client asking (a drop, a ping timeout, the server closing
// the Engine.IO session), it waits the client's backoff and opens a new Engine.IO connection, its own
// `conn` in the same records, rejoining the namespaces that were connected. On socket.io ≥4.6 servers
// with connection-state recovery each CONNECT offers the last `{pid, offset}` the namespace had, merged
// under the auth, so the server can replay what was missed. Without `reconnect` it is one Connection.
import type { Handshake } from '../../shared/protocol/eio-packet';
import type { EioVersion, Json, LifecycleRecord, Transport } from '../../shared/record';
import type { Fault } from '../../shared/bridge/api';
import { backoffDelay } from './backoff';
import { startClock, type Clock } from './clock';
import { Connection, type ConnectionEnd, type ConnectionEvent, type ConnectionListener } from './connection';
import type { EioState } from './eio-connection';
import { namespaceOf } from '../../shared/protocol/sio-namespace';
import { resolveOptions, type ConnectOptions, type NamespaceOptions } from './options';
import type { NamespaceInfo } from './sio-client';
import type { WireFrame } from './transport';

export interface ReconnectOptions {
  /** Attempts after each loss before giving up (socket.io-client's reconnectionAttempts; Infinity by default). */
  readonly attempts?: number;
  /** The wait before attempt `n` (0-based); socket.io-client's backoff by default. */
  readonly delayMs?: (attempt: number) => number;
}

export type ReconnectingEvent =
  | ConnectionEvent
  /** A connection was lost and another is due in `delayMs`, as `conn`. */
  | {
      readonly type: 'reconnecting';
      readonly conn: string;
      readonly reconnectOf: string;
      readonly attempt: number;
      readonly delayMs: number;
    };

export interface ReconnectingListener {
  readonly records?: ConnectionListener['records'];
  readonly event?: (event: ReconnectingEvent) => void;
}

export class ReconnectingConnection {
  /** Settles once, when the last connection ended and no other will follow. Never rejects. */
  readonly ended: Promise<ConnectionEnd>;
  private current: Connection;
  /** How many connections were made, the first included: the next one's `c<n>`. */
  private made = 1;
  /** Attempts since the last connection that opened was lost. */
  private attempt = 0;
  /** The last connection that opened, and the namespaces to bring back when it is lost. */
  private lost: { readonly conn: string; readonly namespaces: readonly NamespaceOptions[] } | undefined;
  private opened = false;
  private timer: NodeJS.Timeout | undefined;
  /** Emits and sends asked for while waiting to reconnect, made on the next connection. */
  private waiting: ((connection: Connection) => void)[] = [];
  private stopped = false;
  private resolveEnded: (end: ConnectionEnd) => void = () => undefined;
  private readonly auth: ReadonlyMap<string, Json | undefined>;

  /** Throws a usage UserError when the options cannot work (bad URL, bad namespace). */
  constructor(
    private readonly options: ConnectOptions,
    private readonly reconnect: ReconnectOptions | undefined,
    private readonly listener: ReconnectingListener = {},
    private readonly clock: Clock = startClock(),
  ) {
    const resolved = resolveOptions(options);
    this.auth = new Map(resolved.namespaces.map((n) => [namespaceOf(n.nsp), n.auth]));
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    this.current = this.connect(options);
  }

  /** The connection now in use (or the one just lost, while waiting to reconnect). */
  get conn(): string {
    return this.current.conn;
  }

  get state(): EioState {
    return this.timer !== undefined ? 'opening' : this.current.state;
  }

  get version(): EioVersion {
    return this.current.version;
  }

  get transport(): Transport | undefined {
    return this.timer !== undefined ? undefined : this.current.transport;
  }

  get handshake(): Handshake | undefined {
    return this.current.handshake;
  }

  get namespaces(): NamespaceInfo[] {
    return this.current.namespaces;
  }

  start(): void {
    this.current.start();
  }

  emit(
    nsp: string,
    event: string | number,
    args: readonly Json[],
    options: { readonly ack?: boolean } = {},
  ): number | undefined {
    if (this.timer === undefined) return this.current.emit(nsp, event, args, options);
    this.waiting.push((connection) => connection.emit(nsp, event, args, options));
    return undefined;
  }

  join(nsp: string, auth?: Json): void {
    if (this.timer === undefined) this.current.join(nsp, auth);
    else this.waiting.push((connection) => connection.join(nsp, auth));
  }

  leave(nsp: string): void {
    this.current.leave(nsp);
  }

  send(data: string | Uint8Array): void {
    if (this.timer === undefined) this.current.send(data);
    else this.waiting.push((connection) => connection.send(data));
  }

  sendRaw(frame: WireFrame): boolean {
    return this.timer === undefined && this.current.sendRaw(frame);
  }

  fault(fault: Fault): void {
    this.current.fault(fault);
  }

  /** Closes the connection in use and reconnects no more; while waiting to reconnect, stops waiting. */
  async close(): Promise<ConnectionEnd> {
    this.stopped = true;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.finish({ reason: 'closed by the client while waiting to reconnect' });
      return this.ended;
    }
    await this.current.close();
    return this.ended;
  }

  private connect(options: ConnectOptions): Connection {
    const connection = new Connection(
      options,
      {
        records: (batch) => this.listener.records?.(batch),
        event: (event) => this.onEvent(connection, event),
      },
      this.clock,
    );
    this.opened = false;
    void connection.ended.then((end) => this.onEnded(connection, end));
    return connection;
  }

  private onEvent(connection: Connection, event: ConnectionEvent): void {
    if (event.type === 'open') {
      this.opened = true;
      this.attempt = 0;
    }
    // Said once, when no other connection follows (onEnded), with the end as it stands then.
    if (event.type === 'closed' && connection === this.current) return;
    this.listener.event?.(event);
  }

  private onEnded(connection: Connection, end: ConnectionEnd): void {
    if (!this.willReconnect(connection)) return this.finish(this.givenUp(end));
    if (this.opened) this.lost = { conn: connection.conn, namespaces: this.rejoin(connection) };
    const lost = this.lost;
    if (lost === undefined) return this.finish(end);
    const attempt = this.attempt++;
    const delayMs = (this.reconnect?.delayMs ?? backoffDelay)(attempt);
    const conn = `c${++this.made}`;
    const record: LifecycleRecord = {
      t: this.clock.now(),
      conn,
      event: 'reconnect',
      reconnectOf: lost.conn,
      attempt: attempt + 1,
      ms: delayMs,
      message: `reconnecting to replace ${lost.conn} (attempt ${attempt + 1}, after ${delayMs} ms): ${end.reason}`,
    };
    this.listener.records?.([record]);
    this.listener.event?.({
      type: 'reconnecting',
      conn,
      reconnectOf: lost.conn,
      attempt: attempt + 1,
      delayMs,
    });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.current = this.connect({ ...this.options, conn, rejoin: lost.namespaces });
      for (const act of this.waiting.splice(0)) act(this.current);
      this.current.start();
    }, delayMs);
  }

  /**
   * socket.io-client reconnects after any loss it did not ask for, but not once every namespace was
   * refused or disconnected by the server, nor after its own close. A connection whose namespaces the
   * server never answered does not speak this parser: another try would end the same way.
   */
  private willReconnect(connection: Connection): boolean {
    if (this.reconnect === undefined || this.stopped) return false;
    if (connection !== this.current) return false;
    if (!this.opened) return this.lost !== undefined && this.attempt < this.attemptsAllowed();
    if (this.attemptsAllowed() === 0) return false;
    const namespaces = connection.namespaces;
    if (namespaces.length === 0) return true;
    if (namespaces.every((n) => n.status === 'refused' || n.status === 'disconnected')) return false;
    return !namespaces.every((n) => n.status === 'connecting' && n.pid === undefined);
  }

  /** The namespaces to join again, each with its auth and what it had to recover. */
  private rejoin(connection: Connection): NamespaceOptions[] {
    return connection.namespaces
      .filter((n) => n.status === 'connected' || n.status === 'connecting')
      .map((n) => {
        const auth = this.auth.get(n.nsp);
        return {
          nsp: n.nsp,
          ...(auth !== undefined && { auth }),
          ...(n.pid !== undefined && {
            recover: { pid: n.pid, ...(n.offset !== undefined && { offset: n.offset }) },
          }),
        };
      });
  }

  private attemptsAllowed(): number {
    return this.reconnect?.attempts ?? Number.POSITIVE_INFINITY;
  }

  /** A reconnection that never opened, the last allowed: said as giving up, with why the last one failed. */
  private givenUp(end: ConnectionEnd): ConnectionEnd {
    if (this.lost === undefined || this.opened || this.stopped || this.attempt === 0) return end;
    const message = `gave up reconnecting after ${this.attempt} attempt(s): ${end.failure?.message ?? end.reason}`;
    return {
      reason: message,
      failure: {
        kind: 'network',
        message,
        why: { cause: 'lost' },
        ...(end.failure?.hint !== undefined && { hint: end.failure.hint }),
      },
    };
  }

  private finish(end: ConnectionEnd): void {
    this.listener.event?.({ type: 'closed', ...end });
    this.resolveEnded(end);
  }
}
