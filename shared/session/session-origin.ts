// How a session was made, as its file header says it (`options`, shared/session/session-file.ts): what
// kind of session it is, with the options of that kind, typed. Files are read back through
// `readOrigin`, which keeps each field only when it has its type, so nothing downstream meets a shape it
// does not know; files written before the header named its kind are recognised by their fields.
import { PARSERS, type EioVersion, type Json, type Parser, type Transport } from '../record';

/** How a connection was made: what a replay needs to connect like it. */
export interface ConnectionSettings {
  readonly eio?: EioVersion | 'auto';
  readonly transports?: readonly Transport[];
  readonly upgrade?: boolean;
  readonly path?: string;
  readonly parser?: Parser;
  readonly namespaces?: readonly string[];
  /** The Socket.IO CONNECT auth payload. */
  readonly auth?: Json;
  /** `key=value`, as given. */
  readonly query?: readonly string[];
  /** `Name: value`, as given. */
  readonly headers?: readonly string[];
  readonly insecure?: boolean;
  /** permessage-deflate offered on the WebSocket. */
  readonly deflate?: boolean;
}

/** `sio-inspector capture`. */
export interface CaptureOrigin extends ConnectionSettings {
  readonly kind: 'capture';
  /** Each `--emit`: event name, then args. */
  readonly emits?: readonly (readonly Json[])[];
  readonly ack?: boolean;
  /** Each `--send` / `--send-binary` (parser none): text, or `{"$binary"}`. */
  readonly sends?: readonly Json[];
  readonly heartbeat?: boolean;
  readonly durationMs?: number;
  readonly until?: string;
  /** `--reconnect`: came back after each loss; `reconnectAttempts` the limit given. */
  readonly reconnect?: boolean;
  readonly reconnectAttempts?: number;
}

/** A connection the app made. */
export interface ConnectOrigin extends ConnectionSettings {
  readonly kind: 'connect';
  /** How the server's ack requests were answered: by hand, or with these args. */
  readonly ackReply?: 'manual' | readonly Json[];
  /** Came back after each loss, as socket.io-client does. */
  readonly reconnect?: boolean;
}

/** A recording proxy (`sio-inspector proxy`, the app's proxy sessions). */
export interface ProxyOrigin {
  readonly kind: 'proxy';
  readonly listen: number;
  readonly host?: string;
  readonly insecure?: boolean;
  readonly parser?: Parser;
}

/** A recorded session re-sent to a live server; the source's connection settings carried over. */
export interface ReplayOrigin extends ConnectionSettings {
  readonly kind: 'replay';
  /** The session replayed (its file, or its title in the app). */
  readonly replayOf: string;
  readonly speed: number;
}

/** A recorded session played back offline (`replay` without --target). */
export interface PlaybackOrigin extends ConnectionSettings {
  readonly kind: 'playback';
  readonly playbackOf: string;
}

/** A browser's own connections, recorded over DevTools (`browse`, `attach`, the app's Browser sessions). */
export interface BrowserOrigin {
  readonly kind: 'browser';
  /** `launch`: a browser started on a page for the recording; `attach`: one the user runs. */
  readonly mode: 'launch' | 'attach';
  /** launch: the browser executable. */
  readonly browser?: string;
  readonly headless?: boolean;
  /** attach: the DevTools endpoint, and the tab filter. */
  readonly cdp?: string;
  readonly tab?: string;
}

/** A header that says nothing this tool knows (saved from a HAR, or from a newer tool). */
export interface OtherOrigin {
  readonly kind: 'other';
}

export type SessionOrigin =
  CaptureOrigin | ConnectOrigin | ProxyOrigin | ReplayOrigin | PlaybackOrigin | BrowserOrigin | OtherOrigin;

export type SessionKind = SessionOrigin['kind'];

/** The connection settings an origin carries (none for a proxy, a browser or an unknown one). */
export function connectionSettings(origin: SessionOrigin): ConnectionSettings {
  if (origin.kind === 'proxy' || origin.kind === 'browser' || origin.kind === 'other') return {};
  const { eio, transports, upgrade, path, parser, namespaces, auth, query, headers, insecure, deflate } =
    origin;
  return definedOnly({
    eio,
    transports,
    upgrade,
    path,
    parser,
    namespaces,
    auth,
    query,
    headers,
    insecure,
    deflate,
  });
}

/** A header's `options`, typed: every field of the wrong type is left out. */
export function readOrigin(options: { readonly [key: string]: unknown }): SessionOrigin {
  const kind = kindOf(options);
  if (kind === 'other') return { kind };
  if (kind === 'proxy')
    return definedOnly({
      kind,
      listen: typeof options['listen'] === 'number' ? options['listen'] : 0,
      host: text(options['host']),
      insecure: bool(options['insecure']),
      parser: parserOf(options['parser']),
    });
  if (kind === 'browser')
    return definedOnly({
      kind,
      mode: options['mode'] === 'attach' ? 'attach' : 'launch',
      browser: text(options['browser']),
      headless: bool(options['headless']),
      cdp: text(options['cdp']),
      tab: text(options['tab']),
    });
  const settings = readSettings(options);
  switch (kind) {
    case 'capture':
      return definedOnly({
        kind,
        ...settings,
        emits: list(options['emits'], (v): v is Json[] => Array.isArray(v)),
        ack: bool(options['ack']),
        sends: Array.isArray(options['sends']) ? (options['sends'] as Json[]) : undefined,
        heartbeat: bool(options['heartbeat']),
        durationMs: typeof options['durationMs'] === 'number' ? options['durationMs'] : undefined,
        until: text(options['until']),
        reconnect: bool(options['reconnect']),
        reconnectAttempts:
          typeof options['reconnectAttempts'] === 'number' ? options['reconnectAttempts'] : undefined,
      });
    case 'connect': {
      const reply = options['ackReply'];
      const ackReply: ConnectOrigin['ackReply'] =
        reply === 'manual' ? 'manual' : Array.isArray(reply) ? (reply as Json[]) : undefined;
      return definedOnly({ kind, ...settings, ackReply, reconnect: bool(options['reconnect']) });
    }
    case 'replay':
      return {
        kind,
        ...settings,
        replayOf: text(options['replayOf']) ?? '',
        speed: typeof options['speed'] === 'number' ? options['speed'] : 1,
      };
    case 'playback':
      return { kind, ...settings, playbackOf: text(options['playbackOf']) ?? '' };
  }
}

const KINDS: readonly SessionKind[] = [
  'capture',
  'connect',
  'proxy',
  'replay',
  'playback',
  'browser',
  'other',
];

function kindOf(options: { readonly [key: string]: unknown }): SessionKind {
  const kind = options['kind'];
  if (typeof kind === 'string')
    return (KINDS as readonly string[]).includes(kind) ? (kind as SessionKind) : 'other';
  // Written before the header named its kind.
  if ('replayOf' in options) return 'replay';
  if ('playbackOf' in options) return 'playback';
  if ('ackReply' in options) return 'connect';
  if ('transports' in options || 'emits' in options) return 'capture';
  return 'other';
}

function readSettings(options: { readonly [key: string]: unknown }): ConnectionSettings {
  const eio = options['eio'];
  return definedOnly({
    eio: eio === 3 || eio === 4 || eio === 'auto' ? eio : undefined,
    transports: list(options['transports'], (v): v is Transport => v === 'polling' || v === 'websocket'),
    upgrade: bool(options['upgrade']),
    path: text(options['path']),
    parser: parserOf(options['parser']),
    namespaces: list(options['namespaces'], (v): v is string => typeof v === 'string'),
    auth: options['auth'] as Json | undefined,
    query: list(options['query'], (v): v is string => typeof v === 'string'),
    headers: list(options['headers'], (v): v is string => typeof v === 'string'),
    insecure: bool(options['insecure']),
    deflate: bool(options['deflate']),
  });
}

function parserOf(value: unknown): Parser | undefined {
  return (PARSERS as readonly unknown[]).includes(value) ? (value as Parser) : undefined;
}

function list<T>(value: unknown, is: (v: unknown) => v is T): readonly T[] | undefined {
  return Array.isArray(value) ? value.filter(is) : undefined;
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The object without its undefined fields, so a header written back has no `"x": undefined` holes. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
