// The live connection's namespaces, first-class: each one's status as the server answered (a refusal
// with its reason), leave it, join it again with the auth given here (re-authenticate), or join another.
import { useState } from 'react';
import type { Json } from '../../../shared/record';
import type { LiveNamespace } from '../../../shared/bridge/api';
import type { AppStore } from '../../state/app-store';
import { describeError } from '../../state/app-words';
import { useDraft } from '../../hooks/use-draft';
import { namespaceProblem } from '../../state/emit-args';

export function NamespacePanel({
  app,
  session,
  namespaces,
  open,
}: {
  readonly app: AppStore;
  readonly session: string;
  readonly namespaces: readonly LiveNamespace[];
  readonly open: boolean;
}) {
  const [nsp, setNsp] = useDraft(app.drafts, `join:${session}:nsp`, '/admin');
  const [auth, setAuth] = useDraft(app.drafts, `join:${session}:auth`, '');
  const [authProblem, setAuthProblem] = useState<string | null>(null);
  const nspProblem = namespaceProblem(nsp);

  const join = async (target: string): Promise<void> => {
    let parsed: Json | undefined;
    if (auth.trim() !== '') {
      try {
        parsed = JSON.parse(auth) as Json;
      } catch {
        setAuthProblem('auth must be JSON, or empty for none');
        return;
      }
    }
    setAuthProblem(null);
    try {
      await app.api.connections.join({ session, nsp: target, ...(parsed !== undefined && { auth: parsed }) });
    } catch (e) {
      app.notify('error', `could not join ${target}: ${describeError(e)}`);
    }
  };

  const leave = async (target: string): Promise<void> => {
    try {
      await app.api.connections.leave({ session, nsp: target });
    } catch (e) {
      app.notify('error', `could not leave ${target}: ${describeError(e)}`);
    }
  };

  return (
    <div className="namespace-panel" data-testid="namespace-panel">
      <div className="form-row">
        <label className="field-block narrow">
          <span>Namespace</span>
          <input
            className="input mono"
            value={nsp}
            onChange={(e) => setNsp(e.currentTarget.value)}
            spellCheck={false}
            data-testid="join-nsp"
          />
          {nspProblem !== null && <small className="bad">{nspProblem}</small>}
        </label>
        <label className="field-block grow">
          <span>
            Auth <span className="muted">JSON for this namespace only, empty for none</span>
          </span>
          <input
            className="input mono"
            value={auth}
            placeholder='{"token": "…"}'
            onChange={(e) => setAuth(e.currentTarget.value)}
            spellCheck={false}
            data-testid="join-auth"
          />
          {authProblem !== null && <small className="bad">{authProblem}</small>}
        </label>
        <button
          type="button"
          className="button"
          disabled={!open || nspProblem !== null}
          onClick={() => void join(nsp)}
          data-testid="join"
        >
          Join
        </button>
      </div>
      {namespaces.length > 0 && (
        <ul className="namespace-list">
          {namespaces.map((n) => (
            <li key={n.nsp} data-testid="namespace" data-nsp={n.nsp} data-status={n.status}>
              <span className="mono">{n.nsp}</span>
              <span className={`namespace-status status-${n.status}`}>{n.status}</span>
              {n.error !== undefined && (
                <span className="bad namespace-error" title={n.error}>
                  {n.error}
                </span>
              )}
              <span className="spacer" />
              <button
                type="button"
                className="button button-small"
                disabled={!open}
                onClick={() => void join(n.nsp)}
                title="Leave if joined, then join again with the auth above"
                data-testid="namespace-rejoin"
              >
                {n.status === 'connected' ? 'Re-authenticate' : 'Join again'}
              </button>
              {(n.status === 'connected' || n.status === 'connecting') && (
                <button
                  type="button"
                  className="button button-small"
                  disabled={!open}
                  onClick={() => void leave(n.nsp)}
                  data-testid="namespace-leave"
                >
                  Leave
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
