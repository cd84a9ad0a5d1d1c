// The desktop app's main process: the security defaults, our scheme, the handler table behind IPC,
// and one window. The Node side owns the sockets and the session log; the renderer only asks
// (docs/architecture.md, "Layout").
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { app, session } from 'electron';
import { createHandlerTable } from '../app/handler-table';
import { connectLive } from '../app/live-session';
import { defaultSessionsDir } from '../session-io/recording-file';
import { registerAppScheme, serveAppScheme } from './window/app-protocol';
import { nativeDialogs } from './window/dialogs';
import { registerIpcBridge } from './window/ipc-bridge';
import { createMainWindow } from './window/main-window';
import { hardenSession, lockDownContents } from './window/security';

// The bundle is dist/main.cjs; the preload and the built renderer sit beside it.
const PRELOAD = join(__dirname, 'preload.cjs');
const RENDERER = join(__dirname, 'renderer');
/** How long quitting waits for connections to close and recordings to flush. */
const QUIT_GRACE_MS = 3000;

registerAppScheme();
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => lockDownContents(contents));

if (!app.requestSingleInstanceLock()) app.quit();
else void app.whenReady().then(start);

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  serveAppScheme(RENDERER);
  let window: BrowserWindow | undefined;
  const table = createHandlerTable({
    connect: connectLive,
    services: nativeDialogs(() => window),
    recordDir: defaultSessionsDir(),
    settingsDir: app.getPath('userData'),
  });
  await table.restore();
  const ipc = registerIpcBridge(table);
  const open = (): void => {
    window = createMainWindow(PRELOAD);
    ipc.admit(window.webContents);
    window.on('closed', () => (window = undefined));
  };
  open();
  app.on('second-instance', () => {
    if (window === undefined) return open();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (window === undefined) open();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay running without windows; everywhere else the last window ends the app.
    if (process.platform !== 'darwin') app.quit();
  });
  // Live connections get their clean close and recordings their last flush before the app goes.
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    const grace = new Promise<void>((resolve) => setTimeout(resolve, QUIT_GRACE_MS));
    void Promise.race([table.dispose(), grace]).finally(() => {
      ipc.dispose();
      app.quit();
    });
  });
}
