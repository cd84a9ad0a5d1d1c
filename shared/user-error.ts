// Every failure a user can act on, in one shape on every side: what kind of failure it is, what happened,
// and, where one exists, the setting that would fix it. The engine, the proxy, replay and the file
// readers say it once; each surface words it: the CLI with its flags (and maps the kind to an exit
// status), the app with its field names (and a button that applies `fix`), the bridge with its error
// code. Decode errors in records are not user errors: they are data about the peer.
import type { Json } from './record';

/**
 * usage: the request itself is wrong (arguments, options, a URL that is no URL);
 * input: a file or stream given to read is not what it must be;
 * io: the local system refused (cannot read or write a file, cannot listen on a port);
 * network: the peer could not be reached or the connection was lost (refused, TLS, timeout);
 * protocol: the peer answered, but not as the protocol wants (a refused handshake, a wrong version);
 * not-found: the thing named does not exist (a closed session);
 * unsupported: this host or session cannot do it (no file dialog, a replay cannot send frames).
 */
export type UserErrorKind = 'usage' | 'input' | 'io' | 'network' | 'protocol' | 'not-found' | 'unsupported';

export const USER_ERROR_KINDS: readonly UserErrorKind[] = [
  'usage',
  'input',
  'io',
  'network',
  'protocol',
  'not-found',
  'unsupported',
];

/** The connection settings a failure can point at: ConnectOptions' fields, as the CLI and app name them. */
export type Setting =
  | 'url'
  | 'eio'
  | 'transports'
  | 'upgrade'
  | 'path'
  | 'namespaces'
  | 'query'
  | 'headers'
  | 'auth'
  | 'insecure'
  | 'parser'
  | 'conn';

export const SETTINGS: readonly Setting[] = [
  'url',
  'eio',
  'transports',
  'upgrade',
  'path',
  'namespaces',
  'query',
  'headers',
  'auth',
  'insecure',
  'parser',
  'conn',
];

/** Why, as a stable word a surface can branch on, and the setting (with the value) that would fix it. */
export interface UserErrorCause {
  /** e.g. 'version', 'refused', 'not-found', 'too-large', 'tls', 'unreachable', 'timeout', 'lost'. */
  readonly cause: string;
  readonly setting?: Setting;
  /** The value to give `setting`; absent when only the user can know it (a path, a header). */
  readonly value?: Json;
}

export interface UserErrorData {
  readonly kind: UserErrorKind;
  /** What happened, one line, the same on every surface: "cannot connect to 127.0.0.1:9: connection refused". */
  readonly message: string;
  /** What to try, with settings written `{path}` for each surface to name its own way. */
  readonly hint?: string;
  readonly why?: UserErrorCause;
}

export class UserError extends Error implements UserErrorData {
  override readonly name = 'UserError';
  readonly hint?: string;
  readonly why?: UserErrorCause;

  constructor(
    readonly kind: UserErrorKind,
    message: string,
    more: { readonly hint?: string; readonly why?: UserErrorCause } = {},
  ) {
    super(message);
    if (more.hint !== undefined) this.hint = more.hint;
    if (more.why !== undefined) this.why = more.why;
  }

  static of(data: UserErrorData): UserError {
    return new UserError(data.kind, data.message, data);
  }

  /** The plain data, to record or send across the bridge. */
  data(): UserErrorData {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.hint !== undefined && { hint: this.hint }),
      ...(this.why !== undefined && { why: this.why }),
    };
  }
}

/** How a surface names its settings and proposes a value: `--eio` and "try --eio 3" on the CLI. */
export interface SettingWords {
  readonly name: (setting: Setting) => string;
  readonly fix: (setting: Setting, value: Json | undefined) => string;
}

/** Words for records and logs that belong to no surface: "the path", "try Engine.IO version 3". */
export const PLAIN_WORDS: SettingWords = {
  name: (setting) => PLAIN_NAMES[setting],
  fix: (setting, value) => `try ${PLAIN_NAMES[setting]}${value === undefined ? '' : ` ${plainValue(value)}`}`,
};

const PLAIN_NAMES: Readonly<Record<Setting, string>> = {
  url: 'the URL',
  eio: 'Engine.IO version',
  transports: 'the transports',
  upgrade: 'the upgrade',
  path: 'the path',
  namespaces: 'the namespaces',
  query: 'the query',
  headers: 'the headers',
  auth: 'the auth',
  insecure: 'insecure TLS',
  parser: 'the parser',
  conn: 'the connection',
};

/** "message (hint)" in one line, settings named in `words`; the fix is proposed when there is no hint. */
export function describeUserError(error: UserErrorData, words: SettingWords = PLAIN_WORDS): string {
  const hint = userErrorHint(error, words);
  return oneLine(hint === undefined ? error.message : `${error.message} (${hint})`);
}

/** What to try, in `words`: the hint with its settings named, then the fix unless the hint names it. */
export function userErrorHint(error: UserErrorData, words: SettingWords): string | undefined {
  const { hint, why } = error;
  const fix =
    why?.setting !== undefined && why.value !== undefined && hint?.includes(`{${why.setting}}`) !== true
      ? words.fix(why.setting, why.value)
      : undefined;
  const named = hint === undefined ? undefined : nameSettings(hint, words);
  if (named === undefined || fix === undefined) return named ?? fix;
  return `${named}; ${fix}`;
}

/** Replaces each `{setting}` in `text` with the surface's name for it. */
export function nameSettings(text: string, words: SettingWords): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    (SETTINGS as readonly string[]).includes(name) ? words.name(name as Setting) : whole,
  );
}

/** The first line of any thrown value's message, for a one-line report. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return oneLine(text);
}

export function isUserErrorData(value: unknown): value is UserErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, message, hint, why } = value as Partial<Record<keyof UserErrorData, unknown>>;
  return (
    typeof message === 'string' &&
    USER_ERROR_KINDS.includes(kind as UserErrorKind) &&
    (hint === undefined || typeof hint === 'string') &&
    (why === undefined || isCause(why))
  );
}

function isCause(value: unknown): value is UserErrorCause {
  if (typeof value !== 'object' || value === null) return false;
  const { cause, setting } = value as { cause?: unknown; setting?: unknown };
  return typeof cause === 'string' && (setting === undefined || SETTINGS.includes(setting as Setting));
}

function plainValue(value: Json): string {
  return Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : JSON.stringify(value);
}

function oneLine(message: string): string {
  const first = message.split('\n')[0] ?? '';
  return first.length > 500 ? `${first.slice(0, 499)}…` : first;
}
