// The handshake and upgrade sequence, as the steps of the sequence diagram: the Engine.IO open, the
// polling → websocket upgrade (docs/protocol.md §1.5) and each namespace CONNECT with its answer (§2.5),
// with timings and the step where the sequence stopped.
import { elapsed } from './stats';
import type { Direction, PacketRecord, SessionRecord, Transport } from '../record';
import { isLifecycle } from '../record';
import { namespaceOf } from '../protocol/sio-namespace';
import { isProbe } from './packets';

export type StepName =
  'ws-open' | 'open' | '2probe' | '3probe' | 'noop' | 'upgrade' | 'CONNECT' | 'CONNECT_ERROR' | 'ERROR';

export interface SequenceStep {
  readonly step: StepName;
  /** null for ws-open: the transport opening is a lifecycle event, not a packet from either side. */
  readonly dir: Direction | null;
  readonly t: number;
  /** null for a lifecycle event recorded without a frame. */
  readonly frame: number | null;
  readonly transport: Transport | null;
  /** Namespace steps only, without the v4 `?query`. */
  readonly nsp?: string;
  /** ms since `anchor`; null for the first step. */
  readonly ms: number | null;
  /**
   * Index of the step this one answers (3probe → 2probe, noop → 2probe, upgrade → 3probe, a server
   * CONNECT / CONNECT_ERROR → the client's CONNECT), otherwise of the previous step.
   */
  readonly anchor: number | null;
  /**
   * false for a failed step: a malformed open, a refusal, a reply nothing asked for, an upgrade without
   * probe.
   */
  readonly ok: boolean;
}

export interface SequenceStop {
  /**
   * Index in `steps` of the failed step, or of the last step before a reply that never came; null if no step
   * was reached.
   */
  readonly index: number | null;
  /** The step that should have come next and never did; null when the step at `index` itself failed. */
  readonly expected: StepName | null;
}

/**
 * Which side a step that never came (SequenceStop.expected) was due from: the server sends the open,
 * the 3probe, the noop and the answer to a namespace CONNECT; the client the 2probe and the upgrade.
 */
export const EXPECTED_FROM: Readonly<Record<StepName, Direction | null>> = {
  'ws-open': null,
  open: 'in',
  '2probe': 'out',
  '3probe': 'in',
  noop: 'in',
  upgrade: 'out',
  CONNECT: 'in',
  CONNECT_ERROR: 'in',
  ERROR: 'in',
};

/**
 * Where the polling → websocket upgrade steps are in `steps` (indices), null for each one that never came.
 */
export interface UpgradeSteps {
  /** The websocket opened for the upgrade: after an open that came over polling. */
  readonly wsOpen: number | null;
  /** The last 2probe. */
  readonly probe: number | null;
  /** The 3probe answering it. */
  readonly probeAnswer: number | null;
  readonly noop: number | null;
  readonly upgrade: number | null;
}

export interface SequenceAnalysis {
  readonly steps: readonly SequenceStep[];
  /** The earliest place the sequence stopped; null when it ran through or there was nothing to run. */
  readonly stoppedAt: SequenceStop | null;
  readonly upgrade: UpgradeSteps;
}

export function analyzeSequence(records: readonly SessionRecord[]): SequenceAnalysis {
  const b = new SequenceBuilder();
  for (const record of records) b.push(record);
  return b.result();
}

/** A namespace as far as the diagram cares: where its last CONNECT exchange got to. */
interface NamespaceSteps {
  state: 'requested' | 'connected' | 'refused' | 'disconnected';
  /** The client's CONNECT waiting for an answer. */
  request: number | null;
  /** Index of the step that put the namespace in its state. */
  last: number;
}

/** analyzeSequence one record at a time, for analyses that fold records as they pass. */
export class SequenceBuilder {
  readonly steps: SequenceStep[] = [];
  private any = false;
  private open: number | null = null;
  private openTransport: Transport | null = null;
  private upgradeWs: number | null = null;
  private probe: number | null = null;
  private probeAnswer: number | null = null;
  private noop: number | null = null;
  private upgrade: number | null = null;
  private readonly namespaces = new Map<string, NamespaceSteps>();

  push(record: SessionRecord): void {
    this.any = true;
    if (!isLifecycle(record)) this.packet(record);
    else if (record.event === 'ws-open') this.wsOpen(record.t, record.frame ?? null);
  }

  result(): SequenceAnalysis {
    return { steps: this.steps, stoppedAt: this.any ? this.stop() : null, upgrade: this.upgradeSteps() };
  }

  wsOpen(t: number, frame: number | null): void {
    const upgrading = this.open !== null && this.openTransport === 'polling' && this.upgrade === null;
    const index = this.add({ step: 'ws-open', dir: null, t, frame, transport: 'websocket' }, null, true);
    if (upgrading) this.upgradeWs ??= index;
  }

  packet(p: PacketRecord): void {
    const type = p.eio?.type;
    if (type === 'open' && p.dir === 'in') {
      if (this.open !== null) return;
      this.open = this.add(stepOf('open', p), null, p.error === undefined);
      this.openTransport = p.transport;
    } else if (type === 'ping' && p.dir === 'out' && isProbe(p)) {
      this.probe = this.add(stepOf('2probe', p), null, true);
      this.probeAnswer = null;
    } else if (type === 'pong' && p.dir === 'in' && isProbe(p)) {
      const asked = this.probe !== null && this.probeAnswer === null;
      const index = this.add(stepOf('3probe', p), asked ? this.probe : null, asked);
      if (asked) this.probeAnswer = index;
    } else if (type === 'noop' && p.dir === 'in' && p.transport === 'polling') {
      // The pending GET answered so the long-poll ends (§1.5); later noops (sent every 100 ms) add nothing.
      if (this.probe !== null && this.noop === null && this.upgrade === null) {
        this.noop = this.add(stepOf('noop', p), this.probe, true);
      }
    } else if (type === 'upgrade' && p.dir === 'out') {
      if (this.upgrade !== null) return;
      this.upgrade = this.add(stepOf('upgrade', p), this.probeAnswer, this.probeAnswer !== null);
    } else if (p.sio !== undefined) {
      this.socketIo(p);
    }
  }

  upgradeSteps(): UpgradeSteps {
    const { upgradeWs: wsOpen, probe, probeAnswer, noop, upgrade } = this;
    return { wsOpen, probe, probeAnswer, noop, upgrade };
  }

  stop(): SequenceStop | null {
    const stops: SequenceStop[] = [];
    if (this.open === null)
      return { index: this.steps.length === 0 ? null : this.steps.length - 1, expected: 'open' };
    if (this.steps[this.open]?.ok === false) stops.push({ index: this.open, expected: null });
    const upgradeStart = this.upgradeWs ?? this.probe;
    if (upgradeStart !== null && this.upgrade === null) {
      const last = Math.max(upgradeStart, this.probe ?? -1, this.probeAnswer ?? -1, this.noop ?? -1);
      const expected = this.probe === null ? '2probe' : this.probeAnswer === null ? '3probe' : 'upgrade';
      stops.push({ index: last, expected });
    }
    for (const ns of this.namespaces.values()) {
      if (ns.state === 'requested') stops.push({ index: ns.last, expected: 'CONNECT' });
      else if (ns.state === 'refused') stops.push({ index: ns.last, expected: null });
    }
    return stops.reduce<SequenceStop | null>(
      (a, s) => (a === null || (s.index ?? -1) < (a.index ?? -1) ? s : a),
      null,
    );
  }

  private socketIo(p: PacketRecord): void {
    const sio = p.sio;
    if (sio === undefined) return;
    const nsp = namespaceOf(sio.nsp);
    const ns = this.namespaces.get(nsp);
    if (sio.type === 'DISCONNECT') {
      // Either side: a CONNECT withdrawn by the client is no longer waiting for an answer.
      if (ns !== undefined) ns.state = 'disconnected';
      return;
    }
    if (p.dir === 'out') {
      if (sio.type !== 'CONNECT') return;
      const index = this.add({ ...stepOf('CONNECT', p), nsp }, null, true);
      this.namespaces.set(nsp, { state: 'requested', request: index, last: index });
      return;
    }
    // v4 ERROR also reports errors on a connected namespace; only before the connect is it a refusal (§2.5).
    const refused = sio.type === 'CONNECT_ERROR' || (sio.type === 'ERROR' && ns?.state !== 'connected');
    if (sio.type !== 'CONNECT' && !refused) return;
    const step: StepName =
      sio.type === 'CONNECT' ? 'CONNECT' : sio.type === 'ERROR' ? 'ERROR' : 'CONNECT_ERROR';
    const index = this.add({ ...stepOf(step, p), nsp }, ns?.request ?? null, !refused);
    this.namespaces.set(nsp, { state: refused ? 'refused' : 'connected', request: null, last: index });
  }

  /** Appends a step timed from `anchor`, or from the previous step when it answers none. */
  private add(base: Omit<SequenceStep, 'ms' | 'anchor' | 'ok'>, anchor: number | null, ok: boolean): number {
    const index = this.steps.length;
    const from = anchor ?? (index === 0 ? null : index - 1);
    const fromT = from === null ? undefined : this.steps[from]?.t;
    this.steps.push({ ...base, ms: fromT === undefined ? null : elapsed(fromT, base.t), anchor: from, ok });
    return index;
  }
}

function stepOf(step: StepName, p: PacketRecord): Omit<SequenceStep, 'ms' | 'anchor' | 'ok'> {
  return { step, dir: p.dir, t: p.t, frame: p.frame, transport: p.transport };
}
