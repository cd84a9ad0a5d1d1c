// The one window: the renderer from our own scheme, shown once painted so it never flashes blank.
import { BrowserWindow } from 'electron';
import { APP_ENTRY } from './app-protocol';
import { secureWebPreferences } from './security';

export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    // The smallest window supported; test/e2e/screenshots.test.ts shows every view at this size.
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'sio-inspector',
    backgroundColor: '#1e1e1e',
    webPreferences: secureWebPreferences(preload),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY);
  return window;
}
