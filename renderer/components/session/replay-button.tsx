// Replay a saved session against a live server: the Replay… button in the session toolbar, and the form
// it opens as a panel under the playback bar (a panel, not a popover, so the playhead readout stays in
// sight), with the values a recording masked (its credentials) when it needs them. Esc or a click
// elsewhere closes it. The target starts as the session's recorded one, or else the last one replayed
// to. The new session opens in its own tab; the diff shows there when the replay is over.
import { useEffect, useRef, useState } from 'react';
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

const FALLBACK_TARGET = 'http://localhost:3000';
/** The toggle is outside the form: a press on it toggles, it is not a click elsewhere. */
const TOGGLE_CLASS = 'replay-toggle';

export function ReplayButton({
  app,
  session,
  open,
  onToggle,
}: {
  readonly app: AppStore;
  readonly session: string;
  readonly open: boolean;
  readonly onToggle: () => void;
}) {
  const running = useApp(app).replays.get(session)?.status === 'running';
  return (
    <button
      className={`button ${TOGGLE_CLASS}`}
      data-testid="replay"
      aria-expanded={open}
      disabled={running}
      title="Send this session's client emits again to a live server, in a new tab, and compare its answers with the recorded ones"
      onClick={onToggle}
    >
      {running ? 'Replaying…' : 'Replay to server…'}
    </button>
  );
}

export function ReplayForm({
  app,
  session,
  recordedTarget,
  onClose,
}: {
  readonly app: AppStore;
  readonly session: string;
  /** The URL the session was recorded against, when its file says. */
  readonly recordedTarget: string | undefined;
  readonly onClose: () => void;
}) {
  const lastTarget = useApp(app).settings.replayTarget;
  const [target, setTarget] = useState(recordedTarget ?? lastTarget ?? FALLBACK_TARGET);
  const [speed, setSpeed] = useState('1');
  const [secrets, setSecrets] = useState<SecretsForm>(EMPTY_SECRETS_FORM);
  const [problem, setProblem] = useState<string | undefined>();
  const valid = /^(https?|wss?):\/\/[^/\s]+/i.test(target.trim());
  const box = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose();
    };
    const onPointer = (e: PointerEvent): void => {
      const at = e.target instanceof Element ? e.target : null;
      if (at === null || box.current?.contains(at) === true || at.closest(`.${TOGGLE_CLASS}`) !== null)
        return;
      onClose();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [onClose]);
  return (
    <form
      ref={box}
      className="replay-form"
      data-testid="replay-form"
      aria-label="Replay to a server"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        const given = toReplaySecrets(secrets);
        if (!given.ok) return setProblem(given.problem);
        setProblem(undefined);
        app.setReplayTarget(target.trim());
        onClose();
        void app.replay({
          session,
          target: target.trim(),
          speed: Number(speed),
          ...(given.secrets !== undefined && { secrets: given.secrets }),
        });
      }}
    >
      <div className="replay-form-row">
        <label className="replay-form-label" htmlFor={`replay-target-${session}`}>
          Replay to
        </label>
        <input
          id={`replay-target-${session}`}
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
        <button type="button" className="button button-quiet" onClick={onClose}>
          Cancel
        </button>
      </div>
      <details className="replay-secrets">
        <summary>Masked values</summary>
        <p className="muted">
          A recording made without keeping secrets shows &lt;redacted&gt; for its credentials; give the real
          ones here.
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
  );
}
