// Beside the connection form: the connections saved by name (one click connects), the recent ones (a
// click fills the form) and the recent session files (a click opens one), all from the settings file.
import type { ConnectOptions } from '../../../shared/bridge/api';
import type { AppSnapshot, AppStore } from '../../state/app-store';

export function KeptConnections({
  store,
  app,
  onFill,
}: {
  readonly store: AppStore;
  readonly app: AppSnapshot;
  readonly onFill: (options: ConnectOptions) => void;
}) {
  const { connections, recentConnections, recentFiles } = app.settings;
  if (connections.length === 0 && recentConnections.length === 0 && recentFiles.length === 0) return null;
  return (
    <aside className="recent" data-testid="kept-connections">
      {connections.length > 0 && (
        <>
          <div className="pane-title">Saved</div>
          <ul>
            {connections.map((c) => (
              <li key={c.name} className="saved-item">
                <button
                  className="recent-item"
                  onClick={() => void store.openSaved(c.name)}
                  title={`Connect to ${c.options.url}`}
                  data-testid="saved-connection"
                  data-name={c.name}
                >
                  <span>{c.name}</span>
                  <span className="muted mono">{c.options.url}</span>
                </button>
                <button
                  className="icon-button"
                  onClick={() => onFill(c.options)}
                  title="Fill the form with this connection"
                  aria-label={`Edit ${c.name}`}
                  data-testid="saved-connection-edit"
                >
                  ✎
                </button>
                <button
                  className="icon-button"
                  onClick={() => void store.forgetConnection(c.name)}
                  title="Forget this saved connection"
                  aria-label={`Forget ${c.name}`}
                  data-testid="saved-connection-forget"
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {recentConnections.length > 0 && (
        <>
          <div className="pane-title">Recent</div>
          <ul>
            {recentConnections.map((r, i) => (
              <li key={i}>
                <button
                  className="recent-item"
                  onClick={() => onFill(r)}
                  title="Fill the form with this connection"
                  data-testid="recent-connection"
                >
                  <span className="mono">{r.url}</span>
                  <span className="muted">
                    {r.eio === undefined ? 'auto' : `v${r.eio}`} · {r.transports.join('+')}
                    {(r.namespaces ?? ['/']).join(' ') === '/' ? '' : ` · ${(r.namespaces ?? []).join(' ')}`}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {recentFiles.length > 0 && (
        <>
          <div className="pane-title">Recent files</div>
          <ul>
            {recentFiles.map((path) => (
              <li key={path}>
                <button
                  className="recent-item"
                  onClick={() => void store.openRecent(path)}
                  title={path}
                  data-testid="recent-file"
                >
                  <span className="mono">{path.split(/[\\/]/).pop()}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {app.settingsFile !== undefined && (
        <p className="muted kept-where" title={app.settingsFile}>
          Kept in {app.settingsFile}
        </p>
      )}
    </aside>
  );
}
