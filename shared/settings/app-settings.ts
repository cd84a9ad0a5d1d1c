// What the app keeps between runs, as the plain JSON file a person may edit (settings.json in the user's
// config folder): connections saved by name, the recent connections and files, the connection form as
// it was left, and the session files that were open. The file is read back as hostile input: each entry
// is checked on its own, so one bad entry is left out (and named) instead of losing the rest.
// Secrets stay out of it unless the user asks per saved connection (`keepSecrets`): masked by the same
// rules as session headers (shared/session/secrets.ts).
import type { AckAnswers, ConnectOptions } from '../bridge/api';
import { array, boolean, check, fail, object, optional, string } from '../bridge/guards';
import { parseAckAnswers, parseConnectOptions, URL_RULES } from '../bridge/validate';
import { isSecretName, MASKED, redactAuth, redactUrl } from '../session/secrets';

export interface SavedConnection {
  readonly name: string;
  readonly options: ConnectOptions;
  /** The options were saved with their credentials in clear, because the user asked. */
  readonly keepSecrets?: boolean;
}

export interface AppSettings {
  /** Saved by name, in the order they were saved; names are unique. */
  readonly connections: readonly SavedConnection[];
  /** The connections made lately, newest first, secrets masked. */
  readonly recentConnections: readonly ConnectOptions[];
  /** The connection form as it was last left (when it made valid options), secrets masked. */
  readonly form?: ConnectOptions;
  /** Session files on the Node side's disk opened or recorded lately, newest first. */
  readonly recentFiles: readonly string[];
  /** Session files open when the app last ran, reopened at start. */
  readonly openFiles: readonly string[];
  /** Which of them was shown. */
  readonly activeFile?: string;
  /** Recordings and saved sessions keep credentials in clear (the "Keep secrets in recordings" setting). */
  readonly keepSecrets?: boolean;
  /** How the app's connections answer the server's ack requests (absent: `[]` to every one). */
  readonly ackAnswers?: AckAnswers;
  /** The server a session was last replayed to, credentials in the URL masked. */
  readonly replayTarget?: string;
}

/** The fields the page writes (`settings.write`); the rest the Node side keeps itself. */
export type SettingsUpdate = Partial<
  Pick<
    AppSettings,
    | 'connections'
    | 'recentConnections'
    | 'form'
    | 'activeFile'
    | 'keepSecrets'
    | 'ackAnswers'
    | 'replayTarget'
  >
>;

export const EMPTY_SETTINGS: AppSettings = {
  connections: [],
  recentConnections: [],
  recentFiles: [],
  openFiles: [],
};

export const MAX_SAVED_CONNECTIONS = 200;
export const MAX_RECENT_CONNECTIONS = 8;
export const MAX_RECENT_FILES = 12;
export const MAX_OPEN_FILES = 32;
export const MAX_CONNECTION_NAME_CHARS = 100;
const MAX_FILE_PATH_CHARS = 4096;

export interface ReadSettings {
  readonly settings: AppSettings;
  /** What was left out, by path; empty when the file was whole. */
  readonly problems: readonly string[];
}

/** Settings from a parsed file: every field and entry that does not fit is left out and named. */
export function readSettings(value: unknown): ReadSettings {
  const problems: string[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { settings: EMPTY_SETTINGS, problems: ['the file must hold a JSON object'] };
  const o = value as Readonly<Record<string, unknown>>;
  const entries = <T>(key: string, max: number, read: (v: unknown, at: string) => T): T[] => {
    const list = o[key];
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      problems.push(`${key} must be an array`);
      return [];
    }
    const out: T[] = [];
    for (let i = 0; i < Math.min(list.length, max); i++) {
      const checked = check(() => read(list[i], `${key}[${i}]`));
      if (checked.ok) out.push(checked.value);
      else problems.push(checked.error);
    }
    if (list.length > max) problems.push(`${key} holds more than ${max} entries; the rest are left out`);
    return out;
  };
  const connections = uniqueNames(entries('connections', MAX_SAVED_CONNECTIONS, savedConnection), problems);
  const recentConnections = entries('recentConnections', MAX_RECENT_CONNECTIONS, connectOptions);
  const recentFiles = entries('recentFiles', MAX_RECENT_FILES, filePath);
  const openFiles = entries('openFiles', MAX_OPEN_FILES, filePath);
  const single = <T>(key: string, read: (v: unknown, at: string) => T): T | undefined => {
    const checked = check(() => optional(o[key], (v) => read(v, key)));
    if (checked.ok) return checked.value;
    problems.push(checked.error);
    return undefined;
  };
  const form = single('form', connectOptions);
  const activeFile = single('activeFile', filePath);
  const keepSecrets = single('keepSecrets', boolean);
  const ackAnswers = single('ackAnswers', answers);
  const replayTarget = single('replayTarget', targetUrl);
  const known = new Set([
    'ackAnswers',
    'replayTarget',
    'connections',
    'recentConnections',
    'form',
    'recentFiles',
    'openFiles',
    'activeFile',
    'keepSecrets',
  ]);
  for (const key of Object.keys(o)) if (!known.has(key)) problems.push(`unknown field "${key.slice(0, 40)}"`);
  return {
    settings: {
      connections,
      recentConnections,
      recentFiles,
      openFiles,
      ...(form !== undefined && { form }),
      ...(activeFile !== undefined && { activeFile }),
      ...(keepSecrets !== undefined && { keepSecrets }),
      ...(ackAnswers !== undefined && { ackAnswers }),
      ...(replayTarget !== undefined && { replayTarget }),
    },
    problems,
  };
}

/** What `settings.write` accepts: each given field whole and valid, or the request is refused. */
export function parseSettingsUpdate(value: unknown): SettingsUpdate {
  const o = object(value, 'request', [
    'connections',
    'recentConnections',
    'form',
    'activeFile',
    'keepSecrets',
    'ackAnswers',
    'replayTarget',
  ]);
  const connections = optional(o.connections, (v) =>
    array(v, 'request.connections', MAX_SAVED_CONNECTIONS, savedConnection),
  );
  if (connections !== undefined && new Set(connections.map((c) => c.name)).size !== connections.length)
    fail('request.connections', 'must not repeat a name');
  const recentConnections = optional(o.recentConnections, (v) =>
    array(v, 'request.recentConnections', MAX_RECENT_CONNECTIONS, connectOptions),
  );
  const form = optional(o.form, (v) => connectOptions(v, 'request.form'));
  const activeFile = optional(o.activeFile, (v) => filePath(v, 'request.activeFile'));
  const keepSecrets = optional(o.keepSecrets, (v) => boolean(v, 'request.keepSecrets'));
  const ackAnswers = optional(o.ackAnswers, (v) => answers(v, 'request.ackAnswers'));
  const replayTarget = optional(o.replayTarget, (v) => targetUrl(v, 'request.replayTarget'));
  return {
    ...(connections !== undefined && { connections }),
    ...(recentConnections !== undefined && { recentConnections }),
    ...(form !== undefined && { form }),
    ...(activeFile !== undefined && { activeFile }),
    ...(keepSecrets !== undefined && { keepSecrets }),
    ...(ackAnswers !== undefined && { ackAnswers }),
    ...(replayTarget !== undefined && { replayTarget }),
  };
}

/**
 * The options with what looks like a credential masked: the URL's user info and secret-named query
 * parameters, secret-named query entries and headers, every value of the auth payload.
 */
export function maskConnectOptions(options: ConnectOptions): ConnectOptions {
  const maskMap = (map: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(Object.entries(map).map(([k, v]) => [k, isSecretName(k) ? MASKED : v]));
  return {
    ...options,
    url: redactUrl(options.url),
    ...(options.query !== undefined && { query: maskMap(options.query) }),
    ...(options.headers !== undefined && { headers: maskMap(options.headers) }),
    ...(options.auth !== undefined && { auth: redactAuth(options.auth) }),
  };
}

/** A saved connection as it is written: masked unless the user asked to keep its secrets. */
export function savedConnectionOf(
  name: string,
  options: ConnectOptions,
  keepSecrets: boolean,
): SavedConnection {
  return keepSecrets ? { name, options, keepSecrets: true } : { name, options: maskConnectOptions(options) };
}

function savedConnection(value: unknown, at: string): SavedConnection {
  const o = object(value, at, ['name', 'options', 'keepSecrets']);
  const name = string(o.name, `${at}.name`, { min: 1, max: MAX_CONNECTION_NAME_CHARS });
  const keepSecrets = optional(o.keepSecrets, (v) => boolean(v, `${at}.keepSecrets`));
  return {
    name: name.trim() === '' ? fail(`${at}.name`, 'must not be blank') : name,
    options: connectOptions(o.options, `${at}.options`),
    ...(keepSecrets === true && { keepSecrets }),
  };
}

function connectOptions(value: unknown, at: string): ConnectOptions {
  const checked = parseConnectOptions(value);
  if (checked.ok) return checked.value;
  // "options.url must be…" read as "connections[0].options.url must be…"
  const named = /^options(\S*) (.*)$/.exec(checked.error);
  return named === null ? fail(at, checked.error) : fail(`${at}${named[1] ?? ''}`, named[2] ?? '');
}

function answers(value: unknown, at: string): AckAnswers {
  return parseAckAnswers(object(value, at, ['ackReply', 'ackReplies']), at);
}

function targetUrl(value: unknown, at: string): string {
  return string(value, at, URL_RULES);
}

function filePath(value: unknown, at: string): string {
  return string(value, at, {
    min: 1,
    max: MAX_FILE_PATH_CHARS,
    // eslint-disable-next-line no-control-regex -- a path with control characters is not one we wrote
    pattern: /^[^\x00-\x1f\x7f]+$/,
    shape: 'must be a file path',
  });
}

function uniqueNames(list: readonly SavedConnection[], problems: string[]): SavedConnection[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    if (!seen.has(c.name)) return seen.add(c.name);
    problems.push(`connections: the name "${c.name}" is saved twice; the later one is left out`);
    return false;
  });
}
