// The top bar: one tab per session (live connections and opened files), the new-connection tab, and
// open-file. A live tab shows its connection state as a dot. A tab that opens, or becomes the one shown,
// is scrolled into the strip's sight.
import { useLayoutEffect, useRef, useState } from 'react';
import { useSession } from '../hooks/use-store';
import type { AppSnapshot, AppStore } from '../state/app-store';
import type { SessionStore } from '../state/session-store';
import { shownState } from '../state/shown-state';
import { tabLabels, type TabLabel } from '../state/tab-labels';
import { PARSER_CHOICES } from './connect/connection-form';
import { openSessionDialog, readSessionFile, type OpenParser } from './session/session-files';
import './session-tabs.css';
import './session/session-state.css';

export function SessionTabs({ store, app }: { readonly store: AppStore; readonly app: AppSnapshot }) {
  const fileInput = useRef<HTMLInputElement>(null);
  // Opening a file again with another parser decodes its messages anew (a msgpack or plain Engine.IO session).
  const [parser, setParser] = useState<OpenParser>('auto');
  const native = window.inspector !== undefined;
  // A session's title never changes, so the snapshot read here is the one its tab shows.
  const labels = tabLabels(app.sessions.map((s) => s.getSnapshot().info.title));
  const strip = useRef<HTMLElement>(null);
  const seen = useRef<{ readonly ids: ReadonlySet<string>; readonly active: string | null }>({
    ids: new Set(),
    active: null,
  });
  useLayoutEffect(() => {
    const before = seen.current;
    seen.current = { ids: new Set(app.sessions.map((s) => s.id)), active: app.active };
    const added = app.sessions.filter((s) => !before.ids.has(s.id)).at(-1)?.id;
    // A new tab in the background is brought into sight too: it is how the user learns it opened.
    const target = added ?? (app.active !== before.active ? app.active : null);
    if (target === null) return;
    const tab = strip.current?.querySelector(`[data-session="${CSS.escape(target)}"]`);
    tab?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [app.sessions, app.active]);
  return (
    <header className="topbar">
      <div className="brand" title="sio-inspector">
        <span className="brand-mark" aria-hidden>
          ◆
        </span>
        sio-inspector
      </div>
      <nav className="session-tabs" role="tablist" aria-label="Sessions" ref={strip}>
        {app.sessions.map((s, i) => (
          <SessionTab
            key={s.id}
            store={store}
            session={s}
            label={labels[i] ?? { head: s.id, tail: '' }}
            active={app.active === s.id}
          />
        ))}
      </nav>
      <button
        className={`new-tab${app.active === null ? ' active' : ''}`}
        aria-pressed={app.active === null}
        data-testid="new-connection"
        onClick={() => store.activate(null)}
        title="New connection"
      >
        + New connection
      </button>
      <div className="topbar-actions">
        <select
          className="input"
          value={parser}
          onChange={(e) => setParser(e.currentTarget.value as OpenParser)}
          aria-label="Parser for opening a session"
          title="How to decode the messages of the session opened next"
          data-testid="open-session-parser"
        >
          <option value="auto">As recorded</option>
          {PARSER_CHOICES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button
          className="button"
          data-testid="open-session"
          title="Open a saved session file"
          onClick={() => (native ? void openSessionDialog(store, parser) : fileInput.current?.click())}
        >
          Open session…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".ndjson,.jsonl,.json,.har,.sio,.txt,application/x-ndjson,application/json,text/plain"
          hidden
          data-testid="open-session-input"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file !== undefined) void readSessionFile(store, file, parser);
          }}
        />
      </div>
    </header>
  );
}

function SessionTab({
  store,
  session,
  label,
  active,
}: {
  readonly store: AppStore;
  readonly session: SessionStore;
  readonly label: TabLabel;
  readonly active: boolean;
}) {
  const snap = useSession(session);
  const { info } = snap;
  const state = shownState(info);
  return (
    <div className={`session-tab${active ? ' active' : ''}`} role="presentation" data-session={info.session}>
      <button
        role="tab"
        aria-selected={active}
        className="session-tab-main"
        data-testid={`session-tab`}
        title={info.title}
        onClick={() => store.activate(info.session)}
      >
        <span className={`state-dot state-${state.key}`} aria-label={state.label} />
        <span className="session-tab-title">
          <span className="session-tab-head">{label.head}</span>
          {label.tail !== '' && <span className="session-tab-tail">{label.tail}</span>}
        </span>
        <span className="session-tab-count">{snap.total.toLocaleString()}</span>
      </button>
      <button
        className="icon-button session-tab-close"
        title="Close session"
        aria-label={`Close ${info.title}`}
        onClick={() => void store.close(info.session)}
      >
        ×
      </button>
    </div>
  );
}
