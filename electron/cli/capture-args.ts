// `capture` flags (README.md, "The command line", plus --until) turned into engine options. Everything a user can get
// wrong is caught here and said in one line, before any socket opens.
import { parseJson as parseBoundedJson } from '../../shared/bounded-json';
import { deconstructBinary } from '../../shared/protocol/sio-binary';
import { base64Decode, base64Encode } from '../../shared/protocol/bytes';
import { PARSERS, type EioVersion, type Json, type Parser, type Transport } from '../../shared/record';
import type { CaptureOrigin } from '../../shared/session/session-origin';
import { resolveOptions, type ConnectOptions } from '../engine/options';
import type { ReconnectOptions } from '../engine/reconnecting-connection';
import { OUTPUT_FLAGS, outputOptions, parseCommandArgs, parseDuration, type OutputOptions } from './args';
import { prefixError, usageError } from './cli-error';
import { UserError } from '../../shared/user-error';

export const CAPTURE_USAGE =
  'capture <url> [--eio 3|4] [--transports polling,websocket] [--no-upgrade] [--path /socket.io/] ' +
  '[--parser socket.io|msgpack|none] [--namespace /nsp]... [--auth JSON] [--query k=v]... [--header "K: V"]... ' +
  '[--emit JSON_ARRAY]... [--ack] [--send TEXT]... [--send-binary BASE64]... ' +
  '[--reconnect] [--reconnect-attempts N] [--no-deflate] [--duration SECONDS] [--until EVENT] [--no-heartbeat] [--out FILE] [--format pretty|ndjson] [--summary] [--insecure] [--keep-secrets]';

export interface CaptureEmit {
  readonly event: string | number;
  readonly args: readonly Json[];
}

export interface CaptureOptions extends OutputOptions {
  readonly connect: ConnectOptions;
  /** Where the emits go: the last --namespace, else the URL's namespace, else `/`. */
  readonly emitNamespace: string;
  readonly emits: readonly CaptureEmit[];
  readonly ack: boolean;
  /** --send / --send-binary: plain Engine.IO messages, in the order given (parser none). */
  readonly sends: readonly (string | Uint8Array)[];
  readonly durationMs: number | undefined;
  readonly until: string | undefined;
  /** What the session file header records about how the session was made (secrets masked when written). */
  readonly origin: CaptureOrigin;
  /** --keep-secrets: credentials written and shown in clear, for replay. */
  readonly keepSecrets: boolean;
  /** --reconnect: come back after a loss as socket.io-client does; `attempts` from --reconnect-attempts. */
  readonly reconnect: ReconnectOptions | undefined;
}

const FLAGS = {
  eio: { type: 'string', choices: ['3', '4'] },
  transports: { type: 'string' },
  'no-upgrade': { type: 'boolean' },
  path: { type: 'string' },
  parser: { type: 'string', choices: PARSERS },
  namespace: { type: 'string', multiple: true },
  auth: { type: 'string' },
  query: { type: 'string', multiple: true },
  header: { type: 'string', multiple: true },
  emit: { type: 'string', multiple: true },
  ack: { type: 'boolean' },
  send: { type: 'string', multiple: true },
  'send-binary': { type: 'string', multiple: true },
  duration: { type: 'string' },
  until: { type: 'string' },
  'no-heartbeat': { type: 'boolean' },
  'no-deflate': { type: 'boolean' },
  reconnect: { type: 'boolean' },
  'reconnect-attempts': { type: 'string' },
  ...OUTPUT_FLAGS,
  insecure: { type: 'boolean' },
  'keep-secrets': { type: 'boolean' },
} as const;

/** RFC 9110 §5.6.2 token: what Node accepts as a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function parseCaptureArgs(argv: readonly string[]): CaptureOptions {
  const { values, positionals } = withHelpHint(() =>
    parseCommandArgs('capture', argv, FLAGS, {
      min: 1,
      max: 1,
      name: 'url: the server to connect to, e.g. http://localhost:3000',
    }),
  );
  const url = positionals[0] as string;
  const namespaces = strings(values.namespace);
  const auth = values.auth === undefined ? undefined : parseAuth(values.auth as string);
  // A name given twice keeps its last value, as in socket.io-client's query and extraHeaders objects.
  const query = Object.fromEntries(strings(values.query).map((q) => parseQuery(q)));
  const headers = Object.fromEntries(strings(values.header).map((h) => parseHeader(h)));
  const transports =
    values.transports === undefined ? undefined : parseTransports(values.transports as string);
  const parser = (values.parser as Parser | undefined) ?? 'socket.io';
  const sends = parseSends(argv, strings(values.send), strings(values['send-binary']));
  if (parser === 'none') {
    for (const flag of ['emit', 'namespace', 'auth', 'ack'] as const)
      if (values[flag] !== undefined)
        throw usageError(
          `capture: --${flag} needs a Socket.IO parser; with --parser none use --send / --send-binary`,
        );
  } else if (sends.length > 0)
    throw usageError(
      'capture: --send and --send-binary are for --parser none (plain Engine.IO messages); use --emit',
    );
  const connect: ConnectOptions = {
    url,
    ...(values.eio !== undefined && { eio: Number(values.eio) as EioVersion }),
    ...(transports !== undefined && { transports }),
    upgrade: values['no-upgrade'] !== true,
    ...(values.path !== undefined && { path: values.path as string }),
    ...(namespaces.length > 0 && { namespaces }),
    ...(auth !== undefined && { auth }),
    query,
    headers,
    heartbeat: values['no-heartbeat'] !== true,
    insecure: values.insecure === true,
    deflate: values['no-deflate'] !== true,
    parser,
  };
  const resolved = check(() => resolveOptions(connect));
  const emitNamespace = namespaces[namespaces.length - 1] ?? resolved.namespaces[0]?.nsp ?? '/';
  const durationMs =
    values.duration === undefined ? undefined : parseDuration('capture', values.duration as string);
  const until = values.until as string | undefined;
  if (until === '') throw usageError('capture: --until needs an event name');
  const emits = strings(values.emit).map(parseEmit);
  const attempts =
    values['reconnect-attempts'] === undefined
      ? undefined
      : parseAttempts(values['reconnect-attempts'] as string);
  const reconnect =
    values.reconnect === true || attempts !== undefined
      ? { ...(attempts !== undefined && { attempts }) }
      : undefined;
  return {
    connect,
    emitNamespace,
    emits,
    ack: values.ack === true,
    sends,
    durationMs,
    until,
    ...outputOptions(values),
    keepSecrets: values['keep-secrets'] === true,
    reconnect,
    origin: {
      kind: 'capture',
      eio: connect.eio ?? 'auto',
      transports: [...resolved.transports],
      upgrade: resolved.upgrade,
      path: resolved.path,
      parser,
      namespaces: resolved.namespaces.map((n) => n.nsp),
      ...(auth !== undefined && { auth }),
      query: Object.entries(query).map(([k, v]) => `${k}=${v}`),
      headers: Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      emits: emits.map((e) => [e.event, ...e.args]),
      ack: values.ack === true,
      ...(sends.length > 0 && {
        sends: sends.map((m) => (typeof m === 'string' ? m : { $binary: base64Encode(m) })),
      }),
      heartbeat: resolved.heartbeat,
      insecure: resolved.insecure,
      deflate: resolved.deflate,
      ...(durationMs !== undefined && { durationMs }),
      ...(until !== undefined && { until }),
      ...(reconnect !== undefined && { reconnect: true }),
      ...(attempts !== undefined && { reconnectAttempts: attempts }),
    },
  };
}

/** --reconnect-attempts: how many tries after each loss (socket.io-client's reconnectionAttempts). */
function parseAttempts(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw usageError(
      `capture: --reconnect-attempts takes a whole number of attempts, 1 or more (got "${text}")`,
    );
  return n;
}

function withHelpHint<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UserError) throw usageError(`${error.message} (see sio-inspector capture --help)`);
    throw error;
  }
}

function check<T>(resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    throw prefixError('capture', error);
  }
}

function strings(value: string | boolean | string[] | undefined): string[] {
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

function parseTransports(text: string): Transport[] {
  const names = text.split(',').map((s) => s.trim());
  for (const name of names)
    if (name !== 'polling' && name !== 'websocket')
      throw usageError(
        `capture: --transports takes polling and/or websocket, comma-separated (got "${name}")`,
      );
  return names as Transport[];
}

/** --auth, --query and --header, also taken by `replay` (`command` names it in messages). */
export function parseAuth(text: string, command = 'capture'): Json {
  const value = parseJson(text, '--auth', command);
  // The v5 CONNECT payload must be an object (docs/protocol.md §2.1).
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw usageError(`${command}: --auth must be a JSON object, e.g. '{"token":"abc"}'`);
  return value;
}

export function parseQuery(text: string, command = 'capture'): readonly [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw usageError(`${command}: --query takes key=value (got "${text}")`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

export function parseHeader(text: string, command = 'capture'): readonly [string, string] {
  const colon = text.indexOf(':');
  const name = colon === -1 ? '' : text.slice(0, colon).trim();
  const value = colon === -1 ? '' : text.slice(colon + 1).trim();
  if (!HEADER_NAME.test(name)) throw usageError(`${command}: --header takes "Name: value" (got "${text}")`);
  if (/[\r\n\0]/.test(value)) throw usageError(`${command}: --header ${name} has a line break in its value`);
  return [name, value];
}

function parseEmit(text: string): CaptureEmit {
  const value = parseJson(text, '--emit');
  const hint = `--emit takes a JSON array, event name first, e.g. '["chat","hi",{"n":1}]'`;
  if (!Array.isArray(value) || value.length === 0) throw usageError(`capture: ${hint}`);
  const [event, ...args] = value;
  if (typeof event !== 'string' && typeof event !== 'number') throw usageError(`capture: ${hint}`);
  try {
    deconstructBinary(args);
  } catch (error) {
    throw usageError(`capture: --emit ${(error as Error).message} (binary args are {"$binary":"<base64>"})`);
  }
  return { event, args };
}

/** --send and --send-binary in the order they were given on the command line. */
function parseSends(
  argv: readonly string[],
  texts: readonly string[],
  binaries: readonly string[],
): (string | Uint8Array)[] {
  const decoded = binaries.map((b64) => {
    const bytes = base64Decode(b64.trim());
    if (bytes === undefined) throw usageError(`capture: --send-binary takes base64 (got "${b64}")`);
    return bytes;
  });
  const order = argv.filter((a) => /^--send(-binary)?(=|$)/.test(a));
  let t = 0;
  let b = 0;
  return order.map((flag) =>
    flag.startsWith('--send-binary') ? (decoded[b++] as Uint8Array) : (texts[t++] as string),
  );
}

function parseJson(text: string, flag: string, command = 'capture'): Json {
  const parsed = parseBoundedJson(text);
  if ('error' in parsed) throw usageError(`${command}: ${flag} is not valid JSON: ${parsed.error}`);
  return parsed.value as Json;
}
