// Tells Engine.IO v3 from v4 when nobody said which it is (a frame-lines file, a HAR, a proxied client).
// Reference: docs/protocol.md §1.2, §1.4, §1.7, §2.5. This is the one detector. The decoder and the
// engine feed it a connection's first wire frames, and the decoder stamps the verdict on every packet
// record (`eioVersion`); the analyses feed it the records, where that stamp is the answer, and read
// records without one (session files written before the stamp existed) for what evidence they keep.
import { isLifecycle, type EioVersion, type SessionRecord } from '../record';
import type { FrameInput } from './session-decoder';
import { namespaceOf } from './sio-namespace';

/** Frames a connection may show before we stop waiting for evidence and assume v4. */
export const DETECTION_WINDOW = 32;

/**
 * What settled the version: told by the caller, the wire frames (or the decoder's stamp, which is
 * their verdict), the `EIO` query parameter of a request, a recorded heartbeat or Socket.IO packet, or
 * nothing at all.
 */
export type EioSource = 'explicit' | 'decoder' | 'url' | 'heartbeat' | 'socket.io' | 'default';

export interface EioDetection {
  readonly eio: EioVersion;
  readonly source: EioSource;
}

/** The version an `EIO` query parameter's value names (§1.2); undefined for none, or for any other value. */
export function eioParam(value: string | null | undefined): EioVersion | undefined {
  return value === '3' ? 3 : value === '4' ? 4 : undefined;
}

/**
 * One connection's version, pushed a frame or a record at a time.
 *
 * Frames (pushFrame) prove it, first evidence wins:
 * - the version the frame's producer stated (the `EIO` query it saw, the version it spoke);
 * - a polling body framed `<len>:<packet>` or as an XHR2 binary payload: only v3 has them (§1.7);
 *   a polling body that starts with a packet type digit and no length prefix: v4;
 * - a heartbeat ping that is not a probe: v3 clients ping, v4 servers ping (§1.4); pongs the other way;
 * - Socket.IO CONNECT: a v5 server answers with `{"sid"}` and a v5 client sends one for `/` too, while
 *   a v4 server connects `/` by itself with no payload (§2.5).
 *
 * Records (pushRecord) carry the decoder's stamp, which settles it. Without one, evidence, strongest first:
 * 1. `url`: the `EIO=3|4` query parameter of an HTTP request, which is what was negotiated (§1.2).
 * 2. `heartbeat`: pings that are not probes. Any server ping means 4, else any client ping means 3: the
 *    client is the side under test here (raw frames, fault injection), so a stray client ping must not
 *    outvote the server's heartbeat.
 * 3. `socket.io`: a server CONNECT with `{"sid"}`, a client CONNECT for `/`, or a CONNECT_ERROR mean
 *    protocol v5 over EIO4; a server CONNECT for `/` that no client CONNECT asked for, or an ERROR
 *    packet, mean protocol v4 over EIO3 (§2.5). The earliest such packet wins.
 * 4. `default`: 4, the current generation.
 */
export class EioVersionDetector {
  private proven: EioVersion | undefined;
  private clientConnected = false;
  private url: EioVersion | undefined;
  private heartbeat: EioVersion | undefined;
  private sio: EioVersion | undefined;

  /** The version proven so far (by the frames, or the decoder's stamp on a record); undefined while none is. */
  get verdict(): EioVersion | undefined {
    return this.proven;
  }

  /** Proven: nothing pushed later changes the answer. */
  get settled(): boolean {
    return this.proven !== undefined;
  }

  pushFrame(frame: FrameInput): void {
    if (this.proven !== undefined) return;
    this.proven = frame.eio ?? this.frameEvidence(frame);
  }

  pushRecord(record: SessionRecord): void {
    if (this.proven !== undefined) return;
    if (isLifecycle(record)) {
      if (this.url === undefined && record.event === 'http-request' && record.url !== undefined)
        this.url = urlVersion(record.url);
      return;
    }
    const packet = record;
    if (packet.eioVersion !== undefined) {
      this.proven = packet.eioVersion;
      return;
    }
    if (this.heartbeat !== 4 && packet.eio?.type === 'ping' && packet.eio.data !== 'probe') {
      this.heartbeat = packet.dir === 'in' ? 4 : 3;
    }
    const s = packet.sio;
    if (this.sio !== undefined || s === undefined) return;
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

  /** As what was pushed so far says. */
  result(): EioDetection {
    if (this.proven !== undefined) return { eio: this.proven, source: 'decoder' };
    if (this.url !== undefined) return { eio: this.url, source: 'url' };
    if (this.heartbeat !== undefined) return { eio: this.heartbeat, source: 'heartbeat' };
    if (this.sio !== undefined) return { eio: this.sio, source: 'socket.io' };
    return { eio: 4, source: 'default' };
  }

  private frameEvidence(frame: FrameInput): EioVersion | undefined {
    const { dir, transport, text, binary } = frame;
    if (transport === 'polling') {
      if (binary !== undefined) {
        return binary.length >= 3 && binary[0]! <= 1 && binary[1]! <= 9 ? 3 : undefined;
      }
      if (text === undefined || text.length === 0) return undefined;
      if (lengthPrefixed(text)) return 3;
      if (!isTypeDigit(text.charCodeAt(0))) return undefined;
      const verdict = this.packetEvidence(text.split('\x1e', 1)[0] ?? '', dir);
      if (verdict !== undefined) return verdict;
      if (text.charCodeAt(0) === 0x30 /* 0: open */) return 4;
      this.clientConnected ||= dir === 'out' && text.startsWith('40');
      return undefined;
    }
    if (text === undefined) return undefined;
    const verdict = this.packetEvidence(text, dir);
    this.clientConnected ||= dir === 'out' && text.startsWith('40');
    return verdict;
  }

  private packetEvidence(packet: string, dir: 'in' | 'out'): EioVersion | undefined {
    if (packet === '2') return dir === 'out' ? 3 : 4;
    if (packet === '3') return dir === 'in' ? 3 : 4;
    if (!packet.startsWith('40')) return undefined;
    const payload = packet.indexOf('{');
    if (dir === 'out') return payload === 2 || packet === '40' ? 4 : undefined;
    if (packet.startsWith('40{"sid"') || /^40\/[^,]*,\{"sid"/.test(packet)) return 4;
    // A server CONNECT with no payload that no client CONNECT asked for: socket.io 1/2 connecting `/`.
    if (payload === -1 && !this.clientConnected) return 3;
    return undefined;
  }
}

/** The version the frames prove, or undefined while they prove nothing (EioVersionDetector.pushFrame). */
export function detectEioVersion(frames: readonly FrameInput[]): EioVersion | undefined {
  const detector = new EioVersionDetector();
  for (const frame of frames) {
    detector.pushFrame(frame);
    if (detector.settled) break;
  }
  return detector.verdict;
}

/** The version of a connection's records: the decoder's stamp, else their evidence (EioVersionDetector.pushRecord). */
export function detectRecordsEio(records: readonly SessionRecord[]): EioDetection {
  const detector = new EioVersionDetector();
  for (const record of records) {
    detector.pushRecord(record);
    if (detector.settled) break;
  }
  return detector.result();
}

/** The first `EIO` parameter of a URL that names a version. */
function urlVersion(url: string): EioVersion | undefined {
  for (const match of url.matchAll(/[?&]EIO=([^&#]*)/g)) {
    const eio = eioParam(match[1]);
    if (eio !== undefined) return eio;
  }
  return undefined;
}

function lengthPrefixed(text: string): boolean {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  if (i === 0 || i > 15 || text.charCodeAt(i) !== 0x3a /* : */) return false;
  const length = Number(text.slice(0, i));
  // `4:ab` is also a v4 message ":ab"; only a prefix that fits the body and is followed by a
  // packet type (or `b` for base64) counts as v3 framing.
  if (length === 0) return text.length === i + 1;
  const next = text.charCodeAt(i + 1);
  return i + 1 + length <= text.length && (isTypeDigit(next) || next === 0x62); /* b */
}

function isTypeDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x36;
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
