// The websocket transport over `ws` (docs/protocol.md §1.2): one Engine.IO packet per message, text frames
// `<type><data>`, binary frames raw (v4) or led by the type byte (v3). The upgrade request carries the
// connection's headers and cookies; a refused upgrade reports its status and body, which engine.io fills
// with the error's name (§1.2, "engine.io error body").
import type { ClientRequest, IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { MAX_FRAME_BYTES, MAX_REFUSAL_BODY_BYTES } from '../../shared/limits';
import { decodeError } from '../../shared/protocol/errors';
import { encodeEioFrame, type EioPacketInput } from '../../shared/protocol/eio-packet';
import type { EioVersion } from '../../shared/record';
import type { CookieJar } from './cookie-jar';
import { payloadTooLarge } from './engine-errors';
import { requestHeaderLines, responseHeaderLines } from './header-lines';
import { explainNetworkError, networkFailure } from './failure';
import { frameOf, type TransportHandle, type TransportListener, type WireFrame } from './transport';

export interface WebSocketConfig {
  readonly url: string;
  readonly version: () => EioVersion;
  readonly headers: readonly (readonly [string, string])[];
  readonly jar: CookieJar;
  readonly insecure: boolean;
  /** Offer permessage-deflate. */
  readonly deflate: boolean;
  /** The handshake's maxPayload, to say why a server closes with 1009. */
  readonly maxPayload: () => number | undefined;
  /** Connected at last: the upgrade answered 101. */
  readonly onOpen: (from: WebSocketTransport) => void;
}

/** RFC 6455 §7.4.1 status codes, in words. */
const CLOSE_CODES: Readonly<Record<number, string>> = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status',
  1006: 'abnormal closure',
  1007: 'invalid payload data',
  1008: 'policy violation',
  1009: 'message too big',
  1010: 'extension required',
  1011: 'internal error',
};

/** How long a clean close may wait for the server's close frame before the socket is cut. */
const CLOSE_GRACE_MS = 2_000;

export class WebSocketTransport implements TransportHandle {
  readonly name = 'websocket';
  private readonly ws: WebSocket;
  /** Error or refusal reported: later events add nothing. */
  private settled = false;
  private closedByUs = false;
  private opened = false;
  private closeRecorded = false;
  private extensions = '';
  private request: ClientRequest | undefined;
  /** The upgrade's request and response headers, for the ws-open record. */
  private headers: { requestHeaders: string[]; responseHeaders: string[] } | undefined;
  /** Bytes of the largest message sent: the one a server closing with 1009 refused, most likely. */
  private largestSent = 0;
  private readonly closed: Promise<void>;

  constructor(
    private readonly config: WebSocketConfig,
    private readonly listener: TransportListener,
  ) {
    const target = new URL(config.url);
    const headers: Record<string, string> = {};
    for (const [name, value] of config.headers) headers[name] = value;
    const jarCookie = config.jar.header(target);
    if (jarCookie !== undefined)
      headers['Cookie'] = [headers['Cookie'] ?? headers['cookie'], jarCookie].filter(Boolean).join('; ');
    const started = performance.now();
    this.ws = new WebSocket(config.url, {
      headers,
      rejectUnauthorized: !config.insecure,
      // engine.io-client's default in Node (`perMessageDeflate: {threshold: 1024}`); what the server
      // accepted goes into the ws-open record. Frames are recorded as messages, decompressed.
      perMessageDeflate: config.deflate ? { threshold: 1024 } : false,
      handshakeTimeout: 20_000,
      maxPayload: MAX_FRAME_BYTES,
      // The one way `ws` shows the request it sends: its headers, complete, go into the ws-open record.
      finishRequest: (req: ClientRequest) => {
        this.request = req;
        req.end();
      },
    });
    this.closed = new Promise((resolve) => this.ws.once('close', () => resolve()));
    this.ws.on('upgrade', (res: IncomingMessage) => {
      config.jar.store(res.headers['set-cookie'], target);
      // `ws` keeps only the names; the record keeps what the server answered.
      this.extensions = res.headers['sec-websocket-extensions'] ?? '';
      this.headers = {
        requestHeaders: this.request === undefined ? [] : requestHeaderLines(this.request),
        responseHeaders: responseHeaderLines(res),
      };
    });
    this.ws.on('unexpected-response', (req: ClientRequest, res: IncomingMessage) => this.onRefused(req, res));
    this.ws.on('open', () => {
      this.opened = true;
      const ms = Math.round((performance.now() - started) * 10) / 10;
      this.listener.lifecycle(this, {
        event: 'ws-open',
        transport: 'websocket',
        url: config.url,
        ms,
        extensions: this.extensions,
        ...this.headers,
      });
      config.onOpen(this);
    });
    this.ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.settled) return;
      this.listener.frame(this, 'in', isBinary ? { binary: data } : { text: data.toString('utf8') });
    });
    this.ws.on('error', (error: Error) => {
      if (this.settled || this.closedByUs) return;
      this.settled = true;
      if ((error as NodeJS.ErrnoException).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
        return this.onTooLarge();
      this.listener.failed(this, explainNetworkError(error, target.host));
    });
    this.ws.on('close', (code: number, reason: Buffer) => this.onClose(code, reason.toString('utf8')));
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(packets: readonly EioPacketInput[]): void {
    for (const packet of packets) this.sendRaw(frameOf(encodeEioFrame(packet, this.config.version())));
  }

  sendRaw(frame: WireFrame): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.listener.frame(this, 'out', frame);
    const bytes = 'text' in frame ? Buffer.byteLength(frame.text) : frame.binary.length;
    this.largestSent = Math.max(this.largestSent, bytes);
    this.ws.send('text' in frame ? frame.text : frame.binary);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.closedByUs = true;
    if (this.ws.readyState === WebSocket.CONNECTING) {
      this.settled = true;
      this.ws.terminate();
      return;
    }
    this.ws.close(1000);
    const grace = setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS);
    await this.closed;
    clearTimeout(grace);
  }

  /** Cuts the socket without a close frame; the ws-close is recorded now, as 1006 (abnormal closure). */
  drop(): void {
    if (this.opened && !this.closeRecorded && this.ws.readyState !== WebSocket.CLOSED)
      this.recordClose(1006, 'dropped by the client');
    this.closedByUs = true;
    this.settled = true;
    this.ws.terminate();
  }

  private onClose(code: number, reason: string): void {
    const reported = this.settled;
    this.settled = true;
    // A websocket that never opened has nothing to close: its error or refusal was reported already.
    if (!this.opened || this.closeRecorded) return;
    this.recordClose(code, reason);
    if (this.closedByUs || reported) return;
    const meaning = CLOSE_CODES[code];
    const described = `code ${code}${meaning === undefined ? '' : ` ${meaning}`}${reason === '' ? '' : `, "${reason}"`}`;
    const message = `the server closed the websocket (${described})`;
    // 1000 and 1005 (no status) are how engine.io ends a websocket session: a deliberate close.
    if (code === 1000 || code === 1005) return this.listener.ended(this, message);
    // 1009: the server refused a message over its maxHttpBufferSize (ws' maxPayload on the server).
    if (code === 1009)
      return this.listener.failed(
        this,
        payloadTooLarge(
          `${message}: the largest message sent was ${this.largestSent} bytes`,
          this.config.maxPayload(),
        ),
      );
    this.listener.failed(
      this,
      networkFailure(
        'lost',
        message,
        code === 1006
          ? 'the connection was cut without a close frame: the server crashed or the network failed'
          : undefined,
      ),
    );
  }

  /** ws refused a frame past MAX_FRAME_BYTES and closes with 1009: recorded as ours, not the server's. */
  private onTooLarge(): void {
    const limit = `${MAX_FRAME_BYTES / (1024 * 1024)} MiB`;
    const message = `the server sent a WebSocket frame over the ${limit} limit; sio-inspector closed the connection (1009)`;
    this.listener.lifecycle(this, {
      event: 'transport-error',
      transport: 'websocket',
      message,
      error: decodeError('FRAME_TOO_LARGE', `the limit is ${limit}`),
    });
    this.listener.failed(this, { kind: 'protocol', message, why: { cause: 'too-large' } });
  }

  private recordClose(code: number, reason: string): void {
    this.closeRecorded = true;
    this.listener.lifecycle(this, { event: 'ws-close', transport: 'websocket', code, reason });
  }

  private onRefused(req: ClientRequest, res: IncomingMessage): void {
    this.settled = true;
    const chunks: Buffer[] = [];
    let kept = 0;
    res.on('data', (chunk: Buffer) => {
      // The start says why (an error name or sentence); a refusal that goes on is not read further.
      chunks.push(chunk.subarray(0, MAX_REFUSAL_BODY_BYTES - kept));
      kept += chunk.length;
      if (kept >= MAX_REFUSAL_BODY_BYTES) res.destroy();
    });
    let reported = false;
    const report = (): void => {
      if (reported) return;
      reported = true;
      req.destroy();
      this.listener.lifecycle(this, {
        event: 'http-request',
        transport: 'websocket',
        method: 'GET',
        url: this.config.url,
        status: res.statusCode ?? 0,
        requestHeaders: requestHeaderLines(req),
        responseHeaders: responseHeaderLines(res),
      });
      this.listener.refused(this, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
    };
    res.on('end', report);
    res.on('close', report);
  }
}
