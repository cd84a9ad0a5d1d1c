// Replay a saved session against a live server: the target URL and the speed, asked in a small form
// under the button. The new session opens in its own tab; the diff shows there when the replay is over.
import { useState } from 'react';
import { useApp } from '../../hooks/use-store';
import type { AppStore } from '../../state/app-store';
import './replay.css';

const SPEEDS = [
  ['1', 'recorded timing'],
  ['2', '2x'],
  ['10', '10x'],
  ['0', 'as fast as possible'],
] as const;

export function ReplayButton({ app, session }: { readonly app: AppStore; readonly session: string }) {
  const running = useApp(app).replays.get(session)?.status === 'running';
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState('http://localhost:3000');
  const [speed, setSpeed] = useState('1');
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
            setOpen(false);
            void app.replay({ session, target: target.trim(), speed: Number(speed) });
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
        </form>
      )}
    </span>
  );
}
