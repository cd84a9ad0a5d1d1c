// Monaco is a few MB: load it when an editor first shows, not with the timeline.
import type * as MonacoSetup from './monaco-setup';

export type MonacoModule = typeof MonacoSetup;

let loading: Promise<MonacoModule> | null = null;

export function loadMonaco(): Promise<MonacoModule> {
  loading ??= import('./monaco-setup');
  return loading;
}
