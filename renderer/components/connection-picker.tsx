// A session can hold several connections (a proxy recording, a HAR); the analysis views show one at a
// time. During playback, only the connections that had started by the playhead are there to pick. A
// few are buttons; more are a list of the first MAX_LISTED_CONNECTIONS, and past those an id is typed
// (a load test through the proxy has thousands, and a DOM node each would slow every view).
import { useState, type ReactNode } from 'react';
import type { ConnectionAnalysis } from '../../shared/bridge/api';
import { MAX_LISTED_CONNECTIONS } from '../../shared/limits';
import { connectionsAt, sidAt } from '../../shared/analysis/playback-analysis';

/** Connections picked with buttons; more are a list. */
export const PICKER_BUTTONS = 12;

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

interface PickerProps {
  readonly analyses: readonly ConnectionAnalysis[];
  readonly time: number | null;
  readonly value: string;
  readonly onChange: (conn: string) => void;
}

export function ConnectionPicker(props: PickerProps) {
  const { analyses, time, value, onChange } = props;
  if (analyses.length < 2) return null;
  if (analyses.length > PICKER_BUTTONS) return <ConnectionList {...props} />;
  return (
    <div className="segmented conn-picker" role="group" aria-label="Connection">
      {analyses.map((a) => (
        <button
          key={a.summary.conn}
          className={a.summary.conn === value ? 'active' : ''}
          aria-pressed={a.summary.conn === value}
          onClick={() => onChange(a.summary.conn)}
        >
          {connectionLabel(a, time)}
        </button>
      ))}
    </div>
  );
}

/** The connection's id and, once it has one, the start of its Engine.IO sid at `time`. */
function connectionLabel(a: ConnectionAnalysis, time: number | null): string {
  const sid = sidAt(a, time);
  return `${a.summary.conn}${sid === null ? '' : ` · ${sid.slice(0, 8)}`}`;
}

function ConnectionList({ analyses, time, value, onChange }: PickerProps) {
  const listed = analyses.slice(0, MAX_LISTED_CONNECTIONS);
  const unlisted = analyses.length - listed.length;
  const chosen = analyses.find((a) => a.summary.conn === value);
  const [typed, setTyped] = useState('');
  const typedKnown = typed === '' || analyses.some((a) => a.summary.conn === typed);
  const label = (a: ConnectionAnalysis): string => connectionLabel(a, time);
  return (
    <div className="conn-picker" role="group" aria-label="Connection">
      <select
        className="input"
        aria-label="Connection"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        data-testid="conn-picker-list"
      >
        {listed.map((a) => (
          <option key={a.summary.conn} value={a.summary.conn}>
            {label(a)}
          </option>
        ))}
        {chosen !== undefined && !listed.includes(chosen) && (
          <option value={chosen.summary.conn}>{label(chosen)}</option>
        )}
        {unlisted > 0 && <option disabled>and {unlisted.toLocaleString()} more: type an id beside</option>}
      </select>
      {unlisted > 0 && (
        <input
          className="input input-narrow"
          placeholder="Connection id"
          aria-label="Connection id"
          aria-invalid={!typedKnown}
          title={typedKnown ? undefined : 'no analysed connection has this id'}
          spellCheck={false}
          value={typed}
          onChange={(e) => {
            const conn = e.currentTarget.value;
            setTyped(conn);
            if (analyses.some((a) => a.summary.conn === conn)) onChange(conn);
          }}
          data-testid="conn-picker-id"
        />
      )}
    </div>
  );
}
