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
  let open: OpenPacket | null = null;
  let raw: Json | null = null;
  let firstIn: { readonly frame: number; readonly type: string } | null = null;
  let lastHttpStatus: number | null = null;
  let transportFailed = false;
  const findings: Finding[] = [];
  for (const record of records) {
    if (isLifecycle(record)) {
      if (record.event === 'http-request' && record.status !== undefined) lastHttpStatus = record.status;
      if (record.event === 'transport-error') transportFailed = true;
      continue;
    }
    const packet = record;
    if (packet.dir !== 'in' || packet.eio === undefined) continue;
    firstIn ??= { frame: packet.frame, type: packet.eio.type };
    if (packet.eio.type !== 'open') continue;
    if (open === null) {
      open = { t: packet.t, frame: packet.frame, transport: packet.transport };
      raw = packet.eio.data ?? null;
    } else {
      const sid = readHandshake(packet.eio.data ?? null).sid;
      findings.push(
        finding(
          'HANDSHAKE_DUPLICATE',
          packet.frame,
          `second open packet${sid === null ? '' : ` (sid ${sid})`} after the one at frame ${open.frame}`,
        ),
      );
    }
  }
  if (firstIn !== null && firstIn.type !== 'open') {
    findings.unshift(
      finding(
        'HANDSHAKE_MISSING',
        firstIn.frame,
        `first packet from the server is ${firstIn.type}, not open`,
      ),
    );
  } else if (open === null && records.length > 0 && !(transportFailed && lastHttpStatus === null)) {
    // A server never reached (refused, TLS, DNS) sent nothing to fault: the transport error says why.
    const status = lastHttpStatus === null ? '' : ` (last HTTP status ${lastHttpStatus})`;
    findings.unshift(finding('HANDSHAKE_MISSING', null, `no open packet from the server${status}`));
  }
  return { open, handshake: open === null ? null : readHandshake(raw), raw, findings };
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
