// Beside the emit composer, where the emit was made: this session's emits that asked for an ack, newest
// first, each with the server's reply and its latency, "waiting" while one may still come, or "no ack
// after N s". A row shows its request in the timeline.
import { useEffect, useRef, useState } from 'react';
import type { AckPair } from '../../../shared/analysis/acks';
import { useAnalysis } from '../../hooks/use-analysis';
import { formatMs } from '../../state/record-format';
import { ackHint } from '../../../shared/analysis/record-hint';
import { shownAnalyses, type SessionSnapshot, type SessionStore } from '../../state/session-store';

/** Until then an ack is still "waiting"; after it, "no ack after N s". */
export const ACK_PATIENCE_MS = 5000;
const SHOWN = 20;

export function SentAcks({ store, snap }: { readonly store: SessionStore; readonly snap: SessionSnapshot }) {
  const analysis = useAnalysis(store);
  const now = useRecordClock(store, snap);
  const analyses = shownAnalyses(analysis) ?? [];
  const sent = analyses
    .flatMap((a) =>
      a.acks.pairs.filter((p) => p.requestedBy === 'client').map((p) => ({ p, conn: a.summary.conn })),
    )
    .slice(-SHOWN)
    .reverse();
  if (sent.length === 0) return null;
  return (
    <div className="history sent-acks" data-testid="sent-acks">
      <div className="pane-title">Acks of the emits sent</div>
      <ul>
        {sent.map(({ p, conn }) => (
          <li key={`${conn}-${p.frame}-${p.id}`} className="history-item" data-testid="sent-ack">
            <button
              type="button"
              className="history-load"
              onClick={() => void store.selectFrame(p.frame, conn, ackHint(p.nsp, p.id, false))}
              title="Show the emit in the timeline"
            >
              <span className="mono history-event">{p.event === null ? '' : String(p.event)}</span>
              {p.nsp !== '/' && <span className="mono muted">{p.nsp}</span>}
              <span className="mono muted history-args">{p.args}</span>
            </button>
            <AckState pair={p} now={now} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function AckState({ pair, now }: { readonly pair: AckPair; readonly now: number | null }) {
  if (pair.answer !== null)
    return (
      <span className="ack-state ok" data-testid="sent-ack-state" data-state="answered">
        <span className="mono ack-reply" title={pair.answer}>
          {pair.answer}
        </span>{' '}
        {formatMs(pair.latencyMs)}
      </span>
    );
  const waited = now === null ? 0 : now - pair.t;
  return waited < ACK_PATIENCE_MS ? (
    <span className="ack-state muted" data-testid="sent-ack-state" data-state="waiting">
      waiting
    </span>
  ) : (
    <span className="ack-state bad" data-testid="sent-ack-state" data-state="missing">
      no ack after {Math.floor(waited / 1000)} s
    </span>
  );
}

/**
 * The session's clock on the records' scale (ms since it started): the newest record's time, moved on by
 * the wall time since it came, ticking each second while the connection is open; a closed session's clock
 * stops at its last record.
 */
function useRecordClock(store: SessionStore, snap: SessionSnapshot): number | null {
  const seen = useRef<{ t: number; at: number } | null>(null);
  const [, tick] = useState(0);
  const last = snap.total === 0 ? undefined : store.record(snap.total - 1);
  if (last !== undefined && (seen.current === null || last.t > seen.current.t))
    seen.current = { t: last.t, at: Date.now() };
  const running = snap.info.state === 'open';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [running]);
  if (seen.current === null) return null;
  return running ? seen.current.t + (Date.now() - seen.current.at) : seen.current.t;
}
