// The preload: `window.inspector`, the bridge API over Electron IPC, and nothing else (docs/architecture.md §3).
// Namespaced methods built from the one method list; no generic invoke, no ipcRenderer, no Node handed
// to the page. With the main-side registration (window/ipc-bridge.ts), the only file that touches IPC.
// Runs sandboxed: esbuild bundles the shared code in, and `electron` is the one module it requires.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeEvent } from '../../shared/bridge/api';
import { EVENT_CHANNEL, ipcChannel } from '../../shared/bridge/channels';
import { createEnvelopedApi } from '../../shared/bridge/client';
import { failedOutcome, type Outcome } from '../../shared/bridge/outcome';

const api = createEnvelopedApi({
  // Errors cross contextBridge as plain Errors: the message survives, the UserError code does not.
  // So the page gets the Outcome envelope unopened (renderer/bridge unwraps it), and a failed invoke
  // (no handler, a dead main process) becomes an envelope too.
  call: (method, params) =>
    ipcRenderer
      .invoke(ipcChannel(method), params)
      .then((outcome: unknown) => outcome as Outcome<unknown>, failedOutcome),
  subscribe: (listener) => {
    // Only the event reaches the page, never the IpcRendererEvent (it holds the sender).
    const forward = (_event: IpcRendererEvent, event: BridgeEvent): void => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => void ipcRenderer.off(EVENT_CHANNEL, forward);
  },
});

contextBridge.exposeInMainWorld('inspector', api);
