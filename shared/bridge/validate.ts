// The Node side trusts nothing that crosses the bridge (docs/architecture.md §4): every request arrives as
// `unknown` and comes out of here whole and typed, or refused with one line that names the field.
// Sizes are bounded by limits.ts so no single request can exhaust the main process.
import { EIO_PACKET_TYPES, PARSERS, SIO_PACKET_TYPES, type Json, type Transport } from '../record';
import type {
  AckAnswer,
  AckAnswers,
  AckRepliesRequest,
  AckRequest,
  BrowserOptions,
  ConnectOptions,
  EmitRequest,
  Fault,
  FaultRequest,
  FilterRequest,
  JoinRequest,
  LeaveRequest,
  OpenRecentRequest,
  OpenSessionRequest,
  PageRequest,
  PickRequest,
  ProxyOptions,
  MessageSendRequest,
  RawSendRequest,
  RecordFilter,
  ReplayRequest,
  ReplaySecrets,
  SaveSessionRequest,
  SessionRef,
} from './api';
import type { BridgeMethod, RequestOf } from './channels';
import { parseSettingsUpdate } from '../settings/app-settings';
import {
  array,
  boolean,
  check,
  entries,
  fail,
  integer,
  json,
  object,
  oneOf,
  optional,
  string,
  stringMap,
  type Checked,
  type StringRules,
} from './guards';
import {
  MAX_ARGS_BYTES,
  MAX_AUTH_BYTES,
  MAX_DELAY_MS,
  MAX_FILTER_TEXT_CHARS,
  MAX_KEY_CHARS,
  MAX_MAP_ENTRIES,
  MAX_NAME_CHARS,
  MAX_NAMESPACES,
  MAX_PAGE_RECORDS,
  MAX_PATH_CHARS,
  MAX_RAW_FRAME_BYTES,
  MAX_SESSION_ID_CHARS,
  MAX_UPLOAD_CHARS,
  MAX_URL_CHARS,
  MAX_VALUE_CHARS,
} from '../limits';

export type { Checked } from './guards';

type Validators = { readonly [M in BridgeMethod]: (params: unknown) => Checked<RequestOf<M>> };

const VALIDATORS: Validators = {
  'connections.open': (p) => parseConnectOptions(p),
  'connections.close': (p) => parseSessionRef(p),
  'connections.emit': (p) => parseEmitRequest(p),
  'connections.ack': (p) => parseAckRequest(p),
  'connections.ackReplies': (p) => parseAckRepliesRequest(p),
  'connections.join': (p) => parseJoinRequest(p),
  'connections.leave': (p) => parseLeaveRequest(p),
  'connections.sendRaw': (p) => parseRawSendRequest(p),
  'connections.send': (p) => parseMessageSendRequest(p),
  'connections.fault': (p) => parseFaultRequest(p),
  'connections.proxy': (p) => parseProxyOptions(p),
  'connections.browser': (p) => parseBrowserOptions(p),
  'sessions.list': (p) => parseNoParams(p),
  'sessions.open': (p) => parseOpenSessionRequest(p),
  'sessions.close': (p) => parseSessionRef(p),
  'sessions.save': (p) => parseSaveRequest(p),
  'sessions.page': (p) => parsePageRequest(p),
  'sessions.pick': (p) => parsePickRequest(p),
  'sessions.filter': (p) => parseFilterRequest(p),
  'sessions.analyse': (p) => parseSessionRef(p),
  'sessions.stopAnalysis': (p) => parseSessionRef(p),
  'sessions.stopLoading': (p) => parseSessionRef(p),
  'sessions.replay': (p) => parseReplayRequest(p),
  'sessions.openRecent': (p) => parseOpenRecentRequest(p),
  'settings.read': (p) => parseNoParams(p),
  'settings.write': (p) => check(() => parseSettingsUpdate(p)),
};

/** The request of `method`, checked; the error names the method and the field. */
export function validateRequest<M extends BridgeMethod>(method: M, params: unknown): Checked<RequestOf<M>> {
  const checked = (VALIDATORS[method] as (params: unknown) => Checked<RequestOf<M>>)(params);
  return checked.ok ? checked : { ok: false, error: `${method}: ${checked.error}` };
}

export function parseConnectOptions(value: unknown): Checked<ConnectOptions> {
  return check(() => {
    const o = object(value, 'options', CONNECT_FIELDS);
    const transports = array(o.transports, 'options.transports', 2, (t, at) =>
      oneOf<Transport>(t, at, TRANSPORTS),
    );
    if (transports.length === 0) fail('options.transports', 'must name at least one transport');
    if (new Set(transports).size !== transports.length)
      fail('options.transports', 'must not repeat a transport');
    const namespaces = optional(o.namespaces, (v) =>
      array(v, 'options.namespaces', MAX_NAMESPACES, namespace),
    );
    if (namespaces !== undefined && new Set(namespaces).size !== namespaces.length)
      fail('options.namespaces', 'must not repeat a namespace');
    const headers = optional(o.headers, (v) => stringMap(v, 'options.headers', HEADER_RULES));
    for (const name of Object.keys(headers ?? {})) {
      if (TRANSPORT_HEADERS.includes(name.toLowerCase()))
        fail(`options.headers["${name}"]`, 'is set by the transport itself and cannot be overridden');
    }
    const options: ConnectOptions = {
      url: string(o.url, 'options.url', URL_RULES),
      transports,
      upgrade: boolean(o.upgrade, 'options.upgrade'),
      ...defined(
        'eio',
        optional(o.eio, (v) => oneOf(v, 'options.eio', [3, 4] as const)),
      ),
      ...defined(
        'path',
        optional(o.path, (v) => string(v, 'options.path', PATH_RULES)),
      ),
      ...defined(
        'query',
        optional(o.query, (v) => stringMap(v, 'options.query', QUERY_RULES)),
      ),
      ...defined('headers', headers),
      ...defined(
        'auth',
        optional(o.auth, (v) => json(v, 'options.auth', MAX_AUTH_BYTES)),
      ),
      ...defined('namespaces', namespaces),
      ...defined(
        'insecure',
        optional(o.insecure, (v) => boolean(v, 'options.insecure')),
      ),
      ...defined(
        'ackReply',
        optional(o.ackReply, (v) => ackReply(v, 'options.ackReply')),
      ),
      ...defined(
        'ackReplies',
        optional(o.ackReplies, (v) => ackReplies(v, 'options.ackReplies')),
      ),
      ...defined(
        'parser',
        optional(o.parser, (v) => oneOf(v, 'options.parser', PARSERS)),
      ),
      ...defined(
        'deflate',
        optional(o.deflate, (v) => boolean(v, 'options.deflate')),
      ),
      ...defined(
        'reconnect',
        optional(o.reconnect, (v) => boolean(v, 'options.reconnect')),
      ),
      ...defined('keepSecrets', keepSecrets(o.keepSecrets, 'options.keepSecrets')),
    };
    return options;
  });
}

export function parseSessionRef(value: unknown): Checked<SessionRef> {
  return check(() => ({ session: sessionId(object(value, 'request', ['session']).session) }));
}

export function parseEmitRequest(value: unknown): Checked<EmitRequest> {
  return check(() => {
    const o = object(value, 'request', ['session', 'nsp', 'event', 'args', 'ack']);
    return {
      session: sessionId(o.session),
      nsp: namespace(o.nsp, 'request.nsp'),
      event: string(o.event, 'request.event', { min: 1, max: MAX_NAME_CHARS }),
      args: args(o.args),
      ack: boolean(o.ack, 'request.ack'),
    };
  });
}

export function parseAckRequest(value: unknown): Checked<AckRequest> {
  return check(() => {
    const o = object(value, 'request', ['session', 'nsp', 'id', 'args']);
    return {
      session: sessionId(o.session),
      nsp: namespace(o.nsp, 'request.nsp'),
      id: integer(o.id, 'request.id', 0, Number.MAX_SAFE_INTEGER),
      args: args(o.args),
    };
  });
}

export function parseAckRepliesRequest(value: unknown): Checked<AckRepliesRequest> {
  return check(() => {
    const o = object(value, 'request', ['session', 'ackReply', 'ackReplies']);
    return { session: sessionId(o.session), ...parseAckAnswers(o, 'request') };
  });
}

/** The two answer fields of `o` (a request, a settings entry), both required. */
export function parseAckAnswers(o: Readonly<Record<string, unknown>>, at: string): AckAnswers {
  return {
    ackReply: ackReply(o['ackReply'], `${at}.ackReply`),
    ackReplies: ackReplies(o['ackReplies'], `${at}.ackReplies`),
  };
}

export function parseJoinRequest(value: unknown): Checked<JoinRequest> {
  return check(() => {
    const o = object(value, 'request', ['session', 'nsp', 'auth']);
    const auth = optional(o.auth, (v) => json(v, 'request.auth', MAX_AUTH_BYTES));
    return { session: sessionId(o.session), nsp: namespace(o.nsp, 'request.nsp'), ...defined('auth', auth) };
  });
}

export function parseLeaveRequest(value: unknown): Checked<LeaveRequest> {
  return check(() => {
    const o = object(value, 'request', ['session', 'nsp']);
    return { session: sessionId(o.session), nsp: namespace(o.nsp, 'request.nsp') };
  });
}

export function parseRawSendRequest(value: unknown): Checked<RawSendRequest> {
  return check(() => textOrBinary(value));
}

/** The same shape as a raw frame: one message is at most one frame's worth. */
export function parseMessageSendRequest(value: unknown): Checked<MessageSendRequest> {
  return check(() => textOrBinary(value));
}

function textOrBinary(value: unknown): { session: string; text?: string; binary?: string } {
  const o = object(value, 'request', ['session', 'text', 'binary']);
  const session = sessionId(o.session);
  if ((o.text === undefined) === (o.binary === undefined))
    fail('request', 'needs exactly one of "text" and "binary"');
  if (o.text !== undefined)
    return { session, text: string(o.text, 'request.text', { max: MAX_RAW_FRAME_BYTES }) };
  return { session, binary: string(o.binary, 'request.binary', BINARY_RULES) };
}

export function parseFaultRequest(value: unknown): Checked<FaultRequest> {
  return check(() => {
    const o = object(value, 'request', ['session', 'fault']);
    return { session: sessionId(o.session), fault: fault(o.fault) };
  });
}

export function parseOpenSessionRequest(value: unknown): Checked<OpenSessionRequest> {
  return check(() => {
    const o = object(value, 'request', ['name', 'content', 'parser']);
    if (o.content === undefined && o.name !== undefined)
      fail('request.name', 'is only meaningful with "content"');
    return {
      ...defined(
        'name',
        optional(o.name, (v) => string(v, 'request.name', { min: 1, max: 255 })),
      ),
      ...defined(
        'content',
        optional(o.content, (v) => uploaded(v)),
      ),
      ...defined(
        'parser',
        optional(o.parser, (v) => oneOf(v, 'request.parser', PARSERS)),
      ),
    };
  });
}

export function parseSaveRequest(value: unknown): Checked<SaveSessionRequest> {
  return check(() => {
    const o = object(value, 'request', ['session', 'format']);
    const format = optional(o.format, (v) => oneOf(v, 'request.format', ['session', 'har'] as const));
    return { session: sessionId(o.session), ...defined('format', format) };
  });
}

export function parseBrowserOptions(value: unknown): Checked<BrowserOptions> {
  return check(() => {
    const o = object(value, 'options', ['mode', 'url', 'headless', 'cdp', 'tab', 'keepSecrets']);
    const mode = oneOf(o.mode, 'options.mode', ['launch', 'attach'] as const);
    const keep = defined('keepSecrets', keepSecrets(o.keepSecrets, 'options.keepSecrets'));
    if (mode === 'launch') {
      if (o.cdp !== undefined || o.tab !== undefined) fail('options', 'launch takes url and headless only');
      const headless = optional(o.headless, (v) => boolean(v, 'options.headless'));
      return {
        mode,
        url: string(o.url, 'options.url', URL_RULES),
        ...defined('headless', headless),
        ...keep,
      };
    }
    if (o.url !== undefined || o.headless !== undefined) fail('options', 'attach takes cdp and tab only');
    const tab = optional(o.tab, (v) => string(v, 'options.tab', TAB_RULES));
    return { mode, cdp: string(o.cdp, 'options.cdp', URL_RULES), ...defined('tab', tab), ...keep };
  });
}

export function parseProxyOptions(value: unknown): Checked<ProxyOptions> {
  return check(() => {
    const o = object(value, 'options', ['target', 'listenPort', 'insecure', 'parser', 'keepSecrets']);
    const listenPort = optional(o.listenPort, (v) => integer(v, 'options.listenPort', 0, 65535));
    const insecure = optional(o.insecure, (v) => boolean(v, 'options.insecure'));
    const parser = optional(o.parser, (v) => oneOf(v, 'options.parser', PARSERS));
    return {
      target: string(o.target, 'options.target', URL_RULES),
      ...defined('listenPort', listenPort),
      ...defined('insecure', insecure),
      ...defined('parser', parser),
      ...defined('keepSecrets', keepSecrets(o.keepSecrets, 'options.keepSecrets')),
    };
  });
}

export function parseReplayRequest(value: unknown): Checked<ReplayRequest> {
  return check(() => {
    const o = object(value, 'request', ['session', 'target', 'speed', 'conn', 'secrets', 'keepSecrets']);
    const speed = optional(o.speed, (v) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_REPLAY_SPEED)
        fail('request.speed', `must be a number from 0 to ${MAX_REPLAY_SPEED}`);
      return v;
    });
    const conn = optional(o.conn, (v) => string(v, 'request.conn', { max: 200, min: 1 }));
    return {
      session: sessionId(o.session),
      target: string(o.target, 'request.target', URL_RULES),
      ...defined('speed', speed),
      ...defined('conn', conn),
      ...defined('secrets', optional(o.secrets, replaySecrets)),
      ...defined('keepSecrets', keepSecrets(o.keepSecrets, 'request.keepSecrets')),
    };
  });
}

export function parseOpenRecentRequest(value: unknown): Checked<OpenRecentRequest> {
  return check(() => {
    const o = object(value, 'request', ['path']);
    return { path: string(o.path, 'request.path', { min: 1, max: 4096 }) };
  });
}

export function parsePageRequest(value: unknown): Checked<PageRequest> {
  return check(() => {
    const o = object(value, 'request', ['session', 'from', 'count']);
    return {
      session: sessionId(o.session),
      from: integer(o.from, 'request.from', 0, MAX_INDEX),
      count: integer(o.count, 'request.count', 0, MAX_PAGE_RECORDS),
    };
  });
}

export function parsePickRequest(value: unknown): Checked<PickRequest> {
  return check(() => {
    const o = object(value, 'request', ['session', 'indices']);
    return {
      session: sessionId(o.session),
      indices: array(o.indices, 'request.indices', MAX_PAGE_RECORDS, (v, at) => integer(v, at, 0, MAX_INDEX)),
    };
  });
}

export function parseFilterRequest(value: unknown): Checked<FilterRequest> {
  return check(() => {
    const o = object(value, 'request', ['session', 'filter', 'from']);
    return {
      session: sessionId(o.session),
      filter: recordFilter(o.filter),
      ...defined(
        'from',
        optional(o.from, (v) => integer(v, 'request.from', 0, MAX_INDEX)),
      ),
    };
  });
}

/** `sessions.list` takes nothing; JSON has no undefined, so the web bridge may send null. */
export function parseNoParams(value: unknown): Checked<undefined> {
  return check(() => {
    if (value !== undefined && value !== null) fail('request', 'must be empty');
    return undefined;
  });
}

const TRANSPORTS: readonly Transport[] = ['polling', 'websocket'];
const CONNECT_FIELDS = [
  'url',
  'eio',
  'transports',
  'upgrade',
  'path',
  'query',
  'headers',
  'auth',
  'namespaces',
  'insecure',
  'ackReply',
  'ackReplies',
  'parser',
  'deflate',
  'reconnect',
  'keepSecrets',
] as const;
const FILTER_FIELDS = [
  'dir',
  'conn',
  'eioTypes',
  'sioTypes',
  'nsp',
  'event',
  'text',
  'hideHeartbeats',
  'errorsOnly',
] as const;
/** Set by the HTTP client or the WebSocket handshake; a user value would break the transport. */
const TRANSPORT_HEADERS = [
  'connection',
  'upgrade',
  'content-length',
  'transfer-encoding',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
];
/** Largest record index: records are counted in 32 bits on the Node side. */
const MAX_INDEX = 0xffff_ffff;
/** Replays faster than this are as fast as possible anyway: use 0. */
const MAX_REPLAY_SPEED = 100;

/** Scheme and host, no whitespace or control characters; the engine does the full parse. */
export const URL_RULES: StringRules = {
  min: 1,
  max: MAX_URL_CHARS,
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  pattern: /^(?:wss?|https?):\/\/[^\s/?#@]+(?:[/?#][^\s\x00-\x1f\x7f]*)?$/i,
  shape: 'must be a ws://, wss://, http:// or https:// URL with a host and no spaces',
};
/** Text to find in a tab's URL or title. */
const TAB_RULES: StringRules = { min: 1, max: 200, shape: 'must be 1-200 characters' };
const PATH_RULES: StringRules = {
  min: 1,
  max: MAX_PATH_CHARS,
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  pattern: /^\/[^\s?#\x00-\x1f\x7f]*$/,
  shape: 'must start with "/" and hold no spaces, "?" or "#"',
};
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const NO_CONTROLS_BUT_TAB = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;
/** RFC 9110 §5.1 field names; values without CR, LF or NUL (header injection). */
const HEADER_RULES = {
  maxEntries: MAX_MAP_ENTRIES,
  key: {
    min: 1,
    max: MAX_KEY_CHARS,
    pattern: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/,
    shape: 'is not a valid header name',
  },
  value: { max: MAX_VALUE_CHARS, pattern: NO_CONTROLS_BUT_TAB, shape: 'must not hold control characters' },
} as const;
const QUERY_RULES = {
  maxEntries: MAX_MAP_ENTRIES,
  key: { min: 1, max: MAX_KEY_CHARS },
  value: { max: MAX_VALUE_CHARS },
} as const;
const BINARY_RULES: StringRules = {
  max: Math.ceil(MAX_RAW_FRAME_BYTES / 3) * 4,
  pattern: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  shape: 'must be padded base64',
};

function sessionId(value: unknown): string {
  return string(value, 'request.session', {
    min: 1,
    max: MAX_SESSION_ID_CHARS,
    pattern: /^[A-Za-z0-9_-]+$/,
    shape: 'is not a session id',
  });
}

function namespace(value: unknown, path: string): string {
  return string(value, path, {
    min: 1,
    max: MAX_NAME_CHARS,
    pattern: /^\/[^\s]*$/,
    shape: 'must start with "/"',
  });
}

function args(value: unknown): Json[] {
  if (!Array.isArray(value)) fail('request.args', 'must be a JSON array');
  return json(value, 'request.args', MAX_ARGS_BYTES) as Json[];
}

function ackReply(value: unknown, path: string): AckAnswer {
  if (value === 'manual') return value;
  if (!Array.isArray(value)) fail(path, 'must be "manual" or a JSON array of args');
  return json(value, path, MAX_ARGS_BYTES) as Json[];
}

/** Event name → answer; the whole table is bounded as one JSON value. */
function ackReplies(value: unknown, path: string): Record<string, AckAnswer> {
  json(value, path, MAX_ARGS_BYTES);
  return entries(
    value,
    path,
    { maxEntries: MAX_MAP_ENTRIES, key: { min: 1, max: MAX_NAME_CHARS } },
    ackReply,
  );
}

function fault(value: unknown): Fault {
  const o = object(value, 'request.fault', ['kind', 'on', 'ms']);
  const kind = oneOf(o.kind, 'request.fault.kind', [
    'stop-heartbeat',
    'delay-pong',
    'drop-transport',
  ] as const);
  const only = (allowed: string): void => {
    for (const key of ['on', 'ms'])
      if (key !== allowed && o[key] !== undefined)
        fail('request.fault', `"${key}" does not apply to ${kind}`);
  };
  switch (kind) {
    case 'stop-heartbeat':
      only('on');
      return { kind, on: boolean(o.on, 'request.fault.on') };
    case 'delay-pong':
      only('ms');
      return { kind, ms: integer(o.ms, 'request.fault.ms', 0, MAX_DELAY_MS) };
    case 'drop-transport':
      only('');
      return { kind };
  }
}

function recordFilter(value: unknown): RecordFilter {
  const o = object(value, 'request.filter', FILTER_FIELDS);
  const name = (v: unknown, path: string): string => string(v, path, { max: MAX_NAME_CHARS });
  return {
    ...defined(
      'dir',
      optional(o.dir, (v) => oneOf(v, 'request.filter.dir', ['in', 'out'] as const)),
    ),
    ...defined(
      'conn',
      optional(o.conn, (v) => name(v, 'request.filter.conn')),
    ),
    ...defined(
      'eioTypes',
      optional(o.eioTypes, (v) =>
        array(v, 'request.filter.eioTypes', EIO_PACKET_TYPES.length, (t, at) =>
          oneOf(t, at, EIO_PACKET_TYPES),
        ),
      ),
    ),
    ...defined(
      'sioTypes',
      optional(o.sioTypes, (v) =>
        array(v, 'request.filter.sioTypes', SIO_PACKET_TYPES.length, (t, at) =>
          oneOf(t, at, SIO_PACKET_TYPES),
        ),
      ),
    ),
    ...defined(
      'nsp',
      optional(o.nsp, (v) => name(v, 'request.filter.nsp')),
    ),
    ...defined(
      'event',
      optional(o.event, (v) => name(v, 'request.filter.event')),
    ),
    ...defined(
      'text',
      optional(o.text, (v) => string(v, 'request.filter.text', { max: MAX_FILTER_TEXT_CHARS })),
    ),
    ...defined(
      'hideHeartbeats',
      optional(o.hideHeartbeats, (v) => boolean(v, 'request.filter.hideHeartbeats')),
    ),
    ...defined(
      'errorsOnly',
      optional(o.errorsOnly, (v) => boolean(v, 'request.filter.errorsOnly')),
    ),
  };
}

function uploaded(value: unknown): string {
  if (typeof value === 'string' && value.length > MAX_UPLOAD_CHARS)
    fail(
      'request.content',
      `is larger than ${MAX_UPLOAD_CHARS / (1024 * 1024)} MiB: open big files with "sio-inspector serve --session FILE"`,
    );
  return string(value, 'request.content', { max: MAX_UPLOAD_CHARS });
}

/** `{ key: value }`, or nothing when the value is absent, so optional fields stay absent (not undefined). */
function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function keepSecrets(value: unknown, at: string): boolean | undefined {
  return optional(value, (v) => boolean(v, at));
}

function replaySecrets(value: unknown): ReplaySecrets {
  const o = object(value, 'request.secrets', ['headers', 'query', 'auth']);
  return {
    ...defined(
      'headers',
      optional(o.headers, (v) => stringMap(v, 'request.secrets.headers', HEADER_RULES)),
    ),
    ...defined(
      'query',
      optional(o.query, (v) => stringMap(v, 'request.secrets.query', QUERY_RULES)),
    ),
    ...defined(
      'auth',
      optional(o.auth, (v) => json(v, 'request.secrets.auth', MAX_AUTH_BYTES)),
    ),
  };
}
