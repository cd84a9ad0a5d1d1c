// The heartbeat as each version wants it (docs/protocol.md §1.4), with the faults an inspector needs.
// v4: the server pings every pingInterval and we answer `3`; no ping within pingInterval + pingTimeout
//     means the server is gone (engine.io-client 6 resets that timer on each ping).
// v3: we ping every pingInterval once the previous pong came; after a ping the server has pingTimeout to
//     show life, and any packet counts as life (engine.io-client 3's onHeartbeat).
// Faults: `enabled = false` stops answering pings (v4) or stops pinging (v3, which also stops our own
// deadline so that it is the server who decides to drop us); `pongDelayMs` holds every pong back.
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

export class Heartbeat {
  private enabled: boolean;
  private pongDelayMs = 0;
  private stopped = false;
  /** performance.now() by which the server must show life. */
  private deadline = 0;
  private deadlineTimer: NodeJS.Timeout | undefined;
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
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = setTimeout(() => this.checkDeadline(), ms);
  }

  /** v3 moves the deadline without touching the timer; the timer then sleeps again for the rest. */
  private checkDeadline(): void {
    if (this.stopped || (this.version === 3 && !this.enabled)) return;
    const left = this.deadline - performance.now();
    if (left > 0) {
      this.deadlineTimer = setTimeout(() => this.checkDeadline(), left);
      return;
    }
    this.stopped = true;
    this.actions.dead(this.deadFailure());
  }

  private deadFailure(): Failure {
    const { pingInterval, pingTimeout } = this.timing;
    const hint = 'the server or the network stopped answering';
    if (this.version === 4)
      return networkFailure(
        'lost',
        `no ping from the server for ${pingInterval + pingTimeout} ms (pingInterval ${pingInterval} + pingTimeout ${pingTimeout})`,
        hint,
      );
    return networkFailure('lost', `no pong from the server within pingTimeout (${pingTimeout} ms)`, hint);
  }
}
