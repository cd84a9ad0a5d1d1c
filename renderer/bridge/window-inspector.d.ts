// The preload's `window.inspector` (Electron), answering with Outcome envelopes that resolve-bridge.ts
// opens; absent in a plain browser, where the web bridge is used.
import type { EnvelopedApi } from '../../shared/bridge/client';

declare global {
  interface Window {
    readonly inspector?: EnvelopedApi;
  }
}
