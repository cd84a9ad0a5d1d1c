// One Engine.IO session driven by hand: handshake, upgrade, heartbeat, close, raw frames and faults
// (docs/protocol.md §1). It reports every wire frame to its listener before acting on it, so the records show
// cause before effect (a ping before its pong). Socket.IO is not its business: it carries messages.
//
// Version auto-detection (no version given): ask for v4, and fall back to v3 when
// - the handshake is refused as an unsupported protocol version (engine.io code 5, python-engineio's
//   sentence): retry the handshake with EIO=3;
// - the first polling body is v3-framed (`96:0{...}`): engine.io 3 ignores EIO=4 and speaks v3 anyway,
//   so carry on in v3 on the same session;
// - on a websocket, the open packet is followed at once by a server `40`: socket.io 2 connects `/` by
//   itself (§2.5), which no v4 server does. The frames wait a moment for that evidence.
// Every switch is told to the listener with its reason, so it ends up in the records.
import { pushAll } from '../../shared/push-all';
import type { Handshake } from '../../shared/protocol/eio-packet';
import {
  decodeEioBinaryFrame,
  decodeEioText,
  parseHandshake,
  type EioDecoded,
  type EioPacketInput,
} from '../../shared/protocol/eio-packet';
import { decodePollingBinary, decodePollingText } from '../../shared/protocol/eio-payload';
import { detectEioVersion } from '../../shared/protocol/version-detect';
import type { Direction, EioVersion, Transport } from '../../shared/record';
import { createAgent, type ConnectionAgent } from './agents';
import { CookieJar } from './cookie-jar';
import { explainRefusal, isUnsupportedVersion } from './engine-errors';
import { networkFailure, type Failure } from './failure';
import { describeUserError } from '../../shared/user-error';
import { Heartbeat } from './heartbeat';
import type { ResolvedOptions } from './options';
import { PollingTransport } from './polling-transport';
import type { LifecycleInput, TransportHandle, TransportListener, WireFrame } from './transport';
import { WebSocketTransport } from './websocket-transport';

export type EioState = 'opening' | 'open' | 'closing' | 'closed';

export interface EioOpen {
  readonly handshake: Handshake;
  readonly eio: EioVersion;
  readonly transport: Transport;
}

export type UpgradeResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface EioListener {
  /** Every wire frame, in order, before the connection acts on it. */
  frame(transport: Transport, dir: Direction, frame: WireFrame): void;
  /** The Engine.IO packets of the last inbound frame have been acted on. */
  handled(): void;
  lifecycle(record: LifecycleInput): void;
  /** Auto-detection settled on a version other than the one asked for first. */
  version(eio: EioVersion, reason: string): void;
  open(open: EioOpen): void;
  upgrade(result: UpgradeResult): void;
  /** The end; `failure` says why when it was not asked for. */
  closed(reason: string, failure: Failure | undefined): void;
}

/** `4`: an Engine.IO message (docs/protocol.md §1.1). */
const MESSAGE_DIGIT = 0x34;
/** How long a websocket open packet waits for a socket.io 2 `40` when the version is unknown. */
const AUTO_DETECT_WINDOW_MS = 50;
/** engine.io's own upgradeTimeout (10 s): after that the server gives up on the probe as well. */
const PROBE_TIMEOUT_MS = 10_000;

export class EioConnection implements TransportListener {
  private stateValue: EioState = 'opening';
  private versionValue: EioVersion;
  private deciding: boolean;
  private handshakeValue: Handshake | undefined;
  private active: TransportHandle | undefined;
  private polling: PollingTransport | undefined;
  private probe: WebSocketTransport | undefined;
  /** Between `3probe` and `5`: polling is pausing and writes wait (§1.5). */
  private upgrading = false;
  private readonly buffer: EioPacketInput[] = [];
  private heartbeat: Heartbeat | undefined;
  private heartbeatEnabled: boolean;
  private pongDelayMs = 0;
  private held: { readonly from: TransportHandle; readonly frames: WireFrame[] } | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private holdTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private finishing = false;
  private requests = 0;
  private readonly jar = new CookieJar();
  private readonly agent: ConnectionAgent;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly listener: EioListener,
  ) {
    this.versionValue = options.eio ?? 4;
    this.deciding = options.eio === undefined;
    this.heartbeatEnabled = options.heartbeat;
    this.agent = createAgent(options.secure, options.insecure);
  }

  get state(): EioState {
    return this.stateValue;
  }

  get version(): EioVersion {
    return this.versionValue;
  }

  get handshake(): Handshake | undefined {
    return this.handshakeValue;
  }

  get transport(): Transport | undefined {
    return this.active?.name;
  }

  start(): void {
    if (this.connectTimer !== undefined || this.stateValue !== 'opening') return;
    const seconds = this.options.connectTimeoutMs / 1000;
    this.connectTimer = setTimeout(
      () =>
        this.fail(
          networkFailure(
            'timeout',
            `no Engine.IO handshake from ${this.options.httpOrigin}${this.options.path} within ${seconds} s`,
            'is it a Socket.IO / Engine.IO server, and is {path} right?',
          ),
        ),
      this.options.connectTimeoutMs,
    );
    this.openInitial();
  }

  /** Sends packets on the current transport, or holds them until the session can take them. */
  send(packets: readonly EioPacketInput[]): void {
    if (this.stateValue === 'closing' || this.stateValue === 'closed' || packets.length === 0) return;
    if (this.stateValue === 'opening' || this.upgrading || this.active === undefined) {
      pushAll(this.buffer, packets);
      return;
    }
    this.active.send(packets);
  }

  /** Sends one frame exactly as given on the current transport; false when there is none. */
  sendRaw(frame: WireFrame): boolean {
    if (this.active === undefined || this.stateValue === 'closed') return false;
    this.active.sendRaw(frame);
    return true;
  }

  setHeartbeat(enabled: boolean): void {
    this.heartbeatEnabled = enabled;
    this.heartbeat?.setEnabled(enabled);
  }

  setPongDelay(ms: number): void {
    this.pongDelayMs = ms;
    this.heartbeat?.setPongDelay(ms);
  }

  /** Clean close (§1.6): queued packets, then `1`, then the transport. */
  close(): Promise<void> {
    if (this.stateValue === 'closed') return Promise.resolve();
    this.closing ??= this.closeCleanly();
    return this.closing;
  }

  /** Cuts the transport with no close packet and no close frame (fault injection). */
  drop(): void {
    this.finish('transport dropped by the client (fault injection)', undefined);
  }

  // TransportListener: what the transports report.

  frame(from: TransportHandle, dir: Direction, frame: WireFrame): void {
    if (this.stateValue === 'closed' || this.finishing) return;
    if (dir === 'out') {
      this.listener.frame(from.name, 'out', frame);
      return;
    }
    if (from !== this.active && from !== this.probe) return;
    if (this.deciding && this.stateValue === 'opening') {
      if (from.name === 'polling') this.decideFromPollingBody(frame);
      else if (this.holdForDetection(from, frame)) return;
    }
    this.process(from, frame);
  }

  lifecycle(_from: TransportHandle, record: LifecycleInput): void {
    if (this.stateValue !== 'closed') this.listener.lifecycle(record);
  }

  refused(from: TransportHandle, status: number, body: string, sentBytes?: number): void {
    if (this.stateValue === 'closed') return;
    if (from === this.probe) return this.upgradeFailed(`the server answered the upgrade with HTTP ${status}`);
    if (from !== this.active) return;
    if (this.stateValue === 'opening' && this.deciding && isUnsupportedVersion(status, body)) {
      const why = `the server refused Engine.IO v4 (HTTP ${status}: ${body.trim()}); retrying with v3`;
      this.switchVersion(3, why);
      this.active = undefined;
      this.polling = undefined;
      this.openInitial();
      return;
    }
    const inSession = this.stateValue !== 'opening';
    this.fail(
      explainRefusal(status, body, {
        eio: this.versionValue,
        transport: from.name,
        path: this.options.path,
        inSession,
        ...(sentBytes !== undefined && { sentBytes }),
        ...(this.handshakeValue?.maxPayload !== undefined && { maxPayload: this.handshakeValue.maxPayload }),
      }),
    );
  }

  ended(from: TransportHandle, reason: string): void {
    if (this.stateValue === 'closed') return;
    if (from === this.probe) return this.upgradeFailed(reason);
    if (from === this.active) this.finish(reason, undefined);
  }

  failed(from: TransportHandle, failure: Failure): void {
    if (this.stateValue === 'closed') return;
    if (from === this.probe) return this.upgradeFailed(describeUserError(failure));
    if (from !== this.active) return;
    // engine.io ≥4 without allowEIO3 accepts the upgrade, then writes its HTTP 400 into the websocket.
    const refusedV3 =
      this.stateValue === 'opening' &&
      from.name === 'websocket' &&
      failure.kind === 'protocol' &&
      this.versionValue === 3;
    this.fail(
      refusedV3
        ? {
            ...failure,
            hint: 'socket.io 3/4 without allowEIO3 refuses EIO=3 this way',
            why: { cause: 'version', setting: 'eio', value: 4 },
          }
        : failure,
    );
  }

  // Inbound frames.

  private process(from: TransportHandle, frame: WireFrame): void {
    this.listener.frame(from.name, 'in', frame);
    if (this.isPlainMessage(from, frame)) this.heartbeat?.received('message', undefined);
    else
      for (const packet of this.decode(from.name, frame))
        if (!this.isClosed()) this.onPacket(from, packet, frame);
    if (!this.isClosed()) this.listener.handled();
  }

  /**
   * A websocket text message on the open session: the bulk of any busy connection, and nothing for
   * this layer to do but note the sign of life, so it skips decoding a second time (the records have it).
   */
  private isPlainMessage(from: TransportHandle, frame: WireFrame): boolean {
    return (
      from === this.active &&
      from.name === 'websocket' &&
      this.stateValue === 'open' &&
      'text' in frame &&
      frame.text.charCodeAt(0) === MESSAGE_DIGIT
    );
  }

  private decode(transport: Transport, frame: WireFrame): EioDecoded[] {
    const version = this.versionValue;
    if (transport === 'websocket')
      return [
        'text' in frame ? decodeEioText(frame.text, version) : decodeEioBinaryFrame(frame.binary, version),
      ];
    return 'text' in frame
      ? decodePollingText(frame.text, version)
      : decodePollingBinary(frame.binary, version);
  }

  private onPacket(from: TransportHandle, packet: EioDecoded, frame: WireFrame): void {
    if (this.stateValue === 'opening') return this.onFirstPacket(from, packet, frame);
    if (packet.type === 'error') return;
    if (from === this.probe) {
      if (packet.type === 'pong' && packet.data === 'probe') void this.completeUpgrade();
      return;
    }
    this.heartbeat?.received(packet.type, packet.data);
    if (packet.type === 'close') void this.closeByServer(from);
  }

  private onFirstPacket(from: TransportHandle, packet: EioDecoded, frame: WireFrame): void {
    const notEngineIo = (message: string): Failure =>
      this.otherVersion(from, frame) ?? {
        kind: 'protocol',
        message,
        hint: 'is it a Socket.IO / Engine.IO server, and is {path} right?',
        why: { cause: 'not-engine-io', setting: 'path' },
      };
    if (packet.type === 'error')
      return this.fail(notEngineIo(`the server's first answer is not Engine.IO: ${packet.error.message}`));
    if (packet.type !== 'open')
      return this.fail(notEngineIo(`expected the Engine.IO open packet first, got ${packet.type}`));
    const parsed = parseHandshake(typeof packet.data === 'string' ? packet.data : '');
    if ('error' in parsed) return this.fail(notEngineIo(parsed.error.message));
    const handshake = parsed.handshake;
    this.handshakeValue = handshake;
    this.stateValue = 'open';
    clearTimeout(this.connectTimer);
    this.heartbeat = new Heartbeat(this.versionValue, handshake, this.heartbeatEnabled, {
      send: (p) => this.send([p]),
      dead: (failure) => this.fail(failure),
    });
    this.heartbeat.setPongDelay(this.pongDelayMs);
    this.heartbeat.start();
    this.listener.open({ handshake, eio: this.versionValue, transport: from.name });
    this.flush();
    this.maybeUpgrade(from, handshake);
  }

  /**
   * A first answer that is not Engine.IO in the version asked for, but well-formed in the other one: the
   * version was forced wrong (socket.io 2 answers `--eio 4` in v3 framing), not the path.
   */
  private otherVersion(from: TransportHandle, frame: WireFrame): Failure | undefined {
    const spoken = detectEioVersion([{ dir: 'in', transport: from.name, ...frame }]);
    if (spoken === undefined || spoken === this.versionValue) return undefined;
    return {
      kind: 'protocol',
      message: `the server speaks Engine.IO ${spoken}, not ${this.versionValue}: its first answer is framed as Engine.IO ${spoken}`,
      why: { cause: 'version', setting: 'eio', value: spoken },
    };
  }

  // Version auto-detection.

  private decideFromPollingBody(frame: WireFrame): void {
    this.deciding = false;
    if (detectEioVersion([{ dir: 'in', transport: 'polling', ...frame }]) === 3)
      this.switchVersion(
        3,
        'the server answered the EIO=4 handshake in Engine.IO v3 framing (a v3-only server such as socket.io 2 ignores EIO); continuing as v3',
      );
  }

  /** Holds websocket frames until the version shows; true while the frame is held. */
  private holdForDetection(from: TransportHandle, frame: WireFrame): boolean {
    if (this.held === undefined) {
      this.held = { from, frames: [frame] };
      this.holdTimer = setTimeout(() => this.releaseHeld(false), AUTO_DETECT_WINDOW_MS);
      return true;
    }
    this.held.frames.push(frame);
    clearTimeout(this.holdTimer);
    const frames = this.held.frames.map((f) => ({
      dir: 'in' as const,
      transport: 'websocket' as const,
      ...f,
    }));
    this.releaseHeld(detectEioVersion(frames) === 3);
    return true;
  }

  private releaseHeld(v3: boolean): void {
    const held = this.held;
    this.held = undefined;
    this.deciding = false;
    if (held === undefined || this.stateValue === 'closed') return;
    if (v3)
      this.switchVersion(
        3,
        'the server connected namespace "/" unasked right after the open packet, as socket.io 2 does over Engine.IO v3 whatever EIO says; continuing as v3',
      );
    for (const frame of held.frames) if (!this.isClosed()) this.process(held.from, frame);
  }

  private switchVersion(eio: EioVersion, reason: string): void {
    this.deciding = false;
    this.versionValue = eio;
    this.listener.version(eio, reason);
  }

  // Transports.

  private openInitial(): void {
    if (this.options.transports.includes('polling')) {
      const polling = this.newPolling();
      this.polling = polling;
      this.active = polling;
      polling.poll();
    } else {
      this.active = this.newWebSocket();
    }
  }

  private newPolling(): PollingTransport {
    const { httpOrigin, path, secure, headers } = this.options;
    return new PollingTransport(
      {
        origin: httpOrigin,
        path,
        secure,
        headers,
        jar: this.jar,
        agent: this.agent,
        version: () => this.versionValue,
        query: () => this.query('polling'),
        maxPayload: () => this.handshakeValue?.maxPayload,
      },
      this,
    );
  }

  private newWebSocket(): WebSocketTransport {
    const params = new URLSearchParams();
    for (const [key, value] of this.query('websocket')) params.append(key, value);
    return new WebSocketTransport(
      {
        url: `${this.options.wsOrigin}${this.options.path}?${params.toString()}`,
        version: () => this.versionValue,
        headers: this.options.headers,
        jar: this.jar,
        insecure: this.options.insecure,
        deflate: this.options.deflate,
        maxPayload: () => this.handshakeValue?.maxPayload,
        onOpen: (ws) => {
          // §1.5 step 3: the probe goes first on the new transport.
          if (ws === this.probe) ws.send([{ type: 'ping', data: 'probe' }]);
        },
      },
      this,
    );
  }

  /** The user's query, then EIO, transport, sid once known, and polling's cache buster `t` (§1.2). */
  private query(transport: Transport): (readonly [string, string])[] {
    const pairs: (readonly [string, string])[] = [
      ...this.options.query,
      ['EIO', String(this.versionValue)],
      ['transport', transport],
    ];
    if (this.handshakeValue !== undefined) pairs.push(['sid', this.handshakeValue.sid]);
    if (transport === 'polling')
      pairs.push(['t', `${Date.now().toString(36)}${(this.requests++).toString(36)}`]);
    return pairs;
  }

  // Upgrade (§1.5).

  private maybeUpgrade(from: TransportHandle, handshake: Handshake): void {
    const { upgrade, transports } = this.options;
    if (from.name !== 'polling' || !upgrade || !transports.includes('websocket')) return;
    if (!handshake.upgrades.includes('websocket')) return;
    this.probe = this.newWebSocket();
    this.probeTimer = setTimeout(
      () => this.upgradeFailed(`no 3probe within ${PROBE_TIMEOUT_MS / 1000} s`),
      PROBE_TIMEOUT_MS,
    );
  }

  private async completeUpgrade(): Promise<void> {
    const polling = this.polling;
    if (this.upgrading || polling === undefined) return;
    clearTimeout(this.probeTimer);
    this.upgrading = true;
    await polling.pause();
    const ws = this.probe;
    if (this.stateValue !== 'open' || ws === undefined || !ws.isOpen) return;
    this.probe = undefined;
    ws.send([{ type: 'upgrade' }]);
    this.active = ws;
    this.upgrading = false;
    void polling.close();
    this.polling = undefined;
    this.listener.upgrade({ ok: true });
    this.flush();
  }

  private upgradeFailed(reason: string): void {
    const ws = this.probe;
    if (ws === undefined) return;
    this.probe = undefined;
    clearTimeout(this.probeTimer);
    ws.drop();
    this.listener.lifecycle({
      event: 'transport-error',
      transport: 'websocket',
      message: `upgrade to websocket failed: ${reason}; staying on polling`,
    });
    if (this.upgrading) {
      this.upgrading = false;
      this.polling?.resume();
    }
    this.listener.upgrade({ ok: false, reason });
    this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0 || this.active === undefined) return;
    if (this.stateValue !== 'open' || this.upgrading) return;
    this.active.send(this.buffer.splice(0));
  }

  // The end.

  private async closeCleanly(): Promise<void> {
    if (this.stateValue === 'opening')
      return this.finish('closed by the client before the handshake', undefined);
    this.stateValue = 'closing';
    this.heartbeat?.stop();
    this.probe?.drop();
    this.probe = undefined;
    const transport = this.active;
    if (transport !== undefined) {
      transport.send([...this.buffer.splice(0), { type: 'close' }]);
      await transport.close();
    }
    this.finish('closed by the client', undefined);
  }

  /** A close packet (§1.6): the session is over; let the transport go gracefully, not cut. */
  private async closeByServer(from: TransportHandle): Promise<void> {
    if (this.stateValue !== 'open') return;
    this.stateValue = 'closing';
    this.heartbeat?.stop();
    this.probe?.drop();
    this.probe = undefined;
    await from.close();
    this.finish('the server closed the session', undefined);
  }

  /** A method, not a field test: a callback may have closed the connection since the last check. */
  private isClosed(): boolean {
    return this.stateValue === 'closed' || this.finishing;
  }

  private fail(failure: Failure): void {
    this.finish(failure.message, failure);
  }

  private finish(reason: string, failure: Failure | undefined): void {
    if (this.finishing) return;
    this.finishing = true;
    clearTimeout(this.connectTimer);
    clearTimeout(this.holdTimer);
    clearTimeout(this.probeTimer);
    this.heartbeat?.stop();
    // Dropping still records (a websocket's ws-close), so the state turns closed only afterwards.
    for (const transport of new Set([this.active, this.probe, this.polling])) transport?.drop();
    this.stateValue = 'closed';
    this.agent.destroy();
    this.listener.closed(reason, failure);
  }
}
