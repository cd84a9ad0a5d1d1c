// Secrets are not written to disk in clear (session files are often shared, and land in folders others
// can read). What looks like a credential is masked by rule, not by a list: header names, query
// parameter names and the URL's user info; and every value of the Socket.IO CONNECT auth payload, in
// the session header and in the CONNECT records. Names and structure stay, so a reader still sees what
// was sent; `--keep-secrets` (and the app's setting) writes them in clear, for replay.
import type { Json, SessionRecord } from '../record';
import type { SessionHeader } from './session-file';
import type { SessionOrigin } from './session-origin';

/** What a masked value is written as. */
export const MASKED = '<redacted>';

/**
 * Names that carry credentials: authorization, cookies, tokens, keys, secrets, passwords, sessions,
 * signatures… (`X-Api-Key`, `access_token`, `Set-Cookie`, `x-session-id`, `apikey`, `sig`). Engine.IO's
 * own `sid` is an id the server hands out for the connection, shown in every record anyway: not masked.
 */
const SECRET_NAME =
  /auth|cookie|token|secret|passw|pwd|session|credential|signature|bearer|jwt|api[-_]?key|private|(^|[-_.])(key|sig)($|[-_.])/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !WEBSOCKET_HANDSHAKE.test(name);
}

/**
 * Sec-WebSocket-Key is a nonce of one handshake (RFC 6455 §4.1), checked against the server's Accept: a
 * reader comparing the two needs it, and it opens nothing.
 */
const WEBSOCKET_HANDSHAKE = /^sec-websocket-/i;

/** Whether a recorded value was masked, and so cannot be sent again as it was. */
export function isMasked(value: unknown): boolean {
  if (value === MASKED) return true;
  if (Array.isArray(value)) return value.some(isMasked);
  if (value !== null && typeof value === 'object') return Object.values(value).some(isMasked);
  return false;
}

/** `Name: value` lines, credentials masked. */
export function redactHeaders(lines: readonly string[]): string[] {
  return lines.map((line) => {
    const colon = line.indexOf(':');
    return colon > 0 && isSecretName(line.slice(0, colon).trim())
      ? `${line.slice(0, colon)}: ${MASKED}`
      : line;
  });
}

/** `key=value` items, credentials masked. */
export function redactQueryItems(items: readonly string[]): string[] {
  return items.map((item) => redactQueryItem(item));
}

/** A URL (absolute or a request target) with its user info and credential query parameters masked. */
export function redactUrl(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  let rest = url.slice(scheme.length);
  if (scheme !== '') {
    const hostEnd = rest.search(/[/?#]/);
    const authority = hostEnd === -1 ? rest : rest.slice(0, hostEnd);
    const at = authority.lastIndexOf('@');
    if (at !== -1) rest = `${MASKED}@${rest.slice(at + 1)}`;
  }
  const query = rest.indexOf('?');
  if (query === -1) return scheme + rest;
  const hash = rest.indexOf('#', query);
  const end = hash === -1 ? rest.length : hash;
  const items = rest
    .slice(query + 1, end)
    .split('&')
    .map(redactQueryItem);
  return `${scheme}${rest.slice(0, query + 1)}${items.join('&')}${rest.slice(end)}`;
}

/** The auth payload with every value masked and its keys kept. */
export function redactAuth(auth: Json): Json {
  if (Array.isArray(auth)) return auth.map(redactAuth);
  if (auth !== null && typeof auth === 'object')
    return Object.fromEntries(Object.entries(auth).map(([k, v]) => [k, redactAuth(v)]));
  return MASKED;
}

/**
 * A client CONNECT's payload masked as auth, except the `pid` and `offset` a reconnecting client offers
 * for connection-state recovery: the server's own CONNECT answer carries the pid in clear in the same
 * records, and without them no reader can tell whether the session was recovered.
 */
function redactConnectData(data: Json): Json {
  const masked = redactAuth(data);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return masked;
  if (masked === null || typeof masked !== 'object' || Array.isArray(masked)) return masked;
  const kept = { ...masked };
  for (const key of ['pid', 'offset']) if (typeof data[key] === 'string') kept[key] = data[key];
  return kept;
}

/** A session file header with its target's and its origin's secrets masked. */
export function redactHeader(header: SessionHeader): SessionHeader {
  return { ...header, target: redactUrl(header.target), options: redactOrigin(header.options) };
}

/** A session header's origin with its secrets masked. */
export function redactOrigin(origin: SessionOrigin): SessionOrigin {
  if (origin.kind === 'proxy' || origin.kind === 'browser' || origin.kind === 'other') return origin;
  return {
    ...origin,
    ...(origin.auth !== undefined && { auth: redactAuth(origin.auth) }),
    ...(origin.query !== undefined && { query: redactQueryItems(origin.query) }),
    ...(origin.headers !== undefined && { headers: redactHeaders(origin.headers) }),
  };
}

/** What ends a URL quoted in a sentence: a space or a quote. */
const TEXT_TOKEN = /[^\s"'<>`]+/g;

/** Punctuation that ends the sentence around a URL rather than belonging to it. */
const TRAILING = '.,:;)]';

/**
 * A sentence with the URLs in it masked: what an error says of a request (`GET http://…?token=…: net::…`)
 * carries the request's URL, credentials included. URLs are absolute ones and request targets with a
 * query (`/socket.io/?EIO=4…`). Each word is looked at once, so a long hostile line costs linear time.
 */
export function redactText(text: string): string {
  return text.includes('?') || text.includes('@') ? text.replace(TEXT_TOKEN, redactWord) : text;
}

function redactWord(word: string): string {
  if (!word.includes('?') && !word.includes('@')) return word;
  const slash = word.indexOf('/');
  if (slash === -1) return word;
  let start = slash;
  if (slash > 0 && word[slash - 1] === ':' && word[slash + 1] === '/') {
    // an absolute URL: its scheme runs back from "://"
    start = slash - 1;
    while (start > 0 && /[a-z0-9+.-]/i.test(word[start - 1] ?? '')) start--;
  }
  let end = word.length;
  while (end > slash && TRAILING.includes(word[end - 1] ?? '')) end--;
  const url = word.slice(start, end);
  if (!url.includes('?') && !url.includes('@')) return word;
  return word.slice(0, start) + redactUrl(url) + word.slice(end);
}

/**
 * A record with its secrets masked: an HTTP request's URL and the handshake's headers, the URLs quoted in
 * what a lifecycle record says (its message, reason, error and unreadable line), and a client CONNECT's
 * auth payload (its `sio.data`, the frame text it came in, and a v2 namespace query). Other records are
 * returned as they are.
 */
export function redactRecord(record: SessionRecord): SessionRecord {
  if ('event' in record) {
    const { url, requestHeaders, responseHeaders, message, reason, error, raw } = record;
    const maskUrl = url !== undefined && (url.includes('?') || url.includes('@'));
    const texts = message !== undefined || reason !== undefined || error !== undefined || raw !== undefined;
    if (!maskUrl && !texts && requestHeaders === undefined && responseHeaders === undefined) return record;
    return {
      ...record,
      ...(maskUrl && { url: redactUrl(url) }),
      ...(requestHeaders !== undefined && { requestHeaders: redactHeaders(requestHeaders) }),
      ...(responseHeaders !== undefined && { responseHeaders: redactHeaders(responseHeaders) }),
      ...(message !== undefined && { message: redactText(message) }),
      ...(reason !== undefined && { reason: redactText(reason) }),
      ...(error !== undefined && { error: { ...error, message: redactText(error.message) } }),
      ...(raw !== undefined && { raw: redactText(raw) }),
    };
  }
  const sio = record.sio;
  if (sio?.type !== 'CONNECT' || record.dir !== 'out') return record;
  const nsp = sio.nsp.includes('?') ? redactUrl(sio.nsp) : sio.nsp;
  if (sio.data === undefined && nsp === sio.nsp) return record;
  const data = sio.data === undefined ? undefined : redactConnectData(sio.data);
  return {
    ...record,
    sio: { ...sio, nsp, ...(data !== undefined && { data }) },
    ...(record.eio !== undefined && {
      eio: { ...record.eio, data: connectText(record.eio.data, sio.nsp, nsp, data) },
    }),
  };
}

/** The CONNECT frame text again, with the masked namespace and payload (binary frames: masked whole). */
function connectText(text: Json | undefined, nsp: string, maskedNsp: string, data: Json | undefined): Json {
  if (typeof text !== 'string') return MASKED;
  const start = data === undefined ? -1 : text.search(/[{[]/);
  const head = start === -1 ? text : text.slice(0, start);
  const body = start === -1 ? '' : JSON.stringify(data);
  return head.replace(nsp, maskedNsp) + body;
}

function redactQueryItem(item: string): string {
  const eq = item.indexOf('=');
  if (eq <= 0) return item;
  let name = item.slice(0, eq);
  try {
    name = decodeURIComponent(name);
  } catch {
    // a name that is not valid percent-encoding is judged as written
  }
  return isSecretName(name) ? `${item.slice(0, eq)}=${MASKED}` : item;
}
