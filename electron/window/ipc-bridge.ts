// The main side of the bridge over Electron IPC: one handler per bridge method, all going to the handler
// table's validated dispatch, and BridgeEvents pushed to our windows. With the preload, the only file
// that touches Electron IPC (DESIGN.md, "Layout"). Every call's sender is checked first (STYLE.md §4):
// our page, in a window we made, from its main frame.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { BRIDGE_METHODS, EVENT_CHANNEL, ipcChannel } from '../../shared/bridge/channels';
import type { Outcome } from '../../shared/bridge/outcome';
import type { HandlerTable } from '../app/handler-table';
import { isAppUrl } from './app-protocol';

export interface IpcBridge {
  /** Lets `contents` call the bridge and receive its events. */
  admit(contents: WebContents): void;
  dispose(): void;
}

export function registerIpcBridge(table: HandlerTable): IpcBridge {
  const admitted = new Set<WebContents>();
  for (const method of BRIDGE_METHODS) {
    ipcMain.handle(
      ipcChannel(method),
      (event, params: unknown): Promise<Outcome<unknown>> | Outcome<unknown> => {
        if (!trusted(event, admitted))
          return {
            ok: false,
            error: { code: 'invalid-request', message: 'refused: not the inspector window' },
          };
        return table.dispatch(method, params);
      },
    );
  }
  const unsubscribe = table.subscribe((event) => {
    for (const contents of admitted) {
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(EVENT_CHANNEL, event);
    }
  });
  return {
    admit: (contents) => {
      admitted.add(contents);
      contents.once('destroyed', () => admitted.delete(contents));
    },
    dispose: () => {
      unsubscribe();
      for (const method of BRIDGE_METHODS) ipcMain.removeHandler(ipcChannel(method));
      admitted.clear();
    },
  };
}

function trusted(event: IpcMainInvokeEvent, admitted: ReadonlySet<WebContents>): boolean {
  const frame = event.senderFrame;
  if (frame === null || !admitted.has(event.sender)) return false;
  // Only the page itself: not an iframe (there should be none), not a page navigated elsewhere.
  return frame.parent === null && isAppUrl(frame.url);
}
