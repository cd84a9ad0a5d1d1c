// A recording proxy: the real server and the port to listen on. Clients pointed at the proxy reach the
// server unchanged and every frame both ways is decoded into a new live session.
import { useDraft } from '../../hooks/use-draft';
import { useStartForm } from '../../hooks/use-start-form';
import type { AppStore } from '../../state/app-store';
import { DEFAULT_PROXY_FORM, toProxyOptions, type ProxyForm } from '../../state/proxy-form';
import { PARSER_CHOICES } from './connection-form';
import './connect.css';

export function ProxyFormView({ store }: { readonly store: AppStore }) {
  const [form, setForm] = useDraft<ProxyForm>(store.drafts, 'proxy', DEFAULT_PROXY_FORM);
  const { problems, busy, onSubmit } = useStartForm(
    () => toProxyOptions(form),
    (options) => store.proxy(options),
  );

  return (
    <form className="connect-form" onSubmit={onSubmit}>
      <h1>Recording proxy</h1>
      <div className="url-row">
        <input
          className={`input url-input mono${problems.target === undefined ? '' : ' invalid'}`}
          value={form.target}
          onChange={(e) => setForm({ ...form, target: e.currentTarget.value })}
          placeholder="http://localhost:3000"
          aria-label="Target server URL"
          spellCheck={false}
          autoFocus
          data-testid="proxy-target"
        />
        <button className="button button-primary button-large" disabled={busy} data-testid="proxy-start">
          {busy ? 'Starting…' : 'Start proxy'}
        </button>
      </div>
      {problems.target !== undefined && (
        <small className="bad" role="alert">
          {problems.target}
        </small>
      )}
      <div className="form-grid">
        <div className="field-block">
          <span className="field-head">
            Listen port <span className="muted">0 = any free port; binds 127.0.0.1</span>
          </span>
          <input
            className="input mono"
            inputMode="numeric"
            value={form.port}
            onChange={(e) => setForm({ ...form, port: e.currentTarget.value })}
            data-testid="proxy-port"
          />
          {problems.port !== undefined && (
            <small className="bad" role="alert">
              {problems.port}
            </small>
          )}
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.insecure}
            onChange={(e) => setForm({ ...form, insecure: e.currentTarget.checked })}
            data-testid="proxy-insecure"
          />
          Skip TLS certificate verification of an https target, for this proxy only
        </label>
        <div className="field-block">
          <span className="field-head">
            Parser <span className="muted">Auto reads socket.io and notices msgpack clients</span>
          </span>
          <select
            className="input"
            value={form.parser}
            onChange={(e) => setForm({ ...form, parser: e.currentTarget.value as ProxyForm['parser'] })}
            data-testid="proxy-parser"
          >
            <option value="auto">Auto</option>
            {PARSER_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="hint">
        Point any client (a browser app, a mobile client) at the proxy: it forwards polling and WebSocket
        traffic unchanged and records both directions, each client its own connection. Clients speak plain
        http to the proxy; the proxy speaks TLS to an https target.
      </p>
    </form>
  );
}
