// The one window: the renderer from our own scheme, shown once painted so it never flashes blank.
import { BrowserWindow } from 'electron';
import { APP_ENTRY } from './app-protocol';
import { secureWebPreferences } from './security';

export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'sio-inspector',
    backgroundColor: '#1e1e1e',
    webPreferences: secureWebPreferences(preload),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY);
  return window;
}
