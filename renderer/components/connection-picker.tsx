// A session can hold several connections (a proxy recording, a HAR); the analysis views show one at a
// time. During playback, only the connections that had started by the playhead are there to pick.
import { useState, type ReactNode } from 'react';
import type { ConnectionAnalysis } from '../../shared/bridge/api';
import { connectionsAt, sidAt } from '../../shared/analysis/playback-analysis';

/**
 * The frame of every per-connection view: keeps which connection is shown, with the picker on top.
 * `time`: the playhead's (analysisTime), null for the whole session.
 */
export function OneConnection({
  analyses: all,
  time,
  children,
}: {
  readonly analyses: readonly ConnectionAnalysis[];
  readonly time: number | null;
  readonly children: (analysis: ConnectionAnalysis) => ReactNode;
}) {
  const [conn, setConn] = useState<string | null>(null);
  const analyses = connectionsAt(all, time);
  const a = analyses.find((x) => x.summary.conn === conn) ?? analyses[0];
  if (a === undefined) return <div className="empty">No connection in this session yet.</div>;
  return (
    <div className="scroll-view">
      <ConnectionPicker analyses={analyses} time={time} value={a.summary.conn} onChange={setConn} />
      {children(a)}
    </div>
  );
}

export function ConnectionPicker({
  analyses,
  time,
  value,
  onChange,
}: {
  readonly analyses: readonly ConnectionAnalysis[];
  readonly time: number | null;
  readonly value: string;
  readonly onChange: (conn: string) => void;
}) {
  if (analyses.length < 2) return null;
  return (
    <div className="segmented conn-picker" role="group" aria-label="Connection">
      {analyses.map((a) => {
        const sid = sidAt(a, time);
        return (
          <button
            key={a.summary.conn}
            className={a.summary.conn === value ? 'active' : ''}
            aria-pressed={a.summary.conn === value}
            onClick={() => onChange(a.summary.conn)}
          >
            {a.summary.conn}
            {sid === null ? '' : ` · ${sid.slice(0, 8)}`}
          </button>
        );
      })}
    </div>
  );
}
