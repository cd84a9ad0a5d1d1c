// The engine's public face: one inspected connection. It runs the Engine.IO session, turns every wire
// frame and lifecycle event into records through the one decoding path (SessionDecoder), and lets the
// Socket.IO layer act on those records. Callers (the CLI, the app's main process) get records in
// batches, one per frame, and a few typed events; they drive it with emits, raw frames and faults.
import type { Handshake } from '../../shared/protocol/eio-packet';
import { SessionDecoder, type FrameInput } from '../../shared/protocol/session-decoder';
import {
  isLifecycle,
  type EioVersion,
  type Json,
  type LifecycleRecord,
  type PacketRecord,
  type SessionRecord,
  type Transport,
} from '../../shared/record';
import { startClock, type Clock } from './clock';
import { EioConnection, type EioOpen, type EioState, type UpgradeResult } from './eio-connection';
import type { Failure } from './failure';
import { describeUserError, UserError } from '../../shared/user-error';
import { namespaceOf } from '../../shared/protocol/sio-namespace';
import { resolveOptions, type ConnectOptions, type ResolvedOptions } from './options';
import { SioClient, type AckResult, type NamespaceInfo } from './sio-client';
import type { LifecycleInput, WireFrame } from './transport';
import type { Fault } from '../../shared/bridge/api';

export type ConnectionEvent =
  | { readonly type: 'version'; readonly eio: EioVersion; readonly reason: string }
  | {
      readonly type: 'open';
      readonly eio: EioVersion;
      readonly transport: Transport;
      readonly handshake: Handshake;
    }
  | ({ readonly type: 'upgrade' } & UpgradeResult)
  | ({ readonly type: 'namespace' } & NamespaceInfo)
  | ({ readonly type: 'ack' } & AckResult)
  /**
   * The server's first message is not a packet of the parser in use (say, `42 is the answer` from a
   * plain Engine.IO server, or a msgpack packet under socket.io): `message` says what it likely is.
   */
  | { readonly type: 'parser-mismatch'; readonly failure: Failure }
  | { readonly type: 'closed'; readonly reason: string; readonly failure?: Failure };

export interface ConnectionListener {
  /** Records in wire order; one batch per frame or lifecycle event. The arrays are not reused. */
  readonly records?: (batch: readonly SessionRecord[]) => void;
  readonly event?: (event: ConnectionEvent) => void;
}

export interface ConnectionEnd {
  readonly reason: string;
  readonly failure?: Failure;
}

export class Connection {
  readonly conn: string;
  /** Settles once, when the connection is closed for whatever reason. Never rejects. */
  readonly ended: Promise<ConnectionEnd>;
  private readonly options: ResolvedOptions;
  private readonly eio: EioConnection;
  private sio: SioClient | undefined;
  private decoder: SessionDecoder | undefined;
  /** Server records waiting for the Engine.IO layer to finish with their frame. */
  private inbound: PacketRecord[] = [];
  /** Joins and emits asked for before the handshake, replayed once the protocol version is known. */
  private early: ((sio: SioClient) => void)[] = [];
  /** Ack ids per namespace, counted here so an emit made before the handshake knows its id. */
  private readonly ackIds = new Map<string, number>();
  private resolveEnded: (end: ConnectionEnd) => void = () => undefined;
  /** Whether the server has sent a message yet: only the first can tell a parser mismatch. */
  private heardMessage = false;

  /** Throws a usage UserError when the options cannot work (bad URL, bad namespace). */
  constructor(
    options: ConnectOptions,
    private readonly listener: ConnectionListener = {},
    private readonly clock: Clock = startClock(),
  ) {
    this.options = resolveOptions(options);
    this.conn = this.options.conn;
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    this.eio = new EioConnection(this.options, {
      frame: (transport, dir, frame) => this.onFrame(transport, dir, frame),
      handled: () => this.onHandled(),
      lifecycle: (record) => this.record(record),
      version: (eio, reason) => this.onVersion(eio, reason),
      open: (open) => this.onOpen(open),
      upgrade: (result) => this.listener.event?.({ type: 'upgrade', ...result }),
      closed: (reason, failure) => this.onClosed(reason, failure),
    });
  }

  get state(): EioState {
    return this.eio.state;
  }

  get version(): EioVersion {
    return this.eio.version;
  }

  get transport(): Transport | undefined {
    return this.eio.transport;
  }

  get handshake(): Handshake | undefined {
    return this.eio.handshake;
  }

  get namespaces(): NamespaceInfo[] {
    return this.sio?.list ?? [];
  }

  start(): void {
    this.eio.start();
  }

  /**
   * Emits on a namespace (joining it if needed); returns the ack id when `ack` is set. Throws a
   * RangeError for a `{$binary}` that is not base64 or a namespace the grammar cannot carry, and a usage
   * UserError on a connection with no Socket.IO layer (parser none).
   */
  emit(
    nsp: string,
    event: string | number,
    args: readonly Json[],
    options: { readonly ack?: boolean } = {},
  ): number | undefined {
    const path = namespaceOf(nsp);
    const id = options.ack === true ? (this.ackIds.get(path) ?? 0) : undefined;
    if (id !== undefined) this.ackIds.set(path, id + 1);
    this.withSio((sio) => sio.emit(nsp, event, args, id));
    return id;
  }

  join(nsp: string, auth?: Json): void {
    this.withSio((sio) => sio.join(nsp, auth));
  }

  leave(nsp: string): void {
    this.sio?.leave(nsp);
  }

  /** One Engine.IO message (text or binary), held until the session can take it: parser none's emit. */
  send(data: string | Uint8Array): void {
    this.eio.send([{ type: 'message', data }]);
  }

  /** Any frame, valid or not, on the current transport; false when there is no transport yet. */
  sendRaw(frame: WireFrame): boolean {
    return this.eio.sendRaw(frame);
  }

  /**
   * Fault injection, in the bridge's vocabulary: stop the heartbeat (pongs in v4, pings in v3), hold
   * pongs back, cut the transport.
   */
  fault(fault: Fault): void {
    switch (fault.kind) {
      case 'stop-heartbeat':
        return this.eio.setHeartbeat(!fault.on);
      case 'delay-pong':
        return this.eio.setPongDelay(fault.ms);
      case 'drop-transport':
        return this.eio.drop();
    }
  }

  /** Leaves every namespace (DISCONNECT), then closes the Engine.IO session and its transport. */
  async close(): Promise<ConnectionEnd> {
    if (this.eio.state === 'open') this.sio?.leaveAll();
    await this.eio.close();
    return this.ended;
  }

  private withSio(act: (sio: SioClient) => void): void {
    if (this.options.parser === 'none')
      throw new UserError(
        'usage',
        'this connection has no Socket.IO layer (parser "none"): send Engine.IO messages instead of emits',
        {
          hint: 'choose a Socket.IO {parser} to emit',
          why: { cause: 'parser', setting: 'parser', value: 'socket.io' },
        },
      );
    if (this.sio !== undefined) act(this.sio);
    else this.early.push(act);
  }

  private newSio(eio: EioVersion, parser: 'socket.io' | 'msgpack'): SioClient {
    return new SioClient(
      eio === 3 ? 4 : 5,
      parser,
      this.options.ackReply,
      (packets) => this.eio.send(packets),
      {
        namespace: (info) => this.listener.event?.({ type: 'namespace', ...info }),
        ack: (result) => this.listener.event?.({ type: 'ack', ...result }),
      },
    );
  }

  private onOpen(open: EioOpen): void {
    if (this.options.parser !== 'none') {
      const sio = this.newSio(open.eio, this.options.parser);
      this.sio = sio;
      for (const { nsp, auth, recover } of this.options.namespaces) sio.join(nsp, auth, recover);
      for (const act of this.early.splice(0)) act(sio);
    }
    this.listener.event?.({
      type: 'open',
      eio: open.eio,
      transport: open.transport,
      handshake: open.handshake,
    });
  }

  private onVersion(eio: EioVersion, reason: string): void {
    this.record({ event: 'note', message: `Engine.IO version: ${reason}` });
    this.listener.event?.({ type: 'version', eio, reason });
  }

  private onFrame(transport: Transport, dir: 'in' | 'out', frame: WireFrame): void {
    const t = this.clock.now();
    const input: FrameInput =
      'text' in frame
        ? { t, conn: this.conn, dir, transport, text: frame.text }
        : { t, conn: this.conn, dir, transport, binary: frame.binary };
    const out: SessionRecord[] = [];
    this.decoder ??= new SessionDecoder({ eio: this.eio.version, parser: this.options.parser });
    this.decoder.push(input, out);
    if (out.length === 0) return;
    this.listener.records?.(out);
    if (this.options.parser === 'none') return;
    for (const record of out) {
      if (
        !isLifecycle(record) &&
        record.dir === 'in' &&
        !this.heardMessage &&
        record.eio?.type === 'message'
      ) {
        this.heardMessage = true;
        // A malformed first message says little about the server; it is not taken for a refusal.
        if (record.error !== undefined) {
          this.listener.event?.({
            type: 'parser-mismatch',
            failure: parserMismatch(record.error.code, this.options.parser),
          });
          continue;
        }
      }
      if (!('sio' in record) || record.sio === undefined) continue;
      if (record.dir === 'in') this.inbound.push(record);
      else this.sio?.sent(record);
    }
  }

  private onHandled(): void {
    if (this.inbound.length === 0) return;
    const records = this.inbound;
    this.inbound = [];
    for (const record of records) this.sio?.received(record);
  }

  private record(input: LifecycleInput): void {
    const record: LifecycleRecord = { t: this.clock.now(), conn: this.conn, ...input };
    if (this.decoder === undefined) return this.listener.records?.([record]);
    const out: SessionRecord[] = [];
    this.decoder.pushLifecycle(record, out);
    this.listener.records?.(out);
  }

  private onClosed(reason: string, failure: Failure | undefined): void {
    if (failure !== undefined) this.record({ event: 'transport-error', message: describeUserError(failure) });
    if (this.decoder !== undefined) {
      // Attachments still awaited are reported as missing rather than lost.
      const out: SessionRecord[] = [];
      this.decoder.end(out);
      if (out.length > 0) this.listener.records?.(out);
    }
    this.record({ event: 'closed', reason });
    const end: ConnectionEnd = failure === undefined ? { reason } : { reason, failure };
    this.listener.event?.({ type: 'closed', ...end });
    this.resolveEnded(end);
  }
}

/** What a server whose first message the parser cannot read most likely runs, and the flag for it. */
function parserMismatch(code: string, parser: 'socket.io' | 'msgpack'): Failure {
  const failure = (message: string, value: string): Failure => ({
    kind: 'protocol',
    message,
    why: { cause: 'parser', setting: 'parser', value },
  });
  if (parser === 'socket.io')
    return failure(
      "the server's first message is not a Socket.IO packet: it is likely a plain Engine.IO server",
      'none',
    );
  return code === 'SIO_MSGPACK_TEXT'
    ? failure(
        'the server sends text messages, not msgpack packets: it likely uses the default Socket.IO parser',
        'socket.io',
      )
    : failure(
        "the server's first message is not a msgpack Socket.IO packet: it is likely a plain Engine.IO server",
        'none',
      );
}
