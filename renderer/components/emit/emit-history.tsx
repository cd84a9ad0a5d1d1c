// Sent emits, newest first: click to load one back into the editor, or resend it as it was.
import type { EmitEntry } from '../../state/emit-history';
import './emit.css';

export function EmitHistory({
  history,
  onLoad,
  onResend,
  canSend,
}: {
  readonly history: readonly EmitEntry[];
  readonly onLoad: (e: EmitEntry) => void;
  readonly onResend: (e: EmitEntry) => void;
  readonly canSend: boolean;
}) {
  if (history.length === 0) return null;
  return (
    <div className="history">
      <div className="pane-title">History</div>
      <ul>
        {history.map((e, i) => (
          <li key={i} className="history-item" data-testid="emit-history-item">
            <button
              type="button"
              className="history-load"
              onClick={() => onLoad(e)}
              title="Load into the editor"
            >
              <span className="mono history-event">{e.event}</span>
              {e.nsp !== '/' && <span className="mono muted">{e.nsp}</span>}
              {e.ack && <span className="chip">ack</span>}
              <span className="mono muted history-args">{e.args.replace(/\s+/g, ' ')}</span>
            </button>
            <button
              type="button"
              className="button button-small"
              disabled={!canSend}
              onClick={() => onResend(e)}
            >
              Resend
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
