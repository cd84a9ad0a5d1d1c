// Turns what a browser's DevTools Network domain reports into the frames and lifecycle records that a
// capture or the proxy produces: WebSocket frames both ways, polling request bodies (out) and response
// bodies (in), handshakes and closes. Only Engine.IO requests (those with an `EIO` query, docs/protocol.md
// §1.2) are recorded; each Engine.IO connection is its own `conn`, found again by its sid.
import type { Protocol } from 'devtools-protocol';
import type { EioVersion, LifecycleRecord } from '../../shared/record';
import { base64Decode, utf8Decode } from '../../shared/protocol/bytes';
import { openPacketSid } from '../../shared/protocol/open-packet';
import type { FrameInput } from '../../shared/protocol/session-decoder';
import { eioParam } from '../../shared/protocol/version-detect';

/** What the traffic asks of the browser: bodies that the events do not carry. */
export interface BodySource {
  requestBody(target: string, requestId: string): Promise<Body | undefined>;
  responseBody(target: string, requestId: string): Promise<Body | undefined>;
}

/** A body as DevTools hands it over: text, or base64 for bytes. */
export interface Body {
  readonly body: string;
  readonly base64Encoded: boolean;
}

export interface TrafficListener {
  frame(frame: FrameInput & { readonly t: number; readonly conn: string }): void;
  lifecycle(record: LifecycleRecord): void;
}

interface EioRequest {
  readonly target: string;
  readonly requestId: string;
  readonly conn: string;
  readonly url: string;
  readonly method: string;
  readonly eio: EioVersion | undefined;
  /** DevTools' monotonic clock, seconds. */
  readonly started: number;
  /** A handshake: the response names the sid every later request of this connection carries. */
  readonly handshake: boolean;
  readonly connKey: string;
  status?: number;
  binaryResponse?: boolean;
  /** The response body, when it was fetched ahead of loadingFinished to learn the sid. */
  early?: Body;
}

interface EioSocket {
  readonly conn: string;
  readonly url: string;
  readonly eio: EioVersion | undefined;
  readonly connKey: string;
  /** Without a sid in the URL this is a WebSocket-only connection: its first frame in is the open packet. */
  learnSid: boolean;
  started?: number;
  opened: boolean;
}

/**
 * One browser's Engine.IO traffic. Events must be passed in the order DevTools sent them; `target`
 * is the DevTools session the event came on (request ids are unique within one target only).
 */
export class EngineIoTraffic {
  private readonly requests = new Map<string, EioRequest>();
  private readonly sockets = new Map<string, EioSocket>();
  private readonly conns = new ConnectionTable();
  /** Handshake requests whose response was not read yet, by server and path (connKeyOf without sid). */
  private readonly handshakes = new Map<string, Set<string>>();
  /** The connections each target opened, so the target's going away can be told to them. */
  private readonly byTarget = new Map<string, Set<string>>();

  constructor(
    private readonly listener: TrafficListener,
    private readonly bodies: BodySource,
    /** ms since the recording started for a DevTools timestamp (seconds, monotonic). */
    private readonly clock: (timestamp: number | undefined) => number,
  ) {}

  /**
   * The connections a target opened since it last navigated; `gone` when the target itself went away,
   * so nothing more will be heard of its requests either.
   */
  leave(target: string, gone: boolean): readonly string[] {
    const conns = this.byTarget.get(target);
    this.byTarget.delete(target);
    if (gone) {
      const prefix = `${target}:`;
      for (const [key, request] of this.requests) if (key.startsWith(prefix)) this.forget(key, request);
      for (const key of this.sockets.keys()) if (key.startsWith(prefix)) this.sockets.delete(key);
    }
    return conns === undefined ? [] : [...conns];
  }

  async requestWillBeSent(target: string, event: Protocol.Network.RequestWillBeSentEvent): Promise<void> {
    const { request, requestId } = event;
    const url = parseUrl(request.url);
    if (url === undefined || !url.searchParams.has('EIO')) return;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    // A redirect reuses the request id: the new request replaces the old one.
    const key = `${target}:${requestId}`;
    const sid = url.searchParams.get('sid');
    const connKey = connKeyOf(url, sid);
    const t = this.clock(event.timestamp);
    const conn = await this.connFor(connKey, sid);
    this.remember(target, conn);
    const method = request.method;
    const eio = eioParam(url.searchParams.get('EIO'));
    this.requests.set(key, {
      target,
      requestId,
      conn,
      url: request.url,
      method,
      eio,
      started: event.timestamp,
      handshake: sid === null,
      connKey,
    });
    if (sid === null) this.pendingHandshakes(connKey).add(key);
    if (method !== 'POST') return;
    const binary = isOctetStream(headerOf(request.headers, 'content-type'));
    const body = (await this.requestBodyOf(target, requestId, request)) ?? { body: '', base64Encoded: false };
    this.emit(conn, t, 'out', 'polling', eio, toFrameBody(body, binary));
  }

  responseReceived(target: string, event: Protocol.Network.ResponseReceivedEvent): void {
    const request = this.requests.get(`${target}:${event.requestId}`);
    if (request === undefined) return;
    request.status = event.response.status;
    request.binaryResponse = isOctetStream(headerOf(event.response.headers, 'content-type'));
  }

  async loadingFinished(target: string, event: Protocol.Network.LoadingFinishedEvent): Promise<void> {
    const ended = this.ended(target, event);
    if (ended === undefined) return;
    const { request, t } = ended;
    const { conn, method, status } = request;
    if (method === 'GET' && status === 200) {
      const body = request.early ?? (await this.bodies.responseBody(target, event.requestId));
      if (body === undefined) {
        this.lifecycle({
          t,
          conn,
          event: 'transport-error',
          transport: 'polling',
          message: `the browser kept no body for GET ${request.url}`,
        });
      } else {
        const data = toFrameBody(body, request.binaryResponse === true);
        if (request.handshake)
          this.conns.learn(request.connKey, conn, handshakeSid(data, 'polling', request.eio));
        this.emit(conn, t, 'in', 'polling', request.eio, data);
      }
    }
    this.requestEnded(request, t, event.timestamp, status);
  }

  loadingFailed(target: string, event: Protocol.Network.LoadingFailedEvent): void {
    const ended = this.ended(target, event);
    if (ended === undefined) return;
    const { request, t } = ended;
    const { conn, method, url } = request;
    // A long-poll the client cut short (an upgrade completed, the page closed) is no transport failure.
    if (event.canceled !== true)
      this.lifecycle({
        t,
        conn,
        event: 'transport-error',
        transport: 'polling',
        message: `${method} ${url}: ${event.errorText}`,
      });
    this.requestEnded(request, t, event.timestamp);
  }

  /**
   * The request an end event is about, no longer followed, and the session time it ended at; undefined
   * for a request that never was followed.
   */
  private ended(
    target: string,
    event: { readonly requestId: string; readonly timestamp: number },
  ): { readonly request: EioRequest; readonly t: number } | undefined {
    const key = `${target}:${event.requestId}`;
    const request = this.requests.get(key);
    if (request === undefined) return undefined;
    this.forget(key, request);
    return { request, t: this.clock(event.timestamp) };
  }

  /** The http-request record of a request that finished (with its status) or failed. */
  private requestEnded(request: EioRequest, t: number, timestamp: number, status?: number): void {
    const { conn, method, url } = request;
    this.lifecycle({
      t,
      conn,
      event: 'http-request',
      transport: 'polling',
      method,
      url,
      ...(status === undefined ? {} : { status }),
      ms: msBetween(request.started, timestamp),
    });
  }

  async webSocketCreated(target: string, event: Protocol.Network.WebSocketCreatedEvent): Promise<void> {
    const url = parseUrl(event.url);
    if (url === undefined || !url.searchParams.has('EIO')) return;
    const sid = url.searchParams.get('sid');
    const connKey = connKeyOf(url, sid);
    const conn = await this.connFor(connKey, sid);
    this.remember(target, conn);
    this.sockets.set(`${target}:${event.requestId}`, {
      conn,
      url: event.url,
      eio: eioParam(url.searchParams.get('EIO')),
      connKey,
      learnSid: sid === null,
      opened: false,
    });
  }

  webSocketWillSendHandshakeRequest(
    target: string,
    event: Protocol.Network.WebSocketWillSendHandshakeRequestEvent,
  ): void {
    const socket = this.sockets.get(`${target}:${event.requestId}`);
    if (socket !== undefined) socket.started = event.timestamp;
  }

  webSocketHandshakeResponseReceived(
    target: string,
    event: Protocol.Network.WebSocketHandshakeResponseReceivedEvent,
  ): void {
    const socket = this.sockets.get(`${target}:${event.requestId}`);
    if (socket === undefined) return;
    const t = this.clock(event.timestamp);
    const ms = socket.started === undefined ? undefined : msBetween(socket.started, event.timestamp);
    const { status } = event.response;
    if (status === 101) {
      socket.opened = true;
      this.lifecycle({
        t,
        conn: socket.conn,
        event: 'ws-open',
        transport: 'websocket',
        url: socket.url,
        ...(ms === undefined ? {} : { ms }),
      });
    } else {
      this.lifecycle({
        t,
        conn: socket.conn,
        event: 'http-request',
        transport: 'websocket',
        method: 'GET',
        url: socket.url,
        status,
        ...(ms === undefined ? {} : { ms }),
      });
    }
  }

  webSocketFrame(target: string, dir: 'in' | 'out', event: Protocol.Network.WebSocketFrameSentEvent): void {
    const socket = this.sockets.get(`${target}:${event.requestId}`);
    if (socket === undefined) return;
    const { opcode, payloadData } = event.response;
    // Opcode 1 is a text frame, 2 binary (base64 here); control frames carry no Engine.IO packets.
    if (opcode !== 1 && opcode !== 2) return;
    const t = this.clock(event.timestamp);
    const data = opcode === 1 ? payloadData : (base64Decode(payloadData) ?? new Uint8Array(0));
    if (dir === 'in' && socket.learnSid) {
      socket.learnSid = false;
      this.conns.learn(socket.connKey, socket.conn, handshakeSid(data, 'websocket', socket.eio));
    }
    this.emit(socket.conn, t, dir, 'websocket', socket.eio, data);
  }

  webSocketFrameError(target: string, event: Protocol.Network.WebSocketFrameErrorEvent): void {
    const socket = this.sockets.get(`${target}:${event.requestId}`);
    if (socket === undefined) return;
    this.lifecycle({
      t: this.clock(event.timestamp),
      conn: socket.conn,
      event: 'transport-error',
      transport: 'websocket',
      message: event.errorMessage,
    });
  }

  webSocketClosed(target: string, event: Protocol.Network.WebSocketClosedEvent): void {
    const key = `${target}:${event.requestId}`;
    const socket = this.sockets.get(key);
    if (socket === undefined) return;
    this.sockets.delete(key);
    const t = this.clock(event.timestamp);
    // DevTools does not report the close code or reason.
    if (socket.opened) this.lifecycle({ t, conn: socket.conn, event: 'ws-close', transport: 'websocket' });
    else
      this.lifecycle({
        t,
        conn: socket.conn,
        event: 'transport-error',
        transport: 'websocket',
        message: `the WebSocket ${socket.url} closed before it opened`,
      });
  }

  /**
   * The connection a request belongs to. A sid not known yet may still be in a handshake response that
   * DevTools reports later than the page read it (its loadingFinished can trail the next request):
   * those responses are read now.
   */
  private async connFor(connKey: string, sid: string | null): Promise<string> {
    if (sid === null) return this.conns.open();
    if (!this.conns.knows(connKey)) {
      const handshakes = this.handshakes.get(handshakeKeyOf(connKey));
      for (const key of handshakes ?? []) {
        const request = this.requests.get(key);
        if (request === undefined || request.early !== undefined) continue;
        const body = await this.bodies.responseBody(request.target, request.requestId);
        if (body === undefined) continue;
        request.early = body;
        const data = toFrameBody(body, request.binaryResponse === true);
        this.conns.learn(request.connKey, request.conn, handshakeSid(data, 'polling', request.eio));
        if (this.conns.knows(connKey)) break;
      }
    }
    return this.conns.connFor(connKey);
  }

  private pendingHandshakes(connKey: string): Set<string> {
    let set = this.handshakes.get(connKey);
    if (set === undefined) this.handshakes.set(connKey, (set = new Set()));
    return set;
  }

  private forget(key: string, request: EioRequest): void {
    this.requests.delete(key);
    if (!request.handshake) return;
    const set = this.handshakes.get(request.connKey);
    set?.delete(key);
    if (set?.size === 0) this.handshakes.delete(request.connKey);
  }

  private async requestBodyOf(
    target: string,
    requestId: string,
    request: Protocol.Network.Request,
  ): Promise<Body | undefined> {
    // Entries hold the bytes as they are (base64); `postData` is a lossy string for binary bodies.
    const entries = request.postDataEntries;
    if (entries !== undefined && entries.length > 0 && entries.every((e) => typeof e.bytes === 'string')) {
      if (entries.length === 1) return { body: entries[0]?.bytes ?? '', base64Encoded: true };
      const parts = entries.map((e) => base64Decode(e.bytes ?? '') ?? new Uint8Array(0));
      return { body: Buffer.concat(parts).toString('base64'), base64Encoded: true };
    }
    if (typeof request.postData === 'string') return { body: request.postData, base64Encoded: false };
    if (request.hasPostData === true) return this.bodies.requestBody(target, requestId);
    return undefined;
  }

  private emit(
    conn: string,
    t: number,
    dir: 'in' | 'out',
    transport: 'polling' | 'websocket',
    eio: EioVersion | undefined,
    data: string | Uint8Array,
  ): void {
    const base = { t, conn, dir, transport, ...(eio === undefined ? {} : { eio }) };
    this.listener.frame(typeof data === 'string' ? { ...base, text: data } : { ...base, binary: data });
  }

  private lifecycle(record: LifecycleRecord): void {
    this.listener.lifecycle(record);
  }

  private remember(target: string, conn: string): void {
    let conns = this.byTarget.get(target);
    if (conns === undefined) this.byTarget.set(target, (conns = new Set()));
    conns.add(conn);
  }
}

/** Maps Engine.IO sids (per server and path) to connection ids `c1`, `c2`, … in the order connections open. */
class ConnectionTable {
  private next = 1;
  private readonly bySid = new Map<string, string>();

  open(): string {
    return `c${this.next++}`;
  }

  knows(key: string): boolean {
    return this.bySid.has(key);
  }

  /** A sid never seen (recording started mid-connection) starts a connection of its own. */
  connFor(key: string): string {
    let conn = this.bySid.get(key);
    if (conn === undefined) this.bySid.set(key, (conn = this.open()));
    return conn;
  }

  learn(handshakeKey: string, conn: string, sid: string | undefined): void {
    if (sid !== undefined) this.bySid.set(handshakeKey.replace(/\|$/, `|${sid}`), conn);
  }
}

/** The server and path a sid belongs to, with the sid (empty for a handshake, filled in by learn). */
function connKeyOf(url: URL, sid: string | null): string {
  const scheme = url.protocol === 'wss:' || url.protocol === 'https:' ? 's' : '';
  return `${scheme}${url.host}${url.pathname}|${sid ?? ''}`;
}

function handshakeKeyOf(connKey: string): string {
  return connKey.slice(0, connKey.lastIndexOf('|') + 1);
}

/** The sid of the open packet that starts a handshake response: a polling body or the first WS frame. */
function handshakeSid(
  data: string | Uint8Array,
  transport: 'polling' | 'websocket',
  eio: EioVersion | undefined,
): string | undefined {
  // A WebSocket frame is one packet, unframed in both versions: read as a v4 body of one packet.
  if (transport === 'websocket') return typeof data === 'string' ? openPacketSid(data, 4) : undefined;
  return openPacketSid(data, eio ?? 4);
}

function toFrameBody(body: Body, binary: boolean): string | Uint8Array {
  if (!body.base64Encoded) return binary ? new TextEncoder().encode(body.body) : body.body;
  const bytes = base64Decode(body.body) ?? new Uint8Array(0);
  return binary ? bytes : (utf8Decode(bytes, false) ?? '');
}

function headerOf(headers: Protocol.Network.Headers, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return String(value);
  return undefined;
}

function isOctetStream(contentType: string | undefined): boolean {
  return (contentType ?? '').trim().toLowerCase().startsWith('application/octet-stream');
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function msBetween(started: number, ended: number): number {
  return Math.round((ended - started) * 1000 * 10) / 10;
}
