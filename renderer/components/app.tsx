// The shell: session tabs across the top, the active session (or the connection form) below, and the
// one-line notices. Dropping a session file anywhere opens it.
import { useCallback, useEffect, useState, type DragEvent } from 'react';
import { useApp } from '../hooks/use-store';
import type { AppStore } from '../state/app-store';
import { NewConnection } from './connect/new-connection';
import { Notices } from './notices';
import { readSessionFile } from './session/session-files';
import { SessionTabs } from './session-tabs';
import { SessionView } from './session/session-view';
import './app.css';

export function App({ store }: { readonly store: AppStore }) {
  const app = useApp(store);
  const active = store.store(app.active);
  const [dragging, setDragging] = useState(false);

  const onDrop = useCallback(
    (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer.files[0];
      if (file !== undefined) void readSessionFile(store, file);
    },
    [store],
  );

  useEffect(() => {
    document.title =
      active === undefined ? 'sio-inspector' : `${active.getSnapshot().info.title} — sio-inspector`;
  }, [active, app.active]);

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <SessionTabs store={store} app={app} />
      <Notices store={store} notices={app.notices} />
      <main className="main">
        {active !== undefined ? (
          <SessionView key={active.id} app={store} store={active} />
        ) : app.ready ? (
          <NewConnection store={store} />
        ) : (
          <div className="empty">Connecting to the inspector…</div>
        )}
      </main>
      {dragging && <div className="drop-hint">Drop a session file to open it</div>}
    </div>
  );
}
