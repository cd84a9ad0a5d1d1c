// What the proxy reads out of the traffic it forwards: which requests are Engine.IO (the EIO query), which
// connection each belongs to (by sid, learnt from the open packet through shared/protocol), and each body
// as the frame Engine.IO sees (decompressed, binary or text).
import type { IncomingHttpHeaders } from 'node:http';
import { MAX_PROXY_BODY_BYTES } from '../../shared/limits';
import { decodeError, type DecodeError } from '../../shared/protocol/errors';
import { BoundedBody } from '../engine/bounded-body';
import { openPacketSid } from '../../shared/protocol/open-packet';
import { eioParam } from '../../shared/protocol/version-detect';
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
    return { conn: this.connFor(sid), eio: eioParam(query.get('EIO')) ?? 4, hasSid: sid !== null };
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

/** Held while an Engine.IO body streams through, so recording never holds up forwarding. */
export function bodyCollector(): BoundedBody {
  return new BoundedBody(MAX_PROXY_BODY_BYTES);
}

/**
 * The frame as Engine.IO sees it: decompressed (engine.io and python-engineio gzip polling bodies over
 * 1 KiB when the client accepts it), binary for XHR2 payloads (EIO3, application/octet-stream), else text.
 * A body past MAX_PROXY_BODY_BYTES, before or after inflating, has no frame: it was forwarded whole, and
 * a BODY_TOO_LARGE record says it was not decoded.
 */
export function bodyOf(
  body: BoundedBody,
  headers: IncomingHttpHeaders,
  reportError: (message: string, error?: DecodeError) => void,
): Uint8Array | string | undefined {
  const read = body.read(headers['content-encoding']);
  if ('error' in read) {
    if (read.tooLarge) {
      const message = `${read.error}: forwarded, not decoded`;
      reportError(message, decodeError('BODY_TOO_LARGE', message));
      return undefined;
    }
    // Keep what was on the wire rather than lose the frame.
    reportError(read.error);
    return new Uint8Array(read.raw);
  }
  const binary = (headers['content-type'] ?? '').toLowerCase().startsWith('application/octet-stream');
  return binary ? new Uint8Array(read.bytes) : read.bytes.toString();
}

function queryOf(url: string): URLSearchParams {
  try {
    return new URL(url, 'http://proxy.invalid').searchParams;
  } catch {
    return new URLSearchParams(); // a request target URL cannot parse is forwarded, not recorded
  }
}
