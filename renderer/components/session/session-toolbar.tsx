// The session's state and what can be done with it: disconnect or reconnect a live one, replay a file, save, and the
// reason a connection ended.
import type { AppStore } from '../../state/app-store';
import type { SessionSnapshot, SessionStore } from '../../state/session-store';
import { shownState } from '../../state/shown-state';
import { ReplayButton } from './replay-button';
import { saveSession } from './session-files';
import './session-state.css';

export function SessionToolbar({
  app,
  store,
  snap,
}: {
  readonly app: AppStore;
  readonly store: SessionStore;
  readonly snap: SessionSnapshot;
}) {
  const { info } = snap;
  const live = info.kind === 'live';
  const running = live && (info.state === 'open' || info.state === 'connecting');
  const canReconnect = live && !running && app.options(info.session) !== undefined;
  const state = shownState(info);
  return (
    <div className="session-bar">
      <span className={`state-pill state-${state.key}`} title={state.title} data-testid="session-state">
        <span className={`state-dot state-${state.key}`} aria-hidden />
        {state.label}
      </span>
      <span className="session-title" title={info.title}>
        {info.title}
      </span>
      {info.proxy !== undefined && (
        <span
          className="session-proxy"
          title="Point clients at the first address; traffic goes on to the second"
        >
          proxy {info.proxy.listen} → {info.proxy.target}
        </span>
      )}
      <span className="session-count" data-testid="record-count">
        {snap.total.toLocaleString()} records
      </span>
      {info.reason !== undefined && (
        <span className="session-reason" title={info.reason} data-testid="session-reason">
          {info.reason}
        </span>
      )}
      {snap.error !== null && (
        <span className="session-error" title={snap.error} role="alert">
          {snap.error}
        </span>
      )}
      <span className="spacer" />
      {running && (
        <button className="button" data-testid="disconnect" onClick={() => void app.disconnect(info.session)}>
          Disconnect
        </button>
      )}
      {canReconnect && (
        <button className="button" data-testid="reconnect" onClick={() => void app.reconnect(info.session)}>
          Reconnect
        </button>
      )}
      {info.kind === 'file' && <ReplayButton app={app} session={info.session} />}
      <button
        className="button"
        data-testid="save-session"
        onClick={() => void saveSession(app, store.id, info.title)}
      >
        Save…
      </button>
      <button
        className="button button-quiet"
        data-testid="export-har"
        title="Save as HAR, which Chrome DevTools opens"
        onClick={() => void saveSession(app, store.id, info.title, 'har')}
      >
        Export HAR
      </button>
    </div>
  );
}
