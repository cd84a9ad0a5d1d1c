// The session's state and what can be done with it: disconnect or reconnect a live one, replay a file, save, and the
// reason a connection ended.
import { describeUserError } from '../../../shared/user-error';
import type { AppStore } from '../../state/app-store';
import { APP_WORDS } from '../../state/app-words';
import { applyFix } from '../../state/connect-fix';
import type { SessionSnapshot, SessionStore } from '../../state/session-store';
import { shownState } from '../../state/shown-state';
import { ReplayButton } from './replay-button';
import { saveSession } from './session-files';
import './session-state.css';

export function SessionToolbar({
  app,
  store,
  snap,
  replayOpen,
  onReplayToggle,
}: {
  readonly app: AppStore;
  readonly store: SessionStore;
  readonly snap: SessionSnapshot;
  /** The replay form (shown by the session view, under the playback bar) is open. */
  readonly replayOpen: boolean;
  readonly onReplayToggle: () => void;
}) {
  const { info } = snap;
  const live = info.kind === 'live';
  const running = live && (info.state === 'open' || info.state === 'connecting');
  const opened = app.options(info.session);
  const canReconnect = live && !running && opened !== undefined;
  const state = shownState(info);
  // A failure in the form's words, and its fix as a button when the form can take it.
  const failure = info.failure;
  const reason = failure === undefined ? info.reason : describeUserError(failure, APP_WORDS);
  const fixed = !canReconnect || failure === undefined ? undefined : applyFix(opened, failure);
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
      {reason !== undefined && (
        <span className="session-reason" title={reason} data-testid="session-reason">
          {reason}
        </span>
      )}
      {snap.error !== null && (
        <span className="session-error" title={snap.error} role="alert">
          {snap.error}
        </span>
      )}
      <span className="spacer" />
      {info.kind === 'file' && info.state === 'loading' && (
        <button
          className="button"
          data-testid="stop-loading"
          title="Stop reading the file; the records read so far stay"
          onClick={() => void store.stopLoading()}
        >
          Stop reading
        </button>
      )}
      {running && (
        <button className="button" data-testid="disconnect" onClick={() => void app.disconnect(info.session)}>
          {info.proxy !== undefined
            ? 'Stop proxy'
            : info.browser !== undefined
              ? 'Stop recording'
              : 'Disconnect'}
        </button>
      )}
      {fixed !== undefined && failure?.why?.setting !== undefined && (
        <button className="button" data-testid="apply-fix" onClick={() => void app.connect(fixed)}>
          {fixLabel(APP_WORDS.fix(failure.why.setting, failure.why.value))} and retry
        </button>
      )}
      {canReconnect && (
        <button className="button" data-testid="reconnect" onClick={() => void app.reconnect(info.session)}>
          Reconnect
        </button>
      )}
      {info.kind === 'file' && (
        <ReplayButton app={app} session={info.session} open={replayOpen} onToggle={onReplayToggle} />
      )}
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

/** "set Engine.IO to v3" → "Set Engine.IO to v3". */
function fixLabel(fix: string): string {
  return fix.charAt(0).toUpperCase() + fix.slice(1);
}
