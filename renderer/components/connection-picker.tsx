// A session can hold several connections (a proxy recording, a HAR); the analysis views show one at a time.
import type { ConnectionAnalysis } from '../../shared/bridge/api';

export function ConnectionPicker({
  analyses,
  value,
  onChange,
}: {
  readonly analyses: readonly ConnectionAnalysis[];
  readonly value: string;
  readonly onChange: (conn: string) => void;
}) {
  if (analyses.length < 2) return null;
  return (
    <div className="segmented conn-picker" role="group" aria-label="Connection">
      {analyses.map((a) => (
        <button
          key={a.summary.conn}
          className={a.summary.conn === value ? 'active' : ''}
          aria-pressed={a.summary.conn === value}
          onClick={() => onChange(a.summary.conn)}
        >
          {a.summary.conn}
          {a.summary.sid === null ? '' : ` · ${a.summary.sid.slice(0, 8)}`}
        </button>
      ))}
    </div>
  );
}
