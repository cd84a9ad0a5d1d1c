// Which bridge the page talks through: Electron's preload puts `window.inspector` in place before the
// page runs; in a browser (`sio-inspector serve`) the same API runs over the web host's WebSocket.
import type { InspectorApi } from '../../shared/bridge/api';

export async function resolveBridge(): Promise<InspectorApi> {
  if (window.inspector !== undefined) return window.inspector;
  throw new Error('no bridge: open this page through sio-inspector serve or the desktop app');
}
