// HTTP long-polling (docs/protocol.md §1.2, §1.7): one GET at a time waits for server packets, one POST at a
// time carries the client's packets, batched while the previous POST is in flight. Each GET response body
// and each POST body is one frame. Bodies are text, except v3 binary payloads (application/octet-stream,
// which we also send: the XHR2 framing engine.io-client 3 uses when it may send binary).
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { MAX_POLLING_BODY_BYTES } from '../../shared/limits';
import { utf8Length } from '../../shared/protocol/bytes';
import { decodeError } from '../../shared/protocol/errors';
import type { EioPacketInput } from '../../shared/protocol/eio-packet';
import { encodePollingPayload } from '../../shared/protocol/eio-payload';
import type { EioVersion } from '../../shared/record';
import type { ConnectionAgent } from './agents';
import { BoundedBody } from './bounded-body';
import type { CookieJar } from './cookie-jar';
import { explainCutPost } from './engine-errors';
import { explainNetworkError } from './failure';
import { requestHeaderLines, responseHeaderLines } from './header-lines';
import { frameOf, type TransportHandle, type TransportListener, type WireFrame } from './transport';

export interface PollingConfig {
  readonly origin: string;
  readonly path: string;
  readonly secure: boolean;
  readonly version: () => EioVersion;
  /** The query of the next request: the user's, then EIO, transport, sid, t. */
  readonly query: () => readonly (readonly [string, string])[];
  readonly maxPayload: () => number | undefined;
  readonly headers: readonly (readonly [string, string])[];
  readonly jar: CookieJar;
  readonly agent: ConnectionAgent;
}

type Outgoing = { readonly packets: readonly EioPacketInput[] } | { readonly raw: WireFrame };

interface Response {
  readonly status: number;
  readonly body: Buffer;
  readonly binary: boolean;
  /** The Access-Control-Allow-Origin answered, for the record of a request that sent an Origin. */
  readonly allowOrigin: string | undefined;
  /** The handshake's headers, both ways. */
  readonly headers?: { readonly request: string[]; readonly response: string[] };
}

/** Without a maxPayload from the server, batch up to engine.io's default (docs/protocol.md §1.3). */
const DEFAULT_MAX_PAYLOAD = 1_000_000;

export class PollingTransport implements TransportHandle {
  readonly name = 'polling';
  private getting: ClientRequest | undefined;
  private posting: ClientRequest | undefined;
  private readonly queue: Outgoing[] = [];
  private paused = false;
  private stopped = false;
  private waiters: { readonly ready: () => boolean; readonly wake: () => void }[] = [];

  constructor(
    private readonly config: PollingConfig,
    private readonly listener: TransportListener,
  ) {}

  /** Starts the GET loop; the first GET, without a sid, is the handshake. */
  poll(): void {
    if (this.getting !== undefined || this.paused || this.stopped) return;
    const url = this.url();
    const started = performance.now();
    this.getting = this.exchange('GET', url, undefined, (response) => {
      this.getting = undefined;
      if (this.stopped) return;
      this.onResponse('GET', url, started, response);
      if (this.stopped) return;
      if (response.status === 200) this.poll();
      this.notify();
    });
  }

  send(packets: readonly EioPacketInput[]): void {
    if (this.stopped || packets.length === 0) return;
    const last = this.queue[this.queue.length - 1];
    if (last !== undefined && 'packets' in last)
      this.queue[this.queue.length - 1] = { packets: [...last.packets, ...packets] };
    else this.queue.push({ packets });
    this.drive();
  }

  sendRaw(frame: WireFrame): void {
    if (this.stopped) return;
    this.queue.push({ raw: frame });
    this.drive();
  }

  /** Stops issuing GETs; resolves once nothing is in flight and the queue is sent (§1.5 step 1). */
  pause(): Promise<void> {
    this.paused = true;
    return this.until(() => this.getting === undefined && this.sent());
  }

  resume(): void {
    this.paused = false;
    this.poll();
  }

  /** Lets queued POSTs go out, then aborts the long-poll GET. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.paused = true;
    await this.until(() => this.sent());
    this.stop();
  }

  drop(): void {
    this.stop();
  }

  private stop(): void {
    this.stopped = true;
    this.getting?.destroy();
    this.posting?.destroy();
    this.getting = undefined;
    this.posting = undefined;
    this.queue.length = 0;
    this.notify();
  }

  private drive(): void {
    if (this.posting !== undefined || this.stopped) return;
    const next = this.takeBatch();
    if (next === undefined) return;
    const body =
      'raw' in next
        ? rawBody(next.raw)
        : encodePollingPayload(next.packets, this.config.version(), { binary: true });
    const url = this.url();
    const started = performance.now();
    this.listener.frame(this, 'out', frameOf(body));
    this.posting = this.exchange('POST', url, body, (response) => {
      this.posting = undefined;
      if (this.stopped) return;
      this.onResponse('POST', url, started, response, byteLength(body));
      if (this.stopped) return;
      this.drive();
      this.notify();
    });
  }

  /** The next POST: a raw frame alone, or as many packets as fit in maxPayload (at least one). */
  private takeBatch(): Outgoing | undefined {
    const head = this.queue[0];
    if (head === undefined || 'raw' in head) return this.queue.shift();
    const limit = this.config.maxPayload() ?? DEFAULT_MAX_PAYLOAD;
    let size = 0;
    let count = 0;
    for (const packet of head.packets) {
      size += encodedSize(packet);
      if (count > 0 && size > limit) break;
      count++;
    }
    if (count === head.packets.length) return this.queue.shift();
    this.queue[0] = { packets: head.packets.slice(count) };
    return { packets: head.packets.slice(0, count) };
  }

  private onResponse(
    method: 'GET' | 'POST',
    url: string,
    started: number,
    response: Response,
    sentBytes?: number,
  ): void {
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const origin = this.origin();
    this.listener.lifecycle(this, {
      event: 'http-request',
      transport: 'polling',
      method,
      url,
      status: response.status,
      ms,
      ...(origin !== undefined && { origin }),
      ...(origin !== undefined &&
        response.allowOrigin !== undefined && { allowOrigin: response.allowOrigin }),
      ...(response.headers !== undefined && {
        requestHeaders: response.headers.request,
        responseHeaders: response.headers.response,
      }),
    });
    if (response.status !== 200) {
      this.stopped = true;
      this.listener.refused(this, response.status, response.body.toString('utf8'), sentBytes);
      return;
    }
    if (method === 'POST') return;
    const { body } = response;
    this.listener.frame(this, 'in', response.binary ? { binary: body } : { text: body.toString('utf8') });
  }

  private exchange(
    method: 'GET' | 'POST',
    url: string,
    body: string | Uint8Array | undefined,
    done: (response: Response) => void,
  ): ClientRequest {
    const target = new URL(url);
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of this.config.headers) headers[name] = value;
    const cookie = mergeCookies(headers['cookie'] ?? headers['Cookie'], this.config.jar.header(target));
    if (cookie !== undefined) headers['Cookie'] = cookie;
    if (body !== undefined) {
      headers['Content-Type'] =
        typeof body === 'string' ? 'text/plain;charset=UTF-8' : 'application/octet-stream';
      headers['Content-Length'] = byteLength(body);
    }
    const send = this.config.secure ? httpsRequest : httpRequest;
    const req = send(target, { method, agent: this.config.agent, headers }, (res: IncomingMessage) => {
      this.config.jar.store(res.headers['set-cookie'], target);
      const body = new BoundedBody();
      res.on('data', (chunk: Buffer) => {
        if (!body.push(chunk)) this.onTooLarge(method, req, body.received);
      });
      res.on('end', () => {
        // The engine asks for no compression: a body is taken as sent, within the limit.
        const read = body.read();
        if ('error' in read) return;
        done({
          status: res.statusCode ?? 0,
          body: read.bytes,
          binary: (res.headers['content-type'] ?? '').includes('application/octet-stream'),
          allowOrigin: res.headers['access-control-allow-origin'],
          // The handshake (no sid yet) is the request whose headers are worth a record.
          ...(!target.searchParams.has('sid') && {
            headers: { request: requestHeaderLines(req), response: responseHeaderLines(res) },
          }),
        });
      });
      res.on('error', (error) => this.onError(error));
    });
    req.on('error', (error) => this.onError(error, body === undefined ? undefined : byteLength(body)));
    req.end(body);
    return req;
  }

  /** A body past MAX_POLLING_BODY_BYTES: recorded, and the connection closed by us, saying so. */
  private onTooLarge(method: string, req: ClientRequest, received: number): void {
    if (this.stopped) return;
    req.destroy();
    const limit = `${MAX_POLLING_BODY_BYTES / (1024 * 1024)} MiB`;
    const message = `the server's polling ${method} response passed ${received} bytes, over the ${limit} limit; sio-inspector closed the connection`;
    this.listener.lifecycle(this, {
      event: 'transport-error',
      transport: 'polling',
      message,
      error: decodeError('BODY_TOO_LARGE', `${received} bytes and more, the limit is ${limit}`),
    });
    this.stop();
    this.listener.failed(this, { kind: 'protocol', message, why: { cause: 'too-large' } });
  }

  /** `sentBytes`: the request was a POST of that many bytes, which a server cuts when it is too large. */
  private onError(error: Error, sentBytes?: number): void {
    if (this.stopped) return;
    this.stop();
    const failure = explainNetworkError(error, new URL(this.config.origin).host);
    const cut = sentBytes !== undefined && failure.why.cause === 'lost';
    this.listener.failed(this, cut ? explainCutPost(sentBytes, this.config.maxPayload(), failure) : failure);
  }

  /** The Origin the user's headers send, as a browser page at that origin would. */
  private origin(): string | undefined {
    return this.config.headers.find(([name]) => name.toLowerCase() === 'origin')?.[1];
  }

  private url(): string {
    const params = new URLSearchParams();
    for (const [key, value] of this.config.query()) params.append(key, value);
    return `${this.config.origin}${this.config.path}?${params.toString()}`;
  }

  /** Nothing queued and no POST in flight. */
  private sent(): boolean {
    return this.posting === undefined && this.queue.length === 0;
  }

  /** Resolves when `ready` holds after some request ends, or when the transport stops. */
  private until(ready: () => boolean): Promise<void> {
    return new Promise((wake) => {
      this.waiters.push({ ready, wake });
      this.notify();
    });
  }

  private notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (this.stopped || waiter.ready()) waiter.wake();
      else this.waiters.push(waiter);
    }
  }
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

/** A raw POST body: text as given, binary as given. */
function rawBody(frame: WireFrame): string | Uint8Array {
  return 'text' in frame ? frame.text : frame.binary;
}

/** Bytes a packet takes in a v4 payload (type digit or `b`, data, separator), for maxPayload batching. */
function encodedSize(packet: EioPacketInput): number {
  const data = packet.data;
  if (data === undefined) return 2;
  if (typeof data === 'string') return utf8Length(data) + 2;
  return Math.ceil(data.length / 3) * 4 + 2;
}

function mergeCookies(
  user: string | number | string[] | undefined,
  jar: string | undefined,
): string | undefined {
  const given = user === undefined ? undefined : Array.isArray(user) ? user.join('; ') : String(user);
  if (given === undefined) return jar;
  return jar === undefined ? given : `${given}; ${jar}`;
}
