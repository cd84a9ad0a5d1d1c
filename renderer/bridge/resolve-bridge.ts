// Which bridge the page talks through: Electron's preload puts `window.inspector` in place before the
// page runs, answering with Outcome envelopes that are opened here; in a browser (`sio-inspector
// serve`) the same API runs over the web host's WebSocket, whose URL carries the token the page was
// opened with. Either way a failed call rejects with the same UserError, code included.
import type { InspectorApi } from '../../shared/bridge/api';
import { unwrapEnvelopedApi } from '../../shared/bridge/client';
import { bridgeUrl } from '../../shared/bridge/wire';
import { createWebBridge } from '../../shared/bridge/ws-client';

export async function resolveBridge(): Promise<InspectorApi> {
  if (window.inspector !== undefined) return unwrapEnvelopedApi(window.inspector);
  const url = bridgeUrl(location.href);
  if (url === undefined)
    throw new Error('open the URL that sio-inspector serve printed: it carries the access token');
  return createWebBridge(new WebSocket(url));
}
