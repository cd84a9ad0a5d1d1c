// Ack pairs in both directions: who asked, for which event, how long the answer took, and the ones never
// answered. A row shows its request in the timeline; an ack the server asked for can be answered here.
// During playback, the requests and answers up to the playhead: one not answered by then is waiting.
import { useState } from 'react';
import type { AckPair } from '../../../shared/analysis/acks';
import { useAnalysis } from '../../hooks/use-analysis';
import { useSession } from '../../hooks/use-store';
import { analysisTime } from '../../state/playback';
import { acksAt, type AcksShown } from '../../../shared/analysis/playback-acks';
import { ackHint } from '../../../shared/analysis/record-hint';
import { formatMs, formatTime, timeTitle } from '../../state/record-format';
import type { SessionStore } from '../../state/session-store';
import { AnalysisGate } from '../analysis-gate';
import { OneConnection } from '../connection-picker';
import { Fact } from '../fact';
import { AckAnswer } from './ack-answer';
import type { FrameLink } from '../../state/frame-locator';
import './acks.css';

type Show = 'all' | 'unanswered';

export function AcksView({
  store,
  onFrame,
}: {
  readonly store: SessionStore;
  readonly onFrame: (link: FrameLink) => void;
}) {
  const analysis = useAnalysis(store);
  const { playhead, total } = useSession(store);
  const time = analysisTime(playhead, total);
  const [show, setShow] = useState<Show>('all');
  const live = store.getSnapshot().info.kind === 'live' && store.getSnapshot().info.state === 'open';
  return (
    <AnalysisGate analysis={analysis} store={store}>
      {(analyses) => (
        <OneConnection analyses={analyses} time={time}>
          {(a) => {
            const acks = acksAt(a, time);
            const pairs = show === 'all' ? acks.pairs : acks.pairs.filter((p) => p.ackFrame === null);
            // Mid-playback an answer may still come: a request without one is waiting, not unanswered.
            const settled = time === null;
            return (
              <>
                <AckFacts acks={acks} />
                <div className="segmented small" role="group" aria-label="Show">
                  {(['all', 'unanswered'] as const).map((s) => (
                    <button
                      key={s}
                      className={show === s ? 'active' : ''}
                      aria-pressed={show === s}
                      onClick={() => setShow(s)}
                    >
                      {s === 'all' ? 'All' : settled ? 'Unanswered' : 'Waiting'}
                    </button>
                  ))}
                </div>
                {pairs.length === 0 ? (
                  <div className="empty" data-testid="acks-empty">
                    {acks.pairs.length > 0
                      ? 'Every ack was answered.'
                      : `No emit asked for an ack${settled ? '' : ' yet'}.`}
                  </div>
                ) : (
                  <table className="table" data-testid="acks-list">
                    <thead>
                      <tr>
                        <th>Asked by</th>
                        <th>Time</th>
                        <th>Nsp</th>
                        <th>Id</th>
                        <th>Event</th>
                        <th>Args</th>
                        <th className="num">Latency</th>
                        <th>Answer</th>
                      </tr>
                    </thead>
                    <tbody>
                      {pairs.map((p) => (
                        <AckRow
                          key={`${p.requestedBy}-${p.frame}-${p.id}`}
                          pair={p}
                          conn={a.summary.conn}
                          onFrame={onFrame}
                          canAnswer={live}
                          settled={settled}
                          store={store}
                        />
                      ))}
                    </tbody>
                  </table>
                )}
                {settled && a.acks.pairsOmitted > 0 && (
                  <p className="muted" data-testid="acks-omitted">
                    The table lists the latest {a.acks.pairs.length.toLocaleString('en-US')} requests;{' '}
                    {a.acks.pairsOmitted.toLocaleString('en-US')} earlier ones are counted above, not listed.
                  </p>
                )}
              </>
            );
          }}
        </OneConnection>
      )}
    </AnalysisGate>
  );
}

function AckRow({
  pair,
  conn,
  onFrame,
  canAnswer,
  settled,
  store,
}: {
  readonly pair: AckPair;
  readonly conn: string;
  readonly onFrame: (l: FrameLink) => void;
  readonly canAnswer: boolean;
  /** The records have all been shown: no answer by now is no answer at all. */
  readonly settled: boolean;
  readonly store: SessionStore;
}) {
  const [answering, setAnswering] = useState(false);
  const unanswered = pair.ackFrame === null;
  return (
    <>
      <tr
        className={`link-row${unanswered && settled ? ' row-bad' : ''}`}
        onClick={() => onFrame({ frame: pair.frame, conn, hint: ackHint(pair.nsp, pair.id, false) })}
        tabIndex={0}
        onKeyDown={(e) =>
          e.key === 'Enter' && onFrame({ frame: pair.frame, conn, hint: ackHint(pair.nsp, pair.id, false) })
        }
        data-testid="ack-row"
      >
        <td>{pair.requestedBy === 'client' ? '→ client' : '← server'}</td>
        <td className="mono" title={timeTitle(store.getSnapshot().info.started, pair.t)}>
          {formatTime(pair.t)}
        </td>
        <td className="mono">{pair.nsp}</td>
        <td className="mono">{pair.id}</td>
        <td className="mono">{pair.event === null ? '' : String(pair.event)}</td>
        <td className="mono ack-args" title={pair.args} data-testid="ack-args">
          {pair.args}
        </td>
        <td className="num mono">
          {!unanswered ? (
            formatMs(pair.latencyMs)
          ) : settled ? (
            <span className="bad">no answer</span>
          ) : (
            <span className="muted">waiting</span>
          )}
        </td>
        <td>
          {pair.answer !== null && (
            <span className="mono ack-args" title={pair.answer} data-testid="ack-answer">
              {pair.answer}{' '}
            </span>
          )}
          {pair.ackFrame !== null && (
            <button
              className="link"
              onClick={(e) => {
                e.stopPropagation();
                if (pair.ackFrame !== null)
                  onFrame({ frame: pair.ackFrame, conn, hint: ackHint(pair.nsp, pair.id, true) });
              }}
            >
              frame {pair.ackFrame}
            </button>
          )}
          {pair.duplicateFrames.length > 0 && (
            <span className="bad"> +{pair.duplicateFrames.length} duplicate</span>
          )}
          {unanswered && pair.requestedBy === 'server' && canAnswer && (
            <button
              className="button button-small"
              onClick={(e) => {
                e.stopPropagation();
                setAnswering(!answering);
              }}
            >
              Answer…
            </button>
          )}
        </td>
      </tr>
      {answering && (
        <tr>
          <td colSpan={8}>
            <AckAnswer store={store} pair={pair} onDone={() => setAnswering(false)} />
          </td>
        </tr>
      )}
    </>
  );
}

function AckFacts({ acks }: { readonly acks: AcksShown }) {
  const s = acks.summary;
  return (
    <dl className="facts" data-testid="ack-facts">
      <Fact label="Client asked">
        {s.answered}/{s.sent} <span className="muted">answered</span>
      </Fact>
      <Fact label="Latency">
        {formatMs(s.latencyMs.median)} <span className="muted">median · max {formatMs(s.latencyMs.max)}</span>
      </Fact>
      <Fact label="Server asked">
        {s.fromServer.answered}/{s.fromServer.requested} <span className="muted">answered</span>
      </Fact>
      <Fact label="Unanswered" bad={s.unanswered > 0}>
        {s.unanswered}
        {acks.waiting > 0 && <span className="muted"> · {acks.waiting} waiting</span>}
      </Fact>
      <Fact label="Duplicate / unknown" bad={s.duplicates + s.unknown > 0}>
        {s.duplicates} / {s.unknown}
      </Fact>
    </dl>
  );
}
