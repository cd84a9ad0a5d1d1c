// The last connections made, newest first, kept in the settings file with their secrets masked.
import type { ConnectOptions } from '../../shared/bridge/api';
import { maskConnectOptions, MAX_RECENT_CONNECTIONS } from '../../shared/settings/app-settings';

export function rememberRecent(recent: readonly ConnectOptions[], options: ConnectOptions): ConnectOptions[] {
  const kept = maskConnectOptions(options);
  const key = JSON.stringify(kept);
  return [kept, ...recent.filter((r) => JSON.stringify(r) !== key)].slice(0, MAX_RECENT_CONNECTIONS);
}
