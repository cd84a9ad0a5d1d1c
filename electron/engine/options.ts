// What a connection is asked to do, and the one place that checks it. Everything the engine reads later
// comes from ResolvedOptions, so a bad URL or namespace fails here with a sentence, not deep in a socket.
import type { EioVersion, Json, Parser, Transport } from '../../shared/record';
import { UserError } from '../../shared/user-error';
import type { ConnectOptions as BridgeConnectOptions } from '../../shared/bridge/api';

/** A namespace to join; `auth` is the v5 CONNECT payload (docs/protocol.md §2.5). */
export interface NamespaceOptions {
  readonly nsp: string;
  readonly auth?: Json;
  /** A reconnection's offer to recover the namespace's previous session (socket.io ≥4.6). */
  readonly recover?: Recovery;
}

/** What a reconnection offers to recover a namespace's session: the last pid and offset it had. */
export interface Recovery {
  readonly pid: string;
  readonly offset?: string;
}

/**
 * How to answer an EVENT that asks for an ack, in the bridge's vocabulary: `'manual'` leaves it for the
 * user to answer by hand, an array is sent as the ACK's arguments; the engine also takes a function that
 * decides per event (undefined = do not answer).
 */
export type AckReply =
  | NonNullable<BridgeConnectOptions['ackReply']>
  | ((event: string | number | undefined, args: readonly Json[]) => readonly Json[] | undefined);

/**
 * What a connection is asked to do: the app's ConnectOptions (shared/bridge/api.ts), which the command
 * line and replay fill too, with what only they ask for. `auth` goes with every namespace joined;
 * without `namespaces`, the URL's own (`http://host/admin`, as socket.io-client reads it), else `/`.
 */
export interface ConnectOptions extends Omit<BridgeConnectOptions, 'transports' | 'upgrade' | 'ackReply'> {
  /** Default both. The connection starts on polling when it is allowed, else on websocket. */
  readonly transports?: readonly Transport[];
  /** Upgrade polling to websocket when both are allowed and the server offers it. Default true. */
  readonly upgrade?: boolean;
  /** Default: answer with no arguments. */
  readonly ackReply?: AckReply;
  /** Answer pings (v4) / send pings (v3). Default true. */
  readonly heartbeat?: boolean;
  /** Connection id in the records; default `c1`. */
  readonly conn?: string;
  /** How long the Engine.IO handshake may take. Default 20 s. */
  readonly connectTimeoutMs?: number;
  /**
   * A reconnection's namespaces, each with the auth it was joined with and what it had to recover:
   * joined instead of `namespaces` with `auth`.
   */
  readonly rejoin?: readonly NamespaceOptions[];
}

export interface ResolvedOptions {
  readonly url: string;
  readonly secure: boolean;
  /** `http(s)://host:port` and `ws(s)://host:port`, no path. */
  readonly httpOrigin: string;
  readonly wsOrigin: string;
  readonly path: string;
  readonly eio: EioVersion | undefined;
  readonly transports: readonly Transport[];
  readonly upgrade: boolean;
  readonly query: readonly (readonly [string, string])[];
  readonly headers: readonly (readonly [string, string])[];
  readonly namespaces: readonly NamespaceOptions[];
  readonly heartbeat: boolean;
  readonly insecure: boolean;
  readonly deflate: boolean;
  readonly ackReply: AckReply;
  readonly parser: Parser;
  readonly conn: string;
  readonly connectTimeoutMs: number;
}

export const DEFAULT_PATH = '/socket.io/';
const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;

export function resolveOptions(options: ConnectOptions): ResolvedOptions {
  const target = parseTarget(options.url);
  const transports = options.transports ?? ['polling', 'websocket'];
  if (transports.length === 0)
    throw new UserError('usage', 'at least one transport is needed (polling, websocket)');
  const auth = options.auth;
  const namespaces =
    options.rejoin ??
    (options.namespaces ?? [target.nsp ?? '/']).map((nsp): NamespaceOptions =>
      auth === undefined ? { nsp } : { nsp, auth },
    );
  for (const { nsp } of namespaces) checkNamespace(nsp);
  const timeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (!(timeout > 0)) throw new UserError('usage', 'the connect timeout must be a positive number of ms');
  return {
    url: options.url,
    secure: target.secure,
    httpOrigin: target.httpOrigin,
    wsOrigin: target.wsOrigin,
    path: normalizePath(options.path ?? DEFAULT_PATH),
    eio: options.eio,
    transports: [...new Set(transports)],
    upgrade: options.upgrade ?? true,
    query: [...target.query, ...Object.entries(options.query ?? {})],
    headers: Object.entries(options.headers ?? {}),
    namespaces: options.parser === 'none' ? [] : namespaces,
    heartbeat: options.heartbeat ?? true,
    insecure: options.insecure ?? false,
    deflate: options.deflate ?? true,
    ackReply: options.ackReply ?? [],
    parser: options.parser ?? 'socket.io',
    conn: options.conn ?? 'c1',
    connectTimeoutMs: timeout,
  };
}

interface Target {
  readonly secure: boolean;
  readonly httpOrigin: string;
  readonly wsOrigin: string;
  readonly nsp: string | undefined;
  readonly query: readonly (readonly [string, string])[];
}

function parseTarget(url: string): Target {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError('usage', `"${url}" is not a URL (try http://host:port or ws://host:port)`);
  }
  const scheme = parsed.protocol;
  if (scheme !== 'http:' && scheme !== 'https:' && scheme !== 'ws:' && scheme !== 'wss:')
    throw new UserError(
      'usage',
      `unsupported URL scheme "${scheme}" (use http://, https://, ws:// or wss://)`,
    );
  const secure = scheme === 'https:' || scheme === 'wss:';
  const host = parsed.host;
  const path = decodeURIComponent(parsed.pathname);
  return {
    secure,
    httpOrigin: `${secure ? 'https' : 'http'}://${host}`,
    wsOrigin: `${secure ? 'wss' : 'ws'}://${host}`,
    nsp: path === '' || path === '/' ? undefined : path.replace(/\/+$/, ''),
    query: [...parsed.searchParams.entries()],
  };
}

function checkNamespace(nsp: string): void {
  // The Socket.IO grammar ends a namespace at the first `,` and has no escape for it (§2.2).
  if (!nsp.startsWith('/') || nsp.includes(','))
    throw new UserError('usage', `namespace "${nsp}" must start with "/" and contain no ","`);
}

function normalizePath(path: string): string {
  const withLead = path.startsWith('/') ? path : `/${path}`;
  return withLead.endsWith('/') ? withLead : `${withLead}/`;
}
