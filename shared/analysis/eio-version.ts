// Which Engine.IO version a connection's records are. The decoder decides it once, from the first frames
// (protocol/version-detect.ts), and stamps it on every packet record it makes; that is the answer.
// Records without the stamp (session files and record streams written before the decoder stamped them)
// are read for evidence instead.
import type { EioVersion, SessionRecord } from '../record';
import { isLifecycle } from '../record';
import { isProbe, namespaceOf } from './packets';

/** What settled the version: told by the caller, the decoder's stamp, or the strongest evidence found. */
export type EioSource = 'explicit' | 'decoder' | 'url' | 'heartbeat' | 'socket.io' | 'default';

export interface EioDetection {
  readonly eio: EioVersion;
  readonly source: EioSource;
}

/** The version the decoder stamped on the records, else what their evidence says. */
export function detectEio(records: readonly SessionRecord[]): EioDetection {
  const detector = new EioDetector();
  for (const record of records) {
    if (detector.settled) break;
    detector.push(record);
  }
  return detector.result();
}

/**
 * detectEio one record at a time. Evidence, strongest first:
 * 1. `url`: the `EIO=3|4` query parameter of an HTTP request, which is what was negotiated
 *    (docs/protocol.md §1.2).
 * 2. `heartbeat`: pings that are not probes. v4 servers ping, v3 clients ping (§1.4). Any server ping
 *    means 4, else any client ping means 3: the client is the side under test here (raw frames, fault
 *    injection), so a stray client ping must not outvote the server's heartbeat.
 * 3. `socket.io`: a server CONNECT with `{"sid"}`, a client CONNECT for `/`, or a CONNECT_ERROR mean
 *    protocol v5 over EIO4; a server CONNECT for `/` that no client CONNECT asked for, or an ERROR
 *    packet, mean protocol v4 over EIO3 (§2.5). The earliest such packet wins.
 * 4. `default`: 4, the current generation.
 */
export class EioDetector {
  private stamp: EioVersion | null = null;
  private url: EioVersion | null = null;
  private heartbeat: EioVersion | null = null;
  private sio: EioVersion | null = null;

  /** The decoder's stamp came: no later record changes the answer. */
  get settled(): boolean {
    return this.stamp !== null;
  }

  push(record: SessionRecord): void {
    if (this.stamp !== null) return;
    if (isLifecycle(record)) {
      if (this.url === null && record.event === 'http-request' && record.url !== undefined)
        this.url = urlVersion(record.url);
      return;
    }
    const packet = record;
    if (packet.eioVersion !== undefined) {
      this.stamp = packet.eioVersion;
      return;
    }
    if (this.heartbeat !== 4 && packet.eio?.type === 'ping' && !isProbe(packet)) {
      this.heartbeat = packet.dir === 'in' ? 4 : 3;
    }
    const s = packet.sio;
    if (this.sio !== null || s === undefined) return;
    if (s.type === 'CONNECT_ERROR') this.sio = 4;
    else if (s.type === 'ERROR') this.sio = 3;
    else if (s.type === 'CONNECT' && packet.dir === 'out') {
      // A v4 (EIO3) client never sends CONNECT for `/`: the server connects it unasked.
      if (namespaceOf(s.nsp) === '/') this.sio = 4;
    } else if (s.type === 'CONNECT' && packet.dir === 'in') {
      if (isObject(s.data) && 'sid' in s.data) this.sio = 4;
      // Reached only when no client CONNECT for `/` came first (that would have settled it above).
      else if (namespaceOf(s.nsp) === '/') this.sio = 3;
    }
  }

  /** As the records so far say. */
  result(): EioDetection {
    if (this.stamp !== null) return { eio: this.stamp, source: 'decoder' };
    if (this.url !== null) return { eio: this.url, source: 'url' };
    if (this.heartbeat !== null) return { eio: this.heartbeat, source: 'heartbeat' };
    if (this.sio !== null) return { eio: this.sio, source: 'socket.io' };
    return { eio: 4, source: 'default' };
  }
}

function urlVersion(url: string): EioVersion | null {
  const match = /[?&]EIO=([34])(?:&|#|$)/.exec(url);
  return match === null ? null : match[1] === '3' ? 3 : 4;
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
