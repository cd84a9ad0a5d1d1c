// How the CLI says a UserError: one line on stderr, settings named by their flags, never a stack trace,
// and an exit status by kind: 1 = the work failed (unreachable server, refused handshake, unwritable
// file), 2 = the request was wrong (arguments, a file that is not what it must be).
import type { Writable } from 'node:stream';
import type { Json } from '../../shared/record';
import {
  describeUserError,
  errorMessage,
  UserError,
  type Setting,
  type SettingWords,
  type UserErrorKind,
} from '../../shared/user-error';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export const EXIT_STATUS: Readonly<Record<UserErrorKind, number>> = {
  usage: EXIT_USAGE,
  input: EXIT_USAGE,
  'not-found': EXIT_USAGE,
  unsupported: EXIT_USAGE,
  io: EXIT_FAILURE,
  network: EXIT_FAILURE,
  protocol: EXIT_FAILURE,
};

const FLAGS: Readonly<Record<Setting, string>> = {
  url: 'the URL',
  eio: '--eio',
  transports: '--transports',
  upgrade: '--no-upgrade',
  path: '--path',
  namespaces: '--namespace',
  query: '--query',
  headers: '--header',
  auth: '--auth',
  insecure: '--insecure',
  parser: '--parser',
  conn: '--conn',
};

/** Settings as flags: "check --path", "try --eio 3", "try --insecure". */
export const CLI_WORDS: SettingWords = {
  name: (setting) => FLAGS[setting],
  fix: (setting, value) => `try ${FLAGS[setting]}${flagValue(value)}`,
};

export function usageError(message: string): UserError {
  return new UserError('usage', message);
}

/** `error` with `prefix: ` before its message, keeping its kind and cause (anything else is `io`). */
export function prefixError(prefix: string, error: unknown): UserError {
  if (!(error instanceof UserError)) return new UserError('io', `${prefix}: ${errorMessage(error)}`);
  return UserError.of({ ...error.data(), message: `${prefix}: ${error.message}` });
}

/** Writes the one line for any thrown value and answers the exit status. */
export function reportError(error: unknown, stderr: Writable): number {
  const line = error instanceof UserError ? describeUserError(error, CLI_WORDS) : errorMessage(error);
  stderr.write(`sio-inspector: ${line}\n`);
  return error instanceof UserError ? EXIT_STATUS[error.kind] : EXIT_FAILURE;
}

function flagValue(value: Json | undefined): string {
  if (value === undefined || value === true || value === false) return '';
  return ` ${Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : JSON.stringify(value)}`;
}
