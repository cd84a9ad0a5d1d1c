// The heartbeat as each version wants it (docs/protocol.md §1.4), with the faults an inspector needs.
// v4: the server pings every pingInterval and we answer `3`; no ping within pingInterval + pingTimeout
//     means the server is gone (engine.io-client 6 resets that timer on each ping).
// v3: we ping every pingInterval once the previous pong came; after a ping the server has pingTimeout to
//     show life, and any packet counts as life (engine.io-client 3's onHeartbeat).
// Faults: `enabled = false` stops answering pings (v4) or stops pinging (v3, which also stops our own
// deadline so that it is the server who decides to drop us); `pongDelayMs` holds every pong back.
// Our own lateness: when the deadline timer runs late, this process was busy (a backlog of frames, a
// long task) and the server's packet may be waiting unread. Such a packet is read before the verdict,
// and a connection that is still given up says that the inspector, not the server, may be the cause.
import type { EioPacketInput } from '../../shared/protocol/eio-packet';
import type { EioPacketType, EioVersion } from '../../shared/record';
import { networkFailure, type Failure } from './failure';

export interface HeartbeatTiming {
  readonly pingInterval: number;
  readonly pingTimeout: number;
}

export interface HeartbeatActions {
  send(packet: EioPacketInput): void;
  dead(failure: Failure): void;
}

/**
 * How late the deadline timer may run before the inspector counts as having fallen behind: a busy but
 * healthy Node process runs its timers within milliseconds, a loaded machine within tens of them.
 */
export const BEHIND_MS = 250;

export class Heartbeat {
  private enabled: boolean;
  private pongDelayMs = 0;
  private stopped = false;
  /** performance.now() by which the server must show life. */
  private deadline = 0;
  private deadlineTimer: NodeJS.Timeout | undefined;
  /** performance.now() at which the deadline timer is due to run. */
  private timerDue = 0;
  private verdict: NodeJS.Immediate | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private readonly delayedPongs = new Set<NodeJS.Timeout>();

  constructor(
    private readonly version: EioVersion,
    private readonly timing: HeartbeatTiming,
    enabled: boolean,
    private readonly actions: HeartbeatActions,
  ) {
    this.enabled = enabled;
  }

  start(): void {
    this.expectLifeWithin(this.timing.pingInterval + this.timing.pingTimeout);
    if (this.version === 3) this.schedulePing();
  }

  /** Every packet the server sent on the active transport. */
  received(type: EioPacketType, data: string | Uint8Array | undefined): void {
    if (this.stopped) return;
    if (this.version === 3) {
      // Plain field writes: this runs for every packet of a busy connection.
      this.deadline = performance.now() + this.timing.pingInterval + this.timing.pingTimeout;
      if (type === 'pong' && data !== 'probe') this.schedulePing();
      return;
    }
    if (type !== 'ping' || data === 'probe') return;
    this.expectLifeWithin(this.timing.pingInterval + this.timing.pingTimeout);
    if (this.enabled) this.pong(data);
  }

  setEnabled(enabled: boolean): void {
    if (this.enabled === enabled) return;
    this.enabled = enabled;
    if (this.version !== 3 || this.stopped) return;
    if (enabled) {
      this.expectLifeWithin(this.timing.pingInterval + this.timing.pingTimeout);
      this.schedulePing();
    } else {
      clearTimeout(this.pingTimer);
      clearTimeout(this.deadlineTimer);
    }
  }

  setPongDelay(ms: number): void {
    this.pongDelayMs = Math.max(0, ms);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.deadlineTimer);
    clearTimeout(this.pingTimer);
    clearImmediate(this.verdict);
    for (const timer of this.delayedPongs) clearTimeout(timer);
    this.delayedPongs.clear();
  }

  private pong(data: string | Uint8Array | undefined): void {
    const packet: EioPacketInput = data === undefined ? { type: 'pong' } : { type: 'pong', data };
    if (this.pongDelayMs === 0) return this.actions.send(packet);
    const timer = setTimeout(() => {
      this.delayedPongs.delete(timer);
      if (!this.stopped) this.actions.send(packet);
    }, this.pongDelayMs);
    this.delayedPongs.add(timer);
  }

  private schedulePing(): void {
    clearTimeout(this.pingTimer);
    if (!this.enabled || this.stopped) return;
    this.pingTimer = setTimeout(() => {
      if (this.stopped || !this.enabled) return;
      this.actions.send({ type: 'ping' });
      this.expectLifeWithin(this.timing.pingTimeout);
    }, this.timing.pingInterval);
  }

  private expectLifeWithin(ms: number): void {
    this.deadline = performance.now() + ms;
    this.armDeadlineTimer(ms);
  }

  private armDeadlineTimer(ms: number): void {
    clearTimeout(this.deadlineTimer);
    this.timerDue = performance.now() + ms;
    this.deadlineTimer = setTimeout(() => this.checkDeadline(), ms);
  }

  /** v3 moves the deadline without touching the timer; the timer then sleeps again for the rest. */
  private checkDeadline(): void {
    if (this.stopped || (this.version === 3 && !this.enabled)) return;
    const now = performance.now();
    const left = this.deadline - now;
    if (left > 0) {
      this.armDeadlineTimer(left);
      return;
    }
    const behindMs = now - this.timerDue;
    // Timers run before the event loop reads its sockets: after a stall, what the server sent meanwhile
    // is read first (setImmediate runs after that poll), and may show it alive.
    this.verdict = setImmediate(() => {
      this.verdict = undefined;
      if (this.stopped || (this.version === 3 && !this.enabled)) return;
      const left = this.deadline - performance.now();
      if (left > 0) return this.armDeadlineTimer(left);
      this.stopped = true;
      this.actions.dead(this.deadFailure(behindMs));
    });
  }

  /** `behindMs`: how late this process ran the deadline timer. */
  private deadFailure(behindMs: number): Failure {
    const { pingInterval, pingTimeout } = this.timing;
    const missing =
      this.version === 4
        ? `ping from the server for ${pingInterval + pingTimeout} ms (pingInterval ${pingInterval} + pingTimeout ${pingTimeout})`
        : `pong from the server within pingTimeout (${pingTimeout} ms)`;
    if (behindMs < BEHIND_MS)
      return networkFailure('lost', `no ${missing}`, 'the server or the network stopped answering');
    return networkFailure(
      'lost',
      `no ${missing} was read: sio-inspector itself was ${Math.round(behindMs)} ms behind`,
      "sio-inspector's own work (a backlog of frames, a long task) held up reading the connection, so the server's packet may have been waiting unread: the inspector, not the server or the network, may have ended this connection",
    );
  }
}
