// Fault injection on the live connection. The Node side does not report fault state back, so what was
// switched on is remembered here per session (for as long as the page lives).
import { useState } from 'react';
import type { Fault } from '../../../shared/bridge/api';
import type { AppStore } from '../../state/app-store';
import './raw.css';
import { describeError } from '../../state/app-words';

interface FaultState {
  readonly heartbeatStopped: boolean;
  readonly pongDelay: number;
}

const remembered = new Map<string, FaultState>();

export function FaultPanel({
  app,
  session,
  open,
}: {
  readonly app: AppStore;
  readonly session: string;
  readonly open: boolean;
}) {
  const [state, setState] = useState<FaultState>(
    remembered.get(session) ?? { heartbeatStopped: false, pongDelay: 0 },
  );
  const [delay, setDelay] = useState(String(state.pongDelay || 1000));

  const apply = async (fault: Fault, next: FaultState | null): Promise<void> => {
    try {
      await app.api.connections.fault({ session, fault });
      if (next !== null) {
        remembered.set(session, next);
        setState(next);
      }
    } catch (e) {
      app.notify('error', `could not inject the fault: ${describeError(e)}`);
    }
  };

  const delayMs = Number(delay);
  const delayOk = Number.isInteger(delayMs) && delayMs >= 0;
  return (
    <section className="panel-section">
      <h3>Fault injection</h3>
      <label className="check fault">
        <input
          type="checkbox"
          checked={state.heartbeatStopped}
          disabled={!open}
          data-testid="fault-stop-heartbeat"
          onChange={(e) => {
            const on = e.currentTarget.checked;
            void apply({ kind: 'stop-heartbeat', on }, { ...state, heartbeatStopped: on });
          }}
        />
        <span>
          Stop the heartbeat{' '}
          <span className="muted">
            no pongs (v4) or no pings (v3): the server should give up after pingInterval + pingTimeout
          </span>
        </span>
      </label>
      <div className="form-row fault">
        <span>Delay pongs by</span>
        <input
          className="input input-narrow mono"
          value={delay}
          onChange={(e) => setDelay(e.currentTarget.value)}
          inputMode="numeric"
          aria-label="Pong delay in ms"
          data-testid="fault-delay"
        />
        <span className="muted">ms</span>
        <button
          type="button"
          className="button button-small"
          disabled={!open || !delayOk}
          onClick={() => void apply({ kind: 'delay-pong', ms: delayMs }, { ...state, pongDelay: delayMs })}
        >
          Apply
        </button>
        {state.pongDelay > 0 && (
          <button
            type="button"
            className="button button-small button-quiet"
            disabled={!open}
            onClick={() => void apply({ kind: 'delay-pong', ms: 0 }, { ...state, pongDelay: 0 })}
          >
            Reset (now {state.pongDelay} ms)
          </button>
        )}
      </div>
      <div className="form-row fault">
        <button
          type="button"
          className="button button-danger"
          disabled={!open}
          data-testid="fault-drop"
          onClick={() => void apply({ kind: 'drop-transport' }, null)}
        >
          Drop the transport
        </button>
        <span className="muted">closes the socket abruptly, with no close packet</span>
      </div>
    </section>
  );
}
