// A failure's proposed fix (`why.setting` set to `why.value`) applied to the options its connection was
// opened with: what "… and retry" reconnects with. Only settings the connection form has, and only a
// value it could hold; anything else is no fix the app can apply.
import type { ConnectOptions } from '../../shared/bridge/api';
import { PARSERS, type Parser } from '../../shared/record';
import type { UserErrorData } from '../../shared/user-error';

export function applyFix(options: ConnectOptions, failure: UserErrorData): ConnectOptions | undefined {
  const setting = failure.why?.setting;
  const value = failure.why?.value;
  if (setting === undefined || value === undefined) return undefined;
  switch (setting) {
    case 'eio':
      return value === 3 || value === 4 ? { ...options, eio: value } : undefined;
    case 'insecure':
      return value === true ? { ...options, insecure: true } : undefined;
    case 'parser':
      return (PARSERS as readonly unknown[]).includes(value)
        ? { ...options, parser: value as Parser }
        : undefined;
    case 'path':
      return typeof value === 'string' && value.startsWith('/') ? { ...options, path: value } : undefined;
    default:
      return undefined;
  }
}
