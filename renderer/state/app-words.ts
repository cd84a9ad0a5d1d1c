// How the app says a UserError: settings by the connection form's field names, and fixes as what to
// change in the form, never the CLI's flags.
import type { Json } from '../../shared/record';
import {
  describeUserError,
  errorMessage,
  UserError,
  type Setting,
  type SettingWords,
} from '../../shared/user-error';

const FIELDS: Readonly<Record<Setting, string>> = {
  url: 'the URL',
  eio: 'Engine.IO',
  transports: 'Transports',
  upgrade: 'Transports',
  path: 'Path',
  namespaces: 'Namespaces',
  query: 'Query',
  headers: 'Headers',
  auth: 'Auth',
  insecure: '“Skip TLS certificate verification”',
  parser: 'Parser',
  conn: 'the connection',
};

/** "set Engine.IO to v3", "tick “Skip TLS certificate verification”". */
export const APP_WORDS: SettingWords = {
  name: (setting) => FIELDS[setting],
  fix: (setting, value) =>
    `${setting === 'insecure' ? 'tick' : 'set'} ${FIELDS[setting]}${fieldValue(setting, value)}`,
};

/** One line for any failure the page hears: a UserError in the app's words, anything else as it is. */
export function describeError(error: unknown): string {
  return error instanceof UserError ? describeUserError(error, APP_WORDS) : errorMessage(error);
}

function fieldValue(setting: Setting, value: Json | undefined): string {
  if (value === undefined || typeof value === 'boolean') return '';
  if (setting === 'eio') return ` to v${String(value)}`;
  if (setting === 'transports' && Array.isArray(value))
    return ` to ${value.length === 1 ? (value[0] === 'websocket' ? 'WebSocket' : 'Polling') : 'Polling + upgrade'}`;
  return ` to ${typeof value === 'string' ? value : JSON.stringify(value)}`;
}
