// The main side of the bridge over Electron IPC: one handler per bridge method, all going to the handler
// table's validated dispatch (ipc-answer.ts: sender checked first, every answer an Outcome envelope),
// and BridgeEvents pushed to our windows. With the preload, the only file that touches Electron IPC
// (docs/architecture.md, "Layout").
import { ipcMain, type WebContents } from 'electron';
import { BRIDGE_METHODS, EVENT_CHANNEL, ipcChannel } from '../../../shared/bridge/channels';
import type { HandlerTable } from '../../app/handler-table';
import { isAppUrl } from './app-protocol';
import { ipcAnswer, trustedSender, type IpcCall } from './ipc-answer';

export interface IpcBridge {
  /** Lets `contents` call the bridge and receive its events. */
  admit(contents: WebContents): void;
  dispose(): void;
}

export function registerIpcBridge(table: HandlerTable): IpcBridge {
  const admitted = new Set<WebContents>();
  const trusted = (event: IpcCall): boolean => trustedSender(event, admitted, isAppUrl);
  for (const method of BRIDGE_METHODS) ipcMain.handle(ipcChannel(method), ipcAnswer(table, method, trusted));
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
