// The Socket.IO client layer on one Engine.IO connection (docs/protocol.md §2): namespaces joined and left,
// emits with JSON and binary arguments, ack ids paired with their answers, and answers to the acks the
// server asks for. It reads the connection's decoded records rather than decoding again, so what it acts
// on is exactly what was recorded, binary attachments already reassembled.
import type { EioPacketInput } from '../../shared/protocol/eio-packet';
import { encodeSioMsgpack } from '../../shared/protocol/sio-msgpack';
import { encodeSioPacket, type SioOutPacket, type SioProtocol } from '../../shared/protocol/sio-packet';
import type { Json, PacketRecord } from '../../shared/record';
import { UserError } from '../../shared/user-error';
import { connectPid, connectSid, namespaceOf } from '../../shared/protocol/sio-namespace';
import type { AckReply, Recovery } from './options';

export type NamespaceStatus = 'connecting' | 'connected' | 'refused' | 'disconnected';

export interface NamespaceInfo {
  readonly nsp: string;
  readonly status: NamespaceStatus;
  /** v5: the socket id the server gave in its CONNECT. */
  readonly sid?: string;
  /** CONNECT_ERROR / ERROR payload: v5 `{message, data?}`, v4 a string. */
  readonly error?: Json;
  /** Connection-state recovery (socket.io ≥4.6): the private id the server's CONNECT gave. */
  readonly pid?: string;
  /** With a pid: the offset the server appended to the last event it sent on this namespace. */
  readonly offset?: string;
}

export interface AckResult {
  readonly nsp: string;
  readonly id: number;
  readonly args: readonly Json[];
  /** From our EVENT frame to the server's ACK frame, on the records' clock. */
  readonly latencyMs: number;
}

export interface SioEvents {
  namespace(info: NamespaceInfo): void;
  ack(result: AckResult): void;
}

export type SendPackets = (packets: readonly EioPacketInput[]) => void;

interface PendingEmit {
  readonly event: string | number;
  readonly args: readonly Json[];
  readonly id: number | undefined;
}

interface NamespaceState {
  /** As the CONNECT names it; v4 may carry `?query` (§2.5). */
  readonly connectAs: string;
  readonly auth: Json | undefined;
  status: NamespaceStatus;
  sid?: string;
  error?: Json;
  pid?: string;
  offset?: string;
  /** Emits made before the server accepted the namespace, sent once it does (as socket.io-client does). */
  readonly waiting: PendingEmit[];
}

export class SioClient {
  private readonly namespaces = new Map<string, NamespaceState>();
  /** `<nsp> <id>` → time of the EVENT frame that asked for the ack. */
  private readonly pendingAcks = new Map<string, number>();

  constructor(
    private readonly protocol: SioProtocol,
    /** socket.io-parser's text with attachments, or socket.io-msgpack-parser's one binary message. */
    private readonly parser: 'socket.io' | 'msgpack',
    private readonly ackReply: AckReply,
    private readonly send: SendPackets,
    private readonly events: SioEvents,
  ) {}

  get list(): NamespaceInfo[] {
    return [...this.namespaces].map(([nsp, state]) => namespaceInfo(nsp, state));
  }

  /**
   * Asks the server for a namespace. v5 sends CONNECT for every namespace, `/` included, with the auth
   * object as payload; v4 sends none for `/`, which the server connects by itself, and no payload (§2.5).
   * `recover` (v5) offers the previous session's `{pid, offset}` first in the payload, the auth's own keys
   * over them, as socket.io-client does when it reconnects.
   */
  join(nsp: string, auth?: Json, recover?: Recovery): void {
    const path = namespaceOf(nsp);
    const known = this.namespaces.get(path);
    if (known !== undefined && (known.status === 'connecting' || known.status === 'connected')) return;
    const connectAs = this.protocol === 4 ? withQuery(nsp, auth) : nsp;
    const state = this.joining(connectAs, auth);
    if (this.protocol === 4) {
      if (path !== '/') this.sendPacket({ type: 'CONNECT', nsp: connectAs });
      return;
    }
    const data = recover === undefined ? auth : withRecovery(state, recover, auth);
    this.sendPacket({ type: 'CONNECT', nsp, ...(data !== undefined && { data }) });
  }

  leave(nsp: string): void {
    const path = namespaceOf(nsp);
    const state = this.namespaces.get(path);
    if (state === undefined || (state.status !== 'connected' && state.status !== 'connecting')) return;
    this.sendPacket({ type: 'DISCONNECT', nsp: path });
    this.setStatus(path, state, 'disconnected');
  }

  leaveAll(): void {
    for (const [path, state] of this.namespaces) if (state.status === 'connected') this.leave(path);
  }

  /**
   * Emits `event` with `args` (`{$binary}` values go out as attachments of a BINARY_EVENT), asking for an
   * ack when `id` is given. Before the namespace is connected the emit waits; on a namespace never joined
   * (or left) it joins first. On a refused one it throws a UserError: joining again with the same auth
   * would only be refused again, and the emit would wait for ever.
   */
  emit(nsp: string, event: string | number, args: readonly Json[], id: number | undefined): void {
    const path = namespaceOf(nsp);
    let state = this.namespaces.get(path);
    if (state?.status === 'refused')
      throw new UserError(
        'usage',
        `namespace ${path} was refused${refusalReason(state.error)}: join it again to emit on it`,
      );
    if (state === undefined || state.status === 'disconnected') {
      this.join(nsp);
      state = this.namespaces.get(path) as NamespaceState;
    }
    const pending = { event, args, id };
    if (state.status === 'connected') this.sendEmit(path, pending);
    else state.waiting.push(pending);
  }

  /**
   * A record of a frame we sent: an EVENT asking for an ack starts its clock here; a CONNECT or a
   * DISCONNECT sent as a raw frame joins or leaves its namespace as join() and leave() do.
   */
  sent(record: PacketRecord): void {
    const sio = record.sio;
    if (sio === undefined) return;
    if (sio.type === 'CONNECT') {
      this.joining(sio.nsp, sio.data);
      return;
    }
    if (sio.type === 'DISCONNECT') {
      const path = namespaceOf(sio.nsp);
      const state = this.namespaces.get(path);
      if (state !== undefined && state.status !== 'disconnected') this.setStatus(path, state, 'disconnected');
      return;
    }
    if (sio.id === undefined) return;
    if (sio.type === 'EVENT' || sio.type === 'BINARY_EVENT')
      this.pendingAcks.set(ackKey(sio.nsp, sio.id), record.t);
  }

  /** A record of a frame the server sent. */
  received(record: PacketRecord): void {
    const sio = record.sio;
    if (sio === undefined) return;
    const path = namespaceOf(sio.nsp);
    const state = this.namespaces.get(path);
    const event = sio.type === 'EVENT' || sio.type === 'BINARY_EVENT';
    // The decoder marks what a recovering server appended (shared/protocol/recovery-offsets.ts), replayed
    // events before the CONNECT answer included; socket.io-client keeps the last one to offer back.
    if (sio.offset !== undefined && state !== undefined) state.offset = sio.offset;
    // An event that asks for no ack (most of any busy connection's traffic) needs nothing more from us.
    if (event && sio.id === undefined) return;
    switch (sio.type) {
      case 'CONNECT':
        if (state?.status !== 'connecting') return;
        state.sid = connectSid(sio.data);
        state.pid = connectPid(sio.data);
        this.setStatus(path, state, 'connected');
        for (const pending of state.waiting.splice(0)) this.sendEmit(path, pending);
        return;
      case 'CONNECT_ERROR':
      case 'ERROR':
        if (state?.status !== 'connecting') return;
        if (sio.data !== undefined) state.error = sio.data;
        state.waiting.length = 0;
        return this.setStatus(path, state, 'refused');
      case 'DISCONNECT':
        if (state?.status === 'connected' || state?.status === 'connecting')
          this.setStatus(path, state, 'disconnected');
        return;
      case 'EVENT':
      case 'BINARY_EVENT':
        if (sio.id !== undefined) this.answer(path, sio.id, sio.event, sio.args ?? []);
        return;
      case 'ACK':
      case 'BINARY_ACK':
        return this.paired(path, sio.id, sio.args ?? [], record.t);
    }
  }

  /** A CONNECT goes out: the namespace waits for the server's answer, whatever it was before. */
  private joining(connectAs: string, auth: Json | undefined): NamespaceState {
    const path = namespaceOf(connectAs);
    const known = this.namespaces.get(path);
    if (known?.status === 'connecting' || known?.status === 'connected') return known;
    const state: NamespaceState = { connectAs, auth, status: 'connecting', waiting: [] };
    this.namespaces.set(path, state);
    this.setStatus(path, state, 'connecting');
    return state;
  }

  private answer(nsp: string, id: number, event: string | number | undefined, args: readonly Json[]): void {
    const reply = typeof this.ackReply === 'function' ? this.ackReply(event, args) : this.ackReply;
    if (reply === undefined || reply === 'manual') return;
    this.sendPacket({ type: 'ACK', nsp, id, data: [...reply] });
  }

  private paired(nsp: string, id: number | undefined, args: readonly Json[], t: number): void {
    if (id === undefined) return;
    const key = ackKey(nsp, id);
    const sentAt = this.pendingAcks.get(key);
    if (sentAt === undefined) return;
    this.pendingAcks.delete(key);
    this.events.ack({ nsp, id, args, latencyMs: Math.round((t - sentAt) * 1000) / 1000 });
  }

  private sendEmit(nsp: string, { event, args, id }: PendingEmit): void {
    this.sendPacket({ type: 'EVENT', nsp, ...(id !== undefined && { id }), data: [event, ...args] });
  }

  private sendPacket(packet: SioOutPacket): void {
    if (this.parser === 'msgpack') return this.send([{ type: 'message', data: encodeSioMsgpack(packet) }]);
    const { text, attachments } = encodeSioPacket(packet, this.protocol);
    const packets: EioPacketInput[] = [{ type: 'message', data: text }];
    for (const attachment of attachments) packets.push({ type: 'message', data: attachment });
    this.send(packets);
  }

  private setStatus(nsp: string, state: NamespaceState, status: NamespaceStatus): void {
    state.status = status;
    this.events.namespace(namespaceInfo(nsp, state));
  }
}

/**
 * v4 has no auth payload; socket.io-client 2 sends its `query` in the namespace instead (`0/admin?token=1,`)
 * and socket.io 2 merges it into the handshake query (§2.4, §2.5). An auth object travels the same way,
 * unless the namespace already names a query.
 */
function withQuery(nsp: string, auth: Json | undefined): string {
  if (nsp.includes('?') || typeof auth !== 'object' || auth === null || Array.isArray(auth)) return nsp;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(auth))
    params.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  const query = params.toString();
  return query === '' ? nsp : `${nsp}?${query}`;
}

/** " (unauthorized)" from a v5 `{message}` or a v4 string, or nothing. */
function refusalReason(error: Json | undefined): string {
  const message =
    typeof error === 'string'
      ? error
      : typeof error === 'object' && error !== null && !Array.isArray(error)
        ? error['message']
        : undefined;
  return typeof message === 'string' && message !== '' ? ` (${message.slice(0, 200)})` : '';
}

function ackKey(nsp: string, id: number): string {
  return `${namespaceOf(nsp)} ${id}`;
}

function namespaceInfo(nsp: string, state: NamespaceState): NamespaceInfo {
  return {
    nsp,
    status: state.status,
    ...(state.sid !== undefined && { sid: state.sid }),
    ...(state.error !== undefined && { error: state.error }),
    ...(state.pid !== undefined && { pid: state.pid }),
    ...(state.offset !== undefined && { offset: state.offset }),
  };
}

/** The CONNECT payload offering `recover`, with the offered pid and offset kept as the namespace's own. */
function withRecovery(state: NamespaceState, recover: Recovery, auth: Json | undefined): Json | undefined {
  if (auth !== undefined && (typeof auth !== 'object' || auth === null || Array.isArray(auth))) return auth;
  state.pid = recover.pid;
  if (recover.offset !== undefined) state.offset = recover.offset;
  return {
    pid: recover.pid,
    ...(recover.offset !== undefined && { offset: recover.offset }),
    ...auth,
  };
}
