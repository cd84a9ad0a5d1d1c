// A session can hold several connections (a proxy recording, a HAR); the analysis views show one at a time.
import { useState, type ReactNode } from 'react';
import type { ConnectionAnalysis } from '../../shared/bridge/api';

/** The frame of every per-connection view: keeps which connection is shown, with the picker on top. */
export function OneConnection({
  analyses,
  children,
}: {
  readonly analyses: readonly ConnectionAnalysis[];
  readonly children: (analysis: ConnectionAnalysis) => ReactNode;
}) {
  const [conn, setConn] = useState<string | null>(null);
  const a = analyses.find((x) => x.summary.conn === conn) ?? analyses[0];
  if (a === undefined) return <div className="empty">No connection in this session yet.</div>;
  return (
    <div className="scroll-view">
      <ConnectionPicker analyses={analyses} value={a.summary.conn} onChange={setConn} />
      {children(a)}
    </div>
  );
}

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
