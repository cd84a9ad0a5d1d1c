// The preload's `window.inspector` (Electron); absent in a plain browser, where the web bridge is used.
import type { InspectorApi } from '../../shared/bridge/api';

declare global {
  interface Window {
    readonly inspector?: InspectorApi;
  }
}
