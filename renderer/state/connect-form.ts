// The connection form's fields and the ConnectOptions they make, with a message for each field that is
// wrong so the form can say it next to the field instead of failing on the Node side.
import type { ConnectOptions } from '../../shared/bridge/api';
import type { EioVersion, Json, Parser, Transport } from '../../shared/record';
import { errorMessage } from '../../shared/user-error';

export interface ConnectForm {
  readonly url: string;
  readonly eio: 'auto' | '4' | '3';
  /** polling+upgrade, polling only, websocket only. */
  readonly transports: 'upgrade' | 'polling' | 'websocket';
  readonly path: string;
  /** One `key=value` per line. */
  readonly query: string;
  /** One `Name: value` per line. */
  readonly headers: string;
  /** JSON object, or empty. */
  readonly auth: string;
  /** Comma or newline separated. */
  readonly namespaces: string;
  readonly insecure: boolean;
  /** How Socket.IO packets travel; `none` is a plain Engine.IO server (no namespaces). */
  readonly parser: Parser;
  /** Offer permessage-deflate on websocket. */
  readonly deflate: boolean;
  /** Connect again after a loss, as socket.io-client does. */
  readonly reconnect: boolean;
}

export const DEFAULT_CONNECT_FORM: ConnectForm = {
  url: 'http://localhost:3000',
  eio: 'auto',
  transports: 'upgrade',
  path: '/socket.io/',
  query: '',
  headers: '',
  auth: '',
  namespaces: '/',
  insecure: false,
  parser: 'socket.io',
  deflate: true,
  reconnect: false,
};

export type ConnectProblems = Partial<Record<keyof ConnectForm, string>>;

export type ConnectResult =
  | { readonly ok: true; readonly options: ConnectOptions }
  | { readonly ok: false; readonly problems: ConnectProblems };

export function toConnectOptions(form: ConnectForm): ConnectResult {
  const problems: ConnectProblems = {};
  const url = form.url.trim();
  if (!/^(wss?|https?):\/\/[^/\s]+/i.test(url))
    problems.url = 'URL must start with ws://, wss://, http:// or https:// and name a host';
  const query = parsePairs(form.query, '=');
  if (typeof query === 'string') problems.query = query;
  const headers = parsePairs(form.headers, ':');
  if (typeof headers === 'string') problems.headers = headers;
  let auth: Json | undefined;
  if (form.auth.trim() !== '') {
    try {
      auth = JSON.parse(form.auth) as Json;
      if (auth === null || typeof auth !== 'object' || Array.isArray(auth))
        problems.auth = 'auth must be a JSON object';
    } catch (e) {
      problems.auth = `auth is not valid JSON: ${errorMessage(e)}`;
    }
  }
  const namespaces = form.namespaces
    .split(/[\n,]/)
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const badNsp = namespaces.find((n) => !n.startsWith('/'));
  if (badNsp !== undefined) problems.namespaces = `namespace ${JSON.stringify(badNsp)} must start with /`;
  const path = form.path.trim();
  if (path !== '' && !path.startsWith('/')) problems.path = 'path must start with /';
  if (Object.keys(problems).length > 0) return { ok: false, problems };

  const transports: Transport[] =
    form.transports === 'websocket'
      ? ['websocket']
      : form.transports === 'polling'
        ? ['polling']
        : ['polling', 'websocket'];
  const options: { -readonly [K in keyof ConnectOptions]: ConnectOptions[K] } = {
    url,
    transports,
    upgrade: form.transports === 'upgrade',
    namespaces: namespaces.length === 0 ? ['/'] : namespaces,
  };
  if (form.eio !== 'auto') options.eio = Number(form.eio) as EioVersion;
  if (path !== '') options.path = path;
  if (typeof query === 'object' && Object.keys(query).length > 0) options.query = query;
  if (typeof headers === 'object' && Object.keys(headers).length > 0) options.headers = headers;
  if (auth !== undefined) options.auth = auth;
  if (form.insecure) options.insecure = true;
  if (form.parser !== 'socket.io') options.parser = form.parser;
  if (!form.deflate) options.deflate = false;
  if (form.reconnect) options.reconnect = true;
  return { ok: true, options };
}

/** The form that would make these options (recent connections are stored as options). */
export function fromConnectOptions(options: ConnectOptions): ConnectForm {
  const transports =
    options.transports.length === 1
      ? options.transports[0] === 'websocket'
        ? 'websocket'
        : 'polling'
      : options.upgrade
        ? 'upgrade'
        : 'polling';
  return {
    url: options.url,
    eio: options.eio === undefined ? 'auto' : options.eio === 3 ? '3' : '4',
    transports,
    path: options.path ?? DEFAULT_CONNECT_FORM.path,
    query: Object.entries(options.query ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    headers: Object.entries(options.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    auth: options.auth === undefined ? '' : JSON.stringify(options.auth, null, 2),
    namespaces: (options.namespaces ?? ['/']).join(', '),
    insecure: options.insecure === true,
    parser: options.parser ?? 'socket.io',
    deflate: options.deflate !== false,
    reconnect: options.reconnect === true,
  };
}

/** `k=v` (or `Name: value`) lines to a map; a message naming the first bad line otherwise. */
export function parsePairs(text: string, separator: '=' | ':'): Record<string, string> | string {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf(separator);
    const key = at === -1 ? '' : line.slice(0, at).trim();
    if (key === '') return `line ${n + 1}: expected ${separator === '=' ? 'key=value' : 'Name: value'}`;
    out[key] = line.slice(at + 1).trim();
  }
  return out;
}
