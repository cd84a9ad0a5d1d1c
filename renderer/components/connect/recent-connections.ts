// The last connections made, newest first, kept in localStorage. Headers and auth are left out: they
// often hold tokens, and localStorage is not the place for secrets.
import type { ConnectOptions } from '../../../shared/bridge/api';

const LIMIT = 8;

export function rememberRecent(recent: readonly ConnectOptions[], options: ConnectOptions): ConnectOptions[] {
  const { headers: _headers, auth: _auth, ...kept } = options;
  const key = JSON.stringify(kept);
  return [kept, ...recent.filter((r) => JSON.stringify(r) !== key)].slice(0, LIMIT);
}

export function parseRecent(text: string | null): ConnectOptions[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter(isOptions).slice(0, LIMIT) : [];
  } catch {
    return [];
  }
}

function isOptions(v: unknown): v is ConnectOptions {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.url === 'string' && Array.isArray(o.transports) && typeof o.upgrade === 'boolean';
}
