// A browser's own Engine.IO traffic, recorded over the DevTools protocol: launch the browser found on
// this machine on a page, or attach to one the user already runs with --remote-debugging-port. The
// page's connections appear in one new live session as they open.
import { useDraft } from '../../hooks/use-draft';
import { useStartForm } from '../../hooks/use-start-form';
import type { AppStore } from '../../state/app-store';
import { DEFAULT_BROWSER_FORM, toBrowserOptions, type BrowserForm } from '../../state/browser-form';
import { Segmented } from './connection-form';
import './connect.css';

export function BrowserFormView({ store }: { readonly store: AppStore }) {
  const [form, setForm] = useDraft<BrowserForm>(store.drafts, 'browser', DEFAULT_BROWSER_FORM);
  const { problems, busy, onSubmit } = useStartForm(
    () => toBrowserOptions(form),
    (options) => store.browser(options),
  );
  const set = (patch: Partial<BrowserForm>): void => setForm((f) => ({ ...f, ...patch }));
  const launch = form.mode === 'launch';

  const problem = launch ? problems.url : problems.cdp;
  return (
    <form className="connect-form" onSubmit={onSubmit}>
      <h1>Record a browser</h1>
      <Segmented
        value={form.mode}
        options={[
          ['launch', 'Open a page'],
          ['attach', 'Attach to a running browser'],
        ]}
        onChange={(mode) => set({ mode })}
        testId="browser-mode"
      />
      <div className="url-row">
        <input
          className={`input url-input mono${problem === undefined ? '' : ' invalid'}`}
          value={launch ? form.url : form.cdp}
          onChange={(e) => set(launch ? { url: e.currentTarget.value } : { cdp: e.currentTarget.value })}
          placeholder={launch ? 'http://localhost:3000/' : 'http://127.0.0.1:9222'}
          aria-label={launch ? 'Page URL' : 'DevTools endpoint'}
          spellCheck={false}
          autoFocus
          data-testid={launch ? 'browser-url' : 'browser-cdp'}
        />
        <button className="button button-primary button-large" disabled={busy} data-testid="browser-start">
          {busy ? 'Starting…' : launch ? 'Open and record' : 'Attach'}
        </button>
      </div>
      {problem !== undefined && (
        <small className="bad" role="alert">
          {problem}
        </small>
      )}
      <div className="form-grid">
        {launch ? (
          <label className="check">
            <input
              type="checkbox"
              checked={form.headless}
              onChange={(e) => set({ headless: e.currentTarget.checked })}
              data-testid="browser-headless"
            />
            Without a window (headless), for a machine with no display
          </label>
        ) : (
          <div className="field-block wide">
            <span className="field-head">
              Tabs{' '}
              <span className="muted">only those whose URL or title contains this; empty: every tab</span>
            </span>
            <input
              className="input mono"
              value={form.tab}
              onChange={(e) => set({ tab: e.currentTarget.value })}
              spellCheck={false}
              data-testid="browser-tab"
            />
          </div>
        )}
      </div>
      <p className="hint">
        {launch
          ? 'Starts Chromium, Chrome or Edge from this machine on a fresh temporary profile and records every Engine.IO connection of every page and frame it opens; closing the session closes the browser.'
          : 'Start the browser with --remote-debugging-port=9222 first. Only a loopback endpoint is accepted; closing the session detaches and leaves the browser and its pages running.'}{' '}
        Unlike the proxy, nothing about the page changes: it talks to its server as always.
      </p>
    </form>
  );
}
