// The Engine.IO handshake: the server's first packet, `open`, and the timings every later analysis is
// judged against (docs/protocol.md §1.3).
import type { Json, SessionRecord, Transport } from '../record';
import { isLifecycle } from '../record';
import { finding, type Finding } from './findings';

export interface Handshake {
  readonly sid: string | null;
  readonly upgrades: readonly string[];
  /** null when absent or not a non-negative number: unknown, so nothing is judged against it. */
  readonly pingInterval: number | null;
  readonly pingTimeout: number | null;
  /** Absent from v3 and python-engineio handshakes (docs/protocol.md §1.3). */
  readonly maxPayload: number | null;
}

export interface OpenPacket {
  readonly t: number;
  readonly frame: number;
  readonly transport: Transport;
}

export interface HandshakeAnalysis {
  /** Where the first `open` from the server arrived; null when none did. */
  readonly open: OpenPacket | null;
  /** Its fields, read defensively: a malformed handshake still yields what it has. */
  readonly handshake: Handshake | null;
  /** The open packet's data exactly as it came: the summary's `handshake`. */
  readonly raw: Json | null;
  readonly findings: readonly Finding[];
}

export function analyzeHandshake(records: readonly SessionRecord[]): HandshakeAnalysis {
  const reader = new HandshakeReader();
  for (const record of records) reader.push(record);
  return reader.result();
}

/** analyzeHandshake one record at a time, for analyses that fold records as they pass. */
export class HandshakeReader {
  private open: OpenPacket | null = null;
  private raw: Json | null = null;
  private firstIn: { readonly frame: number; readonly type: string } | null = null;
  private lastHttpStatus: number | null = null;
  private transportFailed = false;
  private any = false;
  private readonly findings: Finding[] = [];

  /** The open packet came: what later analyses are judged against is known. */
  get settled(): boolean {
    return this.open !== null;
  }

  push(record: SessionRecord): void {
    this.any = true;
    if (isLifecycle(record)) {
      if (record.event === 'http-request' && record.status !== undefined) this.lastHttpStatus = record.status;
      if (record.event === 'transport-error') this.transportFailed = true;
      return;
    }
    const packet = record;
    if (packet.dir !== 'in' || packet.eio === undefined) return;
    this.firstIn ??= { frame: packet.frame, type: packet.eio.type };
    if (packet.eio.type !== 'open') return;
    if (this.open === null) {
      this.open = { t: packet.t, frame: packet.frame, transport: packet.transport };
      this.raw = packet.eio.data ?? null;
    } else {
      const sid = readHandshake(packet.eio.data ?? null).sid;
      this.findings.push(
        finding(
          'HANDSHAKE_DUPLICATE',
          packet.frame,
          `second open packet${sid === null ? '' : ` (sid ${sid})`} after the one at frame ${this.open.frame}`,
        ),
      );
    }
  }

  /** As the records so far say. */
  result(): HandshakeAnalysis {
    const { open, raw, firstIn, lastHttpStatus } = this;
    const findings = [...this.findings];
    if (firstIn !== null && firstIn.type !== 'open') {
      findings.unshift(
        finding(
          'HANDSHAKE_MISSING',
          firstIn.frame,
          `first packet from the server is ${firstIn.type}, not open`,
        ),
      );
    } else if (open === null && this.any && !(this.transportFailed && lastHttpStatus === null)) {
      // A server never reached (refused, TLS, DNS) sent nothing to fault: the transport error says why.
      const status = lastHttpStatus === null ? '' : ` (last HTTP status ${lastHttpStatus})`;
      findings.unshift(finding('HANDSHAKE_MISSING', null, `no open packet from the server${status}`));
    }
    return { open, handshake: open === null ? null : readHandshake(raw), raw, findings };
  }
}

/** Reads whatever handshake fields are usable; the decoder already reported what is wrong with the rest. */
export function readHandshake(data: Json): Handshake {
  const obj = data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};
  const { sid, upgrades } = obj;
  return {
    sid: typeof sid === 'string' ? sid : null,
    upgrades: Array.isArray(upgrades) ? upgrades.filter((u): u is string => typeof u === 'string') : [],
    pingInterval: duration(obj.pingInterval),
    pingTimeout: duration(obj.pingTimeout),
    maxPayload: duration(obj.maxPayload),
  };
}

function duration(value: Json | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}
