// A replayed session's report: how the server's answers differ from the recorded ones (matched,
// different, missing, extra, answered in neither run), in recorded order, join by join: each namespace CONNECT accepted or refused, the acks and
// events on it, and how each ack's latency changed.
import { useState } from 'react';
import {
  ANSWER_STATUSES,
  type AnswerDiff,
  type AnswerSide,
  type AnswerStatus,
} from '../../../shared/analysis/replay-diff';
import { useApp } from '../../hooks/use-store';
import type { AppStore } from '../../state/app-store';
import { formatMs, preview } from '../../state/record-format';
import './replay.css';

const STATUS_WORDS: Readonly<Record<AnswerStatus, string>> = {
  matched: 'matched',
  different: 'different',
  missing: 'missing',
  extra: 'extra',
  unanswered: 'no answer in either run',
};

export function ReplayDiffPanel({ app, session }: { readonly app: AppStore; readonly session: string }) {
  const replay = useApp(app).replays.get(session);
  const [hidden, setHidden] = useState(false);
  if (replay?.status !== 'done' || hidden) return null;
  const { diff } = replay;
  const conns = new Set(diff.answers.map((a) => a.conn)).size > 1;
  return (
    <section className="replay-diff" data-testid="replay-diff" aria-label="Replay report">
      <div className="replay-diff-head">
        <strong>Replay against {replay.target}</strong>{' '}
        {replay.cancelled && (
          <span className="chip chip-cancelled" data-testid="replay-cancelled">
            cancelled: only what ran is compared
          </span>
        )}
        {ANSWER_STATUSES.map((s) => (
          <span key={s} className={`chip chip-${s}`} data-testid={`replay-${s}`}>
            {diff.counts[s]} {STATUS_WORDS[s]}
          </span>
        ))}
        <button className="button button-quiet button-small" onClick={() => setHidden(true)}>
          Hide
        </button>
      </div>
      {diff.answers.length === 0 ? (
        <p className="muted">The server answered nothing either time.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Status</th>
              <th>Answer</th>
              <th>Recorded</th>
              <th>Replayed</th>
              <th>Ack latency</th>
            </tr>
          </thead>
          <tbody>
            {diff.answers.map((a, i) => (
              <AnswerRow key={i} a={a} conns={conns} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AnswerRow({ a, conns }: { readonly a: AnswerDiff; readonly conns: boolean }) {
  const where = `${conns ? `${a.conn} ` : ''}${a.nsp}`;
  const on = a.join > 1 ? ` (join #${a.join})` : '';
  const name =
    a.kind === 'join'
      ? `join ${where} #${a.join}`
      : `${a.kind === 'ack' ? 'ack to' : 'event'} ${String(a.event ?? '?')} #${a.index + 1} ${where}${on}`;
  const latency =
    a.latencyChangeMs === undefined
      ? ''
      : `${formatMs(a.recorded?.latencyMs)} → ${formatMs(a.replayed?.latencyMs)} (${a.latencyChangeMs >= 0 ? '+' : ''}${formatMs(a.latencyChangeMs)})`;
  return (
    <tr data-status={a.status} data-kind={a.kind}>
      <td className={a.status === 'matched' ? 'ok' : 'bad'}>{STATUS_WORDS[a.status]}</td>
      <td className="mono">{name}</td>
      <td className="mono">{side(a.recorded)}</td>
      <td className="mono">{side(a.replayed)}</td>
      <td className="mono">{latency}</td>
    </tr>
  );
}

function side(s: AnswerSide | undefined): string {
  if (s === undefined) return '—';
  if (s.outcome !== undefined) return s.outcome === 'refused' ? `refused: ${s.error ?? ''}` : 'accepted';
  return preview([...s.args], 80);
}
