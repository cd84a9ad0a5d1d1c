// One-line messages: what failed and why, dismissable, never a stack trace.
import type { AppStore, Notice } from '../state/app-store';
import './notices.css';

export function Notices({
  store,
  notices,
}: {
  readonly store: AppStore;
  readonly notices: readonly Notice[];
}) {
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice-${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
          data-testid={n.kind === 'error' ? 'error' : 'notice'}
        >
          <span className="notice-icon" aria-hidden>
            {n.kind === 'error' ? '✕' : 'ℹ'}
          </span>
          <span className="notice-text">{n.message}</span>
          <button
            className="icon-button"
            title="Dismiss"
            aria-label="Dismiss"
            onClick={() => store.dismiss(n.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
