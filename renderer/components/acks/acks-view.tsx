// Ack pairs in both directions: who asked, for which event, how long the answer took, and the ones never
// answered. A row shows its request in the timeline; an ack the server asked for can be answered here.
import { useState } from 'react';
import type { AckPair } from '../../../shared/analysis/acks';
import type { ConnectionAnalysis } from '../../../shared/bridge/api';
import { useAnalysis } from '../../hooks/use-analysis';
import type { AppStore } from '../../state/app-store';
import { validateArgs } from '../../state/emit-args';
import { ackHint } from '../../state/record-hint';
import { formatMs, formatTime } from '../../state/record-format';
import { messageOf, type SessionStore } from '../../state/session-store';
import { AnalysisGate } from '../analysis-gate';
import { OneConnection } from '../connection-picker';
import type { FrameLink } from '../session/session-view';

type Show = 'all' | 'unanswered';

export function AcksView({
  app,
  store,
  onFrame,
}: {
  readonly app: AppStore;
  readonly store: SessionStore;
  readonly onFrame: (link: FrameLink) => void;
}) {
  const analysis = useAnalysis(store);
  const [show, setShow] = useState<Show>('all');
  const live = store.getSnapshot().info.kind === 'live' && store.getSnapshot().info.state === 'open';
  return (
    <AnalysisGate analysis={analysis} store={store}>
      {(analyses) => (
        <OneConnection analyses={analyses}>
          {(a) => {
            const pairs = show === 'all' ? a.acks.pairs : a.acks.pairs.filter((p) => p.ackFrame === null);
            return (
              <>
                <AckFacts a={a} />
                <div className="segmented small" role="group" aria-label="Show">
                  {(['all', 'unanswered'] as const).map((s) => (
                    <button
                      key={s}
                      className={show === s ? 'active' : ''}
                      aria-pressed={show === s}
                      onClick={() => setShow(s)}
                    >
                      {s === 'all' ? 'All' : 'Unanswered'}
                    </button>
                  ))}
                </div>
                {pairs.length === 0 ? (
                  <div className="empty">
                    {a.acks.pairs.length === 0 ? 'No emit asked for an ack.' : 'Every ack was answered.'}
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
                          app={app}
                          session={store.id}
                        />
                      ))}
                    </tbody>
                  </table>
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
  app,
  session,
}: {
  readonly pair: AckPair;
  readonly conn: string;
  readonly onFrame: (l: FrameLink) => void;
  readonly canAnswer: boolean;
  readonly app: AppStore;
  readonly session: string;
}) {
  const [answering, setAnswering] = useState(false);
  const unanswered = pair.ackFrame === null;
  return (
    <>
      <tr
        className={`link-row${unanswered ? ' row-bad' : ''}`}
        onClick={() => onFrame({ frame: pair.frame, conn, hint: ackHint(pair.nsp, pair.id, false) })}
        tabIndex={0}
        onKeyDown={(e) =>
          e.key === 'Enter' && onFrame({ frame: pair.frame, conn, hint: ackHint(pair.nsp, pair.id, false) })
        }
        data-testid="ack-row"
      >
        <td>{pair.requestedBy === 'client' ? '→ client' : '← server'}</td>
        <td className="mono">{formatTime(pair.t)}</td>
        <td className="mono">{pair.nsp}</td>
        <td className="mono">{pair.id}</td>
        <td className="mono">{pair.event === null ? '' : String(pair.event)}</td>
        <td className="num mono">
          {unanswered ? <span className="bad">no answer</span> : formatMs(pair.latencyMs)}
        </td>
        <td>
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
          <td colSpan={7}>
            <AckAnswer app={app} session={session} pair={pair} onDone={() => setAnswering(false)} />
          </td>
        </tr>
      )}
    </>
  );
}

function AckAnswer({
  app,
  session,
  pair,
  onDone,
}: {
  readonly app: AppStore;
  readonly session: string;
  readonly pair: AckPair;
  readonly onDone: () => void;
}) {
  const [text, setText] = useState('["ok"]');
  const check = validateArgs(text);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!check.ok) return;
        app.api.connections
          .ack({ session, nsp: pair.nsp, id: pair.id, args: check.args })
          .then(onDone)
          .catch((err: unknown) => app.notify('error', `could not send the ack: ${messageOf(err)}`));
      }}
    >
      <input
        className="input mono grow"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        aria-label="Ack args (JSON array)"
        spellCheck={false}
      />
      <button className="button button-primary" disabled={!check.ok}>
        Send ACK {pair.id}
      </button>
      {!check.ok && <span className="bad">{check.problem.message}</span>}
    </form>
  );
}

function AckFacts({ a }: { readonly a: ConnectionAnalysis }) {
  const s = a.acks.summary;
  return (
    <dl className="facts">
      <div className="fact">
        <dt>Client asked</dt>
        <dd>
          {s.answered}/{s.sent} <span className="muted">answered</span>
        </dd>
      </div>
      <div className="fact">
        <dt>Latency</dt>
        <dd>
          {formatMs(s.latencyMs.median)}{' '}
          <span className="muted">median · max {formatMs(s.latencyMs.max)}</span>
        </dd>
      </div>
      <div className="fact">
        <dt>Server asked</dt>
        <dd>
          {s.fromServer.answered}/{s.fromServer.requested} <span className="muted">answered</span>
        </dd>
      </div>
      <div className={`fact${s.unanswered > 0 ? ' fact-bad' : ''}`}>
        <dt>Unanswered</dt>
        <dd>{s.unanswered}</dd>
      </div>
      <div className={`fact${s.duplicates + s.unknown > 0 ? ' fact-bad' : ''}`}>
        <dt>Duplicate / unknown</dt>
        <dd>
          {s.duplicates} / {s.unknown}
        </dd>
      </div>
    </dl>
  );
}
