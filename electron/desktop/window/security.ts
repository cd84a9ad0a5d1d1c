// Every security default of the desktop app, in one guarded module (docs/architecture.md, "Security" and
// §5, after VS Code): a sandboxed, context-isolated renderer without Node, no navigation, no new
// windows, no permissions, no network but our own scheme. Each relaxation would be commented here;
// there are none.
import type { Session, WebContents, WebPreferences } from 'electron';
import { APP_SCHEME } from './app-protocol';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** For every WebContents the app ever creates: it stays on its page and opens nothing. */
export function lockDownContents(contents: WebContents): void {
  // The renderer is one page; a navigation is a bug or an attack (a dropped file, a crafted link).
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The session's permissions all denied, and its requests kept to our own scheme. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // The renderer talks to the Node side over IPC only; it never fetches from the network or disk itself.
  // (Connections to inspected servers are made by the main process.)
  session.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file:///*'] },
    (details, callback) => callback({ cancel: !details.url.startsWith(`${APP_SCHEME}:`) }),
  );
}
