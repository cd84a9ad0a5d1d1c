// A new connection: the URL first (Enter connects), the rest of the Socket.IO options below it, and the
// recent connections to start from. Each connection opens in its own tab.
import { useState, type ReactNode } from 'react';
import type { ConnectOptions } from '../../../shared/bridge/api';
import type { Parser } from '../../../shared/record';
import { useApp } from '../../hooks/use-store';
import type { AppStore } from '../../state/app-store';
import {
  DEFAULT_CONNECT_FORM,
  fromConnectOptions,
  toConnectOptions,
  type ConnectForm,
  type ConnectProblems,
} from '../../state/connect-form';
import { CodeEditor } from '../editor/code-editor';
import { KeptConnections } from './kept-connections';
import './connect.css';

export const PARSER_CHOICES: readonly (readonly [Parser, string])[] = [
  ['socket.io', 'Socket.IO'],
  ['msgpack', 'msgpack'],
  ['none', 'None · plain Engine.IO'],
];

export function ConnectionForm({ store }: { readonly store: AppStore }) {
  const app = useApp(store);
  // The form lives in the app store, so it is as the user left it when its tab shows again.
  const form = app.form ?? store.initialForm() ?? DEFAULT_CONNECT_FORM;
  const [problems, setProblems] = useState<ConnectProblems>({});
  const [busy, setBusy] = useState(false);
  const [saving, setSaving] = useState<{ name: string; keepSecrets: boolean } | null>(null);
  const setForm = (next: ConnectForm): void => {
    const result = toConnectOptions(next);
    store.setForm(next, result.ok ? result.options : undefined);
  };
  const set = (patch: Partial<ConnectForm>): void =>
    setForm({ ...(store.getSnapshot().form ?? form), ...patch });

  /** The form's options, or null with each wrong field said next to it. */
  const checked = (): ConnectOptions | null => {
    const result = toConnectOptions(form);
    setProblems(result.ok ? {} : result.problems);
    return result.ok ? result.options : null;
  };

  const connect = async (): Promise<void> => {
    const options = checked();
    if (options === null) return;
    setBusy(true);
    await store.connect(options);
    setBusy(false);
  };

  const save = async (): Promise<void> => {
    const options = checked();
    if (options === null || saving === null || saving.name.trim() === '') return;
    await store.saveConnection(saving.name.trim(), options, saving.keepSecrets);
    setSaving(null);
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
          <button
            type="button"
            className="button button-large"
            onClick={() => setSaving(saving === null ? { name: '', keepSecrets: false } : null)}
            aria-expanded={saving !== null}
            title="Keep this connection by name, to open it again in one click"
            data-testid="connect-save-open"
          >
            Save…
          </button>
        </div>
        <Problem text={problems.url} />
        {saving !== null && (
          <div className="save-row">
            <input
              className="input"
              value={saving.name}
              onChange={(e) => setSaving({ ...saving, name: e.currentTarget.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void save();
                }
                if (e.key === 'Escape') setSaving(null);
              }}
              placeholder="Name"
              aria-label="Name of the saved connection"
              maxLength={100}
              autoFocus
              data-testid="connect-save-name"
            />
            <label className="check">
              <input
                type="checkbox"
                checked={saving.keepSecrets}
                onChange={(e) => setSaving({ ...saving, keepSecrets: e.currentTarget.checked })}
                data-testid="connect-save-secrets"
              />
              Keep auth, credential headers and query in the file in clear
            </label>
            <button
              type="button"
              className="button"
              disabled={saving.name.trim() === ''}
              onClick={() => void save()}
              data-testid="connect-save"
            >
              Save
            </button>
          </div>
        )}

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
          <label className="check" title="As socket.io-client does: its backoff, no attempt limit">
            <input
              type="checkbox"
              checked={form.reconnect}
              onChange={(e) => set({ reconnect: e.currentTarget.checked })}
              data-testid="connect-reconnect"
            />
            Reconnect after a loss, offering connection-state recovery
          </label>
        </div>
        <p className="hint">
          Or open a saved session: <kbd>Open session…</kbd> above, or drop a session file anywhere in the
          window.
        </p>
      </form>
      <KeptConnections store={store} app={app} onFill={(options) => setForm(fromConnectOptions(options))} />
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
