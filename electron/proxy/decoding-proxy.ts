// The recording proxy with the decoder behind it: every frame of every client goes through one
// SessionDecoder (one connection per client, told apart by sid), and comes out as records in batches.
// The CLI's `proxy` command and the app's proxy sessions both run this.
import type { Parser, SessionRecord } from '../../shared/record';
import { SessionDecoder } from '../../shared/protocol/session-decoder';
import type { Failure } from '../engine/failure';
import { startRecordingProxy } from './recording-proxy';

export interface DecodingProxyOptions {
  /** http:// or https:// (or ws:// and wss://, the same servers) host and port; see proxyTarget. */
  readonly target: string;
  /** Skip TLS certificate verification of an https:// target. */
  readonly insecure?: boolean;
  readonly listenPort?: number;
  readonly host?: string;
  /** How the clients' Socket.IO packets travel; absent: socket.io, with msgpack detected per client. */
  readonly parser?: Parser;
  /** One batch per frame or lifecycle event, in wire order. */
  readonly onRecords: (batch: readonly SessionRecord[]) => void;
  /** The target could not be reached for a client (see RecordingProxyOptions.onUpstreamFailure). */
  readonly onUpstreamFailure?: (failure: Failure) => void;
}

export interface DecodingProxy {
  readonly port: number;
  readonly host: string;
  /** Stops listening, cuts the clients, and flushes what the decoder still holds (cut-short attachments). */
  close(): Promise<void>;
}

export const DEFAULT_PROXY_HOST = '127.0.0.1';
/** The most close() waits for the last ws-close records of the WebSockets it cut. */
const CLOSE_REPORT_MS = 1_000;

/**
 * Why a target cannot be proxied, in one line, or the origin to forward to: http:// or https://, with
 * ws:// and wss:// naming the same servers, as `capture` takes them (engine/options.ts).
 */
export function proxyTarget(url: string): { readonly origin: string } | { readonly error: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: `"${url}" is not a URL (try http://localhost:3000)` };
  }
  const scheme = parsed.protocol;
  if (scheme !== 'http:' && scheme !== 'https:' && scheme !== 'ws:' && scheme !== 'wss:')
    return { error: `unsupported target scheme "${scheme}" (use http://host:port or https://host:port)` };
  // Requests keep the client's own path and query; a path on the target would be silently ignored.
  if (parsed.pathname !== '/' || parsed.search !== '')
    return { error: `the target is a server, http(s)://host:port, without a path or query (got ${url})` };
  const secure = scheme === 'https:' || scheme === 'wss:';
  return { origin: `${secure ? 'https' : 'http'}://${parsed.host}` };
}

/** Throws (EADDRINUSE, EACCES, a bad target) when it cannot listen; callers say why in one line. */
export async function startDecodingProxy(options: DecodingProxyOptions): Promise<DecodingProxy> {
  const target = proxyTarget(options.target);
  if ('error' in target) throw new Error(target.error);
  const decoder = new SessionDecoder(options.parser === undefined ? {} : { parser: options.parser });
  const host = options.host ?? DEFAULT_PROXY_HOST;
  const deliver = (out: SessionRecord[]): void => {
    if (out.length > 0) options.onRecords(out);
  };
  // WebSockets still open: close() cuts them, and their ws-close records come a few ticks later.
  const openSockets = new Set<string>();
  let allClosed: (() => void) | undefined;
  // The decoder holds a connection's records until its first frames tell the Engine.IO version. A
  // connection with no frame yet has nothing waiting ahead of its lifecycle records, so they go out at
  // once: a client the target never answered (a refused TLS certificate) shows up live, not at close().
  const framed = new Set<string>();
  const proxy = await startRecordingProxy({
    target: target.origin,
    host,
    insecure: options.insecure,
    ...(options.listenPort !== undefined && { listenPort: options.listenPort }),
    onUpstreamFailure: options.onUpstreamFailure,
    onFrame: (frame) => {
      framed.add(frame.conn);
      const out: SessionRecord[] = [];
      decoder.push(frame, out);
      deliver(out);
    },
    onLifecycle: (record) => {
      if (record.event === 'ws-open') openSockets.add(record.conn);
      if (record.event === 'ws-close') openSockets.delete(record.conn);
      if (openSockets.size === 0) allClosed?.();
      if (!framed.has(record.conn)) return deliver([record]);
      const out: SessionRecord[] = [];
      decoder.pushLifecycle(record, out);
      deliver(out);
    },
  });
  let closing: Promise<void> | undefined;
  return {
    port: proxy.port,
    host,
    close: () =>
      (closing ??= (async () => {
        const cut =
          openSockets.size === 0
            ? Promise.resolve()
            : new Promise<void>((resolve) => {
                allClosed = resolve;
                setTimeout(resolve, CLOSE_REPORT_MS).unref();
              });
        await proxy.close();
        await cut;
        const out: SessionRecord[] = [];
        decoder.end(out);
        deliver(out);
      })()),
  };
}
