// React's view of the external stores: one subscription, snapshots compared by identity. The server
// snapshot is the same one: rendering to a string (the component tests) reads the store as it stands.
import { useSyncExternalStore } from 'react';
import type { AppSnapshot, AppStore } from '../state/app-store';
import type { SessionSnapshot, SessionStore } from '../state/session-store';

export function useApp(store: AppStore): AppSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

export function useSession(store: SessionStore): SessionSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
