// Replay a saved session against a live server: the target URL and the speed, asked in a small form
// under the button, with the values a recording masked (its credentials) when it needs them. The new session opens in its own tab; the diff shows there when the replay is over.
import { useState } from 'react';
import { useApp } from '../../hooks/use-store';
import type { AppStore } from '../../state/app-store';
import { EMPTY_SECRETS_FORM, toReplaySecrets, type SecretsForm } from '../../state/replay-secrets-form';
import './replay.css';

const SPEEDS = [
  ['1', 'recorded timing'],
  ['2', '2x'],
  ['10', '10x'],
  ['0', 'as fast as possible'],
] as const;

const SECRET_FIELDS: readonly (readonly [keyof SecretsForm, string, string])[] = [
  ['headers', 'Headers, Name: value per line', 'X-Api-Key: …'],
  ['query', 'Query parameters, key=value per line', 'token=…'],
  ['auth', 'Auth payload, JSON', '{"token": "…"}'],
];

export function ReplayButton({ app, session }: { readonly app: AppStore; readonly session: string }) {
  const running = useApp(app).replays.get(session)?.status === 'running';
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState('http://localhost:3000');
  const [speed, setSpeed] = useState('1');
  const [secrets, setSecrets] = useState<SecretsForm>(EMPTY_SECRETS_FORM);
  const [problem, setProblem] = useState<string | undefined>();
  const valid = /^(https?|wss?):\/\/[^/\s]+/i.test(target.trim());
  return (
    <span className="replay">
      <button
        className="button"
        data-testid="replay"
        aria-expanded={open}
        disabled={running}
        title="Send this session's client emits again to a live server and compare the answers"
        onClick={() => setOpen(!open)}
      >
        {running ? 'Replaying…' : 'Replay…'}
      </button>
      {open && (
        <form
          className="replay-form"
          data-testid="replay-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!valid) return;
            const given = toReplaySecrets(secrets);
            if (!given.ok) return setProblem(given.problem);
            setProblem(undefined);
            setOpen(false);
            void app.replay({
              session,
              target: target.trim(),
              speed: Number(speed),
              ...(given.secrets !== undefined && { secrets: given.secrets }),
            });
          }}
        >
          <input
            className="input mono"
            aria-label="Replay target URL"
            value={target}
            onChange={(e) => setTarget(e.currentTarget.value)}
            spellCheck={false}
            autoFocus
            data-testid="replay-target"
          />
          <select
            className="input"
            aria-label="Replay speed"
            value={speed}
            onChange={(e) => setSpeed(e.currentTarget.value)}
            data-testid="replay-speed"
          >
            {SPEEDS.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
          <button className="button button-primary" disabled={!valid} data-testid="replay-start">
            Replay
          </button>
          <details className="replay-secrets">
            <summary>Masked values</summary>
            <p className="muted">
              A recording made without keeping secrets shows &lt;redacted&gt; for its credentials; give the
              real ones here.
            </p>
            {SECRET_FIELDS.map(([field, label, placeholder]) => (
              <textarea
                key={field}
                className="input mono"
                aria-label={label}
                placeholder={placeholder}
                value={secrets[field]}
                onChange={(e) => setSecrets({ ...secrets, [field]: e.currentTarget.value })}
                spellCheck={false}
                data-testid={`replay-secret-${field}`}
              />
            ))}
          </details>
          {problem !== undefined && (
            <small className="bad" role="alert">
              {problem}
            </small>
          )}
        </form>
      )}
    </span>
  );
}
