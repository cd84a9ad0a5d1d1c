// What the proxy reads out of the traffic it forwards: which requests are Engine.IO (the EIO query), which
// connection each belongs to (by sid, learnt from the open packet through shared/protocol), and each body
// as the frame Engine.IO sees (decompressed, binary or text).
import type { IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { openPacketSid } from '../../shared/protocol/open-packet';
import type { EioVersion } from '../../shared/record';

/** An Engine.IO request's place: its connection, and the version it asked for. */
export interface EngineIoRequest {
  readonly conn: string;
  readonly eio: EioVersion;
  /** The request carried a sid: not a handshake. */
  readonly hasSid: boolean;
}

/** Maps Engine.IO sids to connection ids `c1`, `c2`, … in the order the handshakes arrive. */
export class ConnectionTable {
  private next = 1;
  private readonly bySid = new Map<string, string>();
  private readonly learned = new Set<string>();

  /**
   * The request's connection, or undefined for a request that is not Engine.IO (no EIO query,
   * docs/protocol.md §1.2).
   */
  requestOf(url: string): EngineIoRequest | undefined {
    const query = queryOf(url);
    if (!query.has('EIO')) return undefined;
    const sid = query.get('sid');
    return { conn: this.connFor(sid), eio: query.get('EIO') === '3' ? 3 : 4, hasSid: sid !== null };
  }

  /** A handshake response (a polling body or the first WebSocket frame) names the sid of its connection. */
  learnFrom(conn: string, body: Uint8Array | string, eio: EioVersion): void {
    // engine.io 3 answers in v3 whatever EIO the client asked for: try the other framing too.
    const sid = openPacketSid(body, eio) ?? openPacketSid(body, eio === 3 ? 4 : 3);
    if (sid === undefined) return;
    this.bySid.set(sid, conn);
    this.learned.add(conn);
  }

  knows(conn: string): boolean {
    return this.learned.has(conn);
  }

  /**
   * A request without sid is a handshake and starts a connection; so does a sid we never saw (the
   * proxy started mid-session, or the client made it up).
   */
  private connFor(sid: string | null): string {
    const known = sid === null ? undefined : this.bySid.get(sid);
    if (known !== undefined) return known;
    const conn = `c${this.next++}`;
    if (sid !== null) {
      this.bySid.set(sid, conn);
      this.learned.add(conn);
    }
    return conn;
  }
}

/** Collects a body while it streams through, so recording never holds up forwarding. */
export class BodyCollector {
  private readonly chunks: Buffer[] = [];
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * The frame as Engine.IO sees it: decompressed (engine.io and python-engineio gzip polling bodies over
 * 1 KiB when the client accepts it), binary for XHR2 payloads (EIO3, application/octet-stream), else text.
 */
export function bodyOf(
  collector: BodyCollector,
  headers: IncomingHttpHeaders,
  reportError: (message: string) => void,
): Uint8Array | string {
  let bytes = collector.bytes();
  try {
    bytes = decompress(bytes, headers['content-encoding']);
  } catch (err) {
    // Keep what was on the wire rather than lose the frame.
    reportError(`cannot decode ${headers['content-encoding']} body: ${(err as Error).message}`);
    return new Uint8Array(bytes);
  }
  const binary = (headers['content-type'] ?? '').toLowerCase().startsWith('application/octet-stream');
  return binary ? new Uint8Array(bytes) : bytes.toString();
}

function decompress(bytes: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(bytes);
    case 'deflate':
      return inflateSync(bytes);
    case 'br':
      return brotliDecompressSync(bytes);
    default:
      return bytes;
  }
}

function queryOf(url: string): URLSearchParams {
  try {
    return new URL(url, 'http://proxy.invalid').searchParams;
  } catch {
    return new URLSearchParams(); // a request target URL cannot parse is forwarded, not recorded
  }
}
