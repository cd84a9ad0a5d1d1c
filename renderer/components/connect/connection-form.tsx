// A new connection: the URL first (Enter connects), the rest of the Socket.IO options below it, and the
// recent connections to start from. Each connection opens in its own tab.
import { useState, type ReactNode } from 'react';
import type { ConnectOptions } from '../../../shared/bridge/api';
import type { Parser } from '../../../shared/record';
import { useLocalStorage } from '../../hooks/use-local-storage';
import type { AppStore } from '../../state/app-store';
import {
  DEFAULT_CONNECT_FORM,
  fromConnectOptions,
  toConnectOptions,
  type ConnectForm,
  type ConnectProblems,
} from '../../state/connect-form';
import { CodeEditor } from '../editor/code-editor';
import { parseRecent, rememberRecent } from './recent-connections';
import './connect.css';

export const PARSER_CHOICES: readonly (readonly [Parser, string])[] = [
  ['socket.io', 'Socket.IO'],
  ['msgpack', 'msgpack'],
  ['none', 'None · plain Engine.IO'],
];

export function ConnectionForm({ store }: { readonly store: AppStore }) {
  const [recent, setRecent] = useLocalStorage<ConnectOptions[]>('sio-inspector.recent', parseRecent);
  const [form, setForm] = useState<ConnectForm>(() =>
    recent[0] === undefined ? DEFAULT_CONNECT_FORM : fromConnectOptions(recent[0]),
  );
  const [problems, setProblems] = useState<ConnectProblems>({});
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ConnectForm>): void => setForm((f) => ({ ...f, ...patch }));

  const connect = async (): Promise<void> => {
    const result = toConnectOptions(form);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems({});
    setBusy(true);
    const ok = await store.connect(result.options);
    setBusy(false);
    if (ok) setRecent(rememberRecent(recent, result.options));
  };

  return (
    <div className="connect-page">
      <form
        className="connect-form"
        onSubmit={(e) => {
          e.preventDefault();
          void connect();
        }}
      >
        <h1>New connection</h1>
        <div className="url-row">
          <input
            className={`input url-input mono${problems.url === undefined ? '' : ' invalid'}`}
            value={form.url}
            onChange={(e) => set({ url: e.currentTarget.value })}
            placeholder="http://localhost:3000"
            aria-label="Server URL"
            spellCheck={false}
            autoFocus
            data-testid="connect-url"
          />
          <button className="button button-primary button-large" disabled={busy} data-testid="connect">
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        </div>
        <Problem text={problems.url} />

        <div className="form-grid">
          <Field label="Engine.IO">
            <Segmented
              value={form.eio}
              options={[
                ['auto', 'Auto'],
                ['4', 'v4 · Socket.IO 3+'],
                ['3', 'v3 · Socket.IO 1–2'],
              ]}
              onChange={(eio) => set({ eio })}
              testId="connect-eio"
            />
          </Field>
          <Field label="Transports">
            <Segmented
              value={form.transports}
              options={[
                ['upgrade', 'Polling + upgrade'],
                ['polling', 'Polling'],
                ['websocket', 'WebSocket'],
              ]}
              onChange={(transports) => set({ transports })}
              testId="connect-transports"
            />
          </Field>
          <Field label="Parser">
            <Segmented
              value={form.parser}
              options={PARSER_CHOICES}
              onChange={(parser) => set({ parser })}
              testId="connect-parser"
            />
          </Field>
          <Field label="Path" problem={problems.path}>
            <input
              className="input mono"
              value={form.path}
              onChange={(e) => set({ path: e.currentTarget.value })}
              spellCheck={false}
              data-testid="connect-path"
            />
          </Field>
          <Field label="Namespaces" hint="comma separated" problem={problems.namespaces}>
            <input
              className="input mono"
              value={form.namespaces}
              onChange={(e) => set({ namespaces: e.currentTarget.value })}
              spellCheck={false}
              data-testid="connect-namespaces"
            />
          </Field>
          <Field label="Query" hint="key=value, one a line" problem={problems.query}>
            <textarea
              className="input mono"
              rows={3}
              value={form.query}
              onChange={(e) => set({ query: e.currentTarget.value })}
              spellCheck={false}
              data-testid="connect-query"
            />
          </Field>
          <Field label="Headers" hint="Name: value, one a line" problem={problems.headers}>
            <textarea
              className="input mono"
              rows={3}
              value={form.headers}
              onChange={(e) => set({ headers: e.currentTarget.value })}
              spellCheck={false}
              data-testid="connect-headers"
            />
          </Field>
          <Field
            label="Auth"
            hint="Socket.IO auth, a JSON object (v4 servers get it as the namespace query)"
            problem={problems.auth}
            wide
          >
            <CodeEditor
              value={form.auth}
              onChange={(auth) => set({ auth })}
              testId="connect-auth"
              label="Socket.IO auth (JSON)"
              height={96}
              onSubmit={() => void connect()}
            />
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={form.insecure}
              onChange={(e) => set({ insecure: e.currentTarget.checked })}
              data-testid="connect-insecure"
            />
            Skip TLS certificate verification for this connection
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.deflate}
              onChange={(e) => set({ deflate: e.currentTarget.checked })}
              data-testid="connect-deflate"
            />
            Offer permessage-deflate compression on WebSocket
          </label>
        </div>
        <p className="hint">
          Or open a saved session: <kbd>Open session…</kbd> above, or drop a session file anywhere in the
          window.
        </p>
      </form>
      {recent.length > 0 && (
        <aside className="recent">
          <div className="pane-title">Recent</div>
          <ul>
            {recent.map((r, i) => (
              <li key={i}>
                <button
                  className="recent-item"
                  onClick={() => setForm(fromConnectOptions(r))}
                  title="Fill the form with this connection"
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
        </aside>
      )}
    </div>
  );
}

function Field({
  label,
  hint,
  problem,
  wide,
  children,
}: {
  readonly label: string;
  readonly hint?: string;
  readonly problem?: string;
  readonly wide?: boolean;
  readonly children: ReactNode;
}) {
  return (
    <div className={`field-block${wide === true ? ' wide' : ''}`}>
      <span className="field-head">
        {label} {hint !== undefined && <span className="muted">{hint}</span>}
      </span>
      {children}
      <Problem text={problem} />
    </div>
  );
}

function Problem({ text }: { readonly text: string | undefined }) {
  return text === undefined ? null : (
    <small className="bad" role="alert">
      {text}
    </small>
  );
}

export function Segmented<T extends string>({
  value,
  options,
  onChange,
  testId,
}: {
  readonly value: T;
  readonly options: readonly (readonly [T, string])[];
  readonly onChange: (v: T) => void;
  readonly testId: string;
}) {
  return (
    <div className="segmented" role="radiogroup" data-testid={testId}>
      {options.map(([v, label]) => (
        <button
          type="button"
          key={v}
          role="radio"
          aria-checked={value === v}
          className={value === v ? 'active' : ''}
          onClick={() => onChange(v)}
          data-value={v}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
