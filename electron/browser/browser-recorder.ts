// Records the Engine.IO traffic of every page, frame and worker of a browser over DevTools: it attaches
// to each target as it appears (flat sessions, paused until its Network domain is on, so no early
// request is missed), turns the Network events into frames (engine-io-traffic.ts) and decodes them
// with the same SessionDecoder as a capture, so the records are a capture's records.
import { performance } from 'node:perf_hooks';
import type { Protocol } from 'devtools-protocol';
import { SessionDecoder } from '../../shared/protocol/session-decoder';
import type { LifecycleRecord, SessionRecord } from '../../shared/record';
import { isLifecycle } from '../../shared/record';
import type { CdpClient } from './cdp-client';
import { EngineIoTraffic, type Body } from './engine-io-traffic';

export interface PageInfo {
  readonly url: string;
  readonly title: string;
}

export interface BrowserRecorderOptions {
  /** Which tabs to record (attach --tab); absent → every tab. Frames and workers follow their tab. */
  readonly pages?: (page: PageInfo) => boolean;
  /** One batch per DevTools event that made records, in the order the browser reported them. */
  readonly onRecords: (batch: readonly SessionRecord[]) => void;
}

/** Targets whose requests are a page's: the page, its out-of-process iframes and its workers. */
const RECORDED_TARGETS = new Set(['page', 'iframe', 'worker', 'shared_worker']);
/** Request bodies up to this size come inside requestWillBeSent; larger ones are asked for. */
const INLINE_POST_DATA_BYTES = 64 * 1024;

interface Attached {
  readonly parent: string | undefined;
  readonly type: string;
}

export class BrowserRecorder {
  private readonly decoder = new SessionDecoder();
  private readonly traffic: EngineIoTraffic;
  private readonly sessions = new Map<string, Attached>();
  /** Connections with frames: the decoder may hold their records until it knows their version. */
  private readonly framed = new Set<string>();
  /** Connections that ended on the wire (a close packet, a closed WebSocket, a closed record). */
  private readonly ended = new Set<string>();
  private readonly started = performance.now();
  /** DevTools' clock (seconds) minus ours (ms since start), fixed by the first timestamped event. */
  private offset: number | undefined;
  private lastT = 0;
  private queue: Promise<void> = Promise.resolve();
  private stopping = false;

  private constructor(
    private readonly client: CdpClient,
    private readonly options: BrowserRecorderOptions,
  ) {
    this.traffic = new EngineIoTraffic(
      {
        frame: (frame) => {
          this.framed.add(frame.conn);
          this.decode((out) => this.decoder.push(frame, out));
        },
        lifecycle: (record) => this.lifecycle(record),
      },
      {
        requestBody: (target, requestId) =>
          this.body(client.send('Network.getRequestPostData', { requestId }, target), (r) => ({
            body: r.postData,
            base64Encoded: r.base64Encoded === true,
          })),
        responseBody: (target, requestId) =>
          this.body(client.send('Network.getResponseBody', { requestId }, target), (r) => r),
      },
      (timestamp) => this.time(timestamp),
    );
  }

  /** Starts following every target; resolves once the ones already open are being recorded. */
  static async start(client: CdpClient, options: BrowserRecorderOptions): Promise<BrowserRecorder> {
    const recorder = new BrowserRecorder(client, options);
    recorder.listen();
    await client.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: true,
      flatten: true,
    });
    return recorder;
  }

  /** Top-level tabs being recorded. */
  get pages(): number {
    let count = 0;
    for (const attached of this.sessions.values()) if (attached.parent === undefined) count++;
    return count;
  }

  /**
   * Stops following targets and detaches from them (the browser and its pages go on), then flushes what
   * the decoder still holds. `reason`, when given, closes the connections still open: why they end here.
   */
  async stop(reason?: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (!this.client.isClosed) {
      await this.client
        .send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false })
        .catch(ignore);
      const tops = [...this.sessions].filter(([, a]) => a.parent === undefined).map(([id]) => id);
      await Promise.all(
        tops.map((sessionId) => this.client.send('Target.detachFromTarget', { sessionId }).catch(ignore)),
      );
    }
    await this.queue;
    if (reason !== undefined) {
      for (const conn of this.framed) if (!this.ended.has(conn)) this.closed(conn, reason);
    }
    this.decode((out) => this.decoder.end(out));
  }

  private listen(): void {
    const { client } = this;
    client.on('Target.attachedToTarget', (event, parent) => void this.attached(event, parent).catch(ignore));
    client.on('Target.detachedFromTarget', (event) => {
      const sessionId = event.sessionId;
      if (typeof sessionId !== 'string' || !this.sessions.delete(sessionId) || this.stopping) return;
      this.enqueue(sessionId, () => this.leave(sessionId, true, 'the page or frame that held it was closed'));
    });
    client.on('Page.frameNavigated', (event, sessionId) => {
      if (sessionId === undefined || event.frame.parentId !== undefined) return;
      if (this.sessions.get(sessionId)?.type !== 'page') return;
      this.enqueue(sessionId, () =>
        this.leave(sessionId, false, 'the page navigated away (reloaded or left)'),
      );
    });
    const on = <E extends Parameters<CdpClient['on']>[0]>(
      event: E,
      handle: (target: string, params: Parameters<Parameters<CdpClient['on']>[1]>[0]) => void | Promise<void>,
    ): void =>
      client.on(event, (params, sessionId) => {
        if (sessionId !== undefined) this.enqueue(sessionId, () => handle(sessionId, params));
      });
    const t = this.traffic;
    on('Network.requestWillBeSent', (s, p) =>
      t.requestWillBeSent(s, p as Protocol.Network.RequestWillBeSentEvent),
    );
    on('Network.responseReceived', (s, p) =>
      t.responseReceived(s, p as Protocol.Network.ResponseReceivedEvent),
    );
    on('Network.loadingFinished', (s, p) => t.loadingFinished(s, p as Protocol.Network.LoadingFinishedEvent));
    on('Network.loadingFailed', (s, p) => t.loadingFailed(s, p as Protocol.Network.LoadingFailedEvent));
    on('Network.webSocketCreated', (s, p) =>
      t.webSocketCreated(s, p as Protocol.Network.WebSocketCreatedEvent),
    );
    on('Network.webSocketWillSendHandshakeRequest', (s, p) =>
      t.webSocketWillSendHandshakeRequest(s, p as Protocol.Network.WebSocketWillSendHandshakeRequestEvent),
    );
    on('Network.webSocketHandshakeResponseReceived', (s, p) =>
      t.webSocketHandshakeResponseReceived(s, p as Protocol.Network.WebSocketHandshakeResponseReceivedEvent),
    );
    on('Network.webSocketFrameSent', (s, p) =>
      t.webSocketFrame(s, 'out', p as Protocol.Network.WebSocketFrameSentEvent),
    );
    on('Network.webSocketFrameReceived', (s, p) =>
      t.webSocketFrame(s, 'in', p as Protocol.Network.WebSocketFrameReceivedEvent),
    );
    on('Network.webSocketFrameError', (s, p) =>
      t.webSocketFrameError(s, p as Protocol.Network.WebSocketFrameErrorEvent),
    );
    on('Network.webSocketClosed', (s, p) => t.webSocketClosed(s, p as Protocol.Network.WebSocketClosedEvent));
  }

  private async attached(
    event: Protocol.Target.AttachedToTargetEvent,
    parent: string | undefined,
  ): Promise<void> {
    const { sessionId, targetInfo, waitingForDebugger } = event;
    const send = this.client.send.bind(this.client);
    const isTab = parent === undefined && targetInfo.type === 'page';
    const wanted =
      !this.stopping &&
      RECORDED_TARGETS.has(targetInfo.type) &&
      (!isTab ||
        this.options.pages === undefined ||
        this.options.pages({ url: targetInfo.url, title: targetInfo.title }));
    if (!wanted) {
      if (waitingForDebugger)
        await send('Runtime.runIfWaitingForDebugger', undefined, sessionId).catch(ignore);
      await send('Target.detachFromTarget', { sessionId }, parent).catch(ignore);
      return;
    }
    this.sessions.set(sessionId, { parent, type: targetInfo.type });
    // A target may refuse a domain (a worker has no Page); what it accepts is still recorded.
    await Promise.all([
      send('Network.enable', { maxPostDataSize: INLINE_POST_DATA_BYTES }, sessionId).catch(ignore),
      targetInfo.type === 'page' ? send('Page.enable', undefined, sessionId).catch(ignore) : undefined,
      send(
        'Target.setAutoAttach',
        { autoAttach: true, waitForDebuggerOnStart: true, flatten: true },
        sessionId,
      ).catch(ignore),
    ]);
    if (waitingForDebugger) await send('Runtime.runIfWaitingForDebugger', undefined, sessionId).catch(ignore);
  }

  /** Runs DevTools events one at a time, in arrival order, even those that must ask for a body first. */
  private enqueue(target: string, handle: () => void | Promise<void>): void {
    this.queue = this.queue.then(handle).catch(() => {
      // A malformed event from the browser is dropped; the recording goes on with the next one.
      void target;
    });
  }

  private leave(target: string, gone: boolean, reason: string): void {
    for (const conn of this.traffic.leave(target, gone)) if (!this.ended.has(conn)) this.closed(conn, reason);
  }

  private closed(conn: string, reason: string): void {
    this.lifecycle({ t: this.time(undefined), conn, event: 'closed', reason });
  }

  private lifecycle(record: LifecycleRecord): void {
    // A connection with no frame yet has nothing waiting ahead of its lifecycle records: out at once.
    if (!this.framed.has(record.conn)) this.deliver([record]);
    else this.decode((out) => this.decoder.pushLifecycle(record, out));
  }

  private decode(run: (out: SessionRecord[]) => void): void {
    const out: SessionRecord[] = [];
    run(out);
    this.deliver(out);
  }

  private deliver(batch: SessionRecord[]): void {
    if (batch.length === 0) return;
    for (const record of batch) {
      if (
        isLifecycle(record)
          ? record.event === 'ws-close' || record.event === 'closed'
          : record.eio?.type === 'close'
      )
        this.ended.add(record.conn);
    }
    this.options.onRecords(batch);
  }

  private time(timestamp: number | undefined): number {
    const now = performance.now() - this.started;
    let t = now;
    if (timestamp !== undefined && Number.isFinite(timestamp)) {
      this.offset ??= timestamp * 1000 - now;
      t = timestamp * 1000 - this.offset;
    }
    this.lastT = Math.max(this.lastT, Math.round(t * 1000) / 1000);
    return this.lastT;
  }

  private async body<R>(request: Promise<R>, toBody: (result: R) => Body): Promise<Body | undefined> {
    try {
      return toBody(await request);
    } catch {
      return undefined;
    }
  }
}

function ignore(): void {}
