// The sequence tab: per connection, what was negotiated (version, sid, transport, upgrade, namespaces)
// and the diagram of how it got there.
import type { ConnectionAnalysis } from '../../../shared/bridge/api';
import { useAnalysis } from '../../hooks/use-analysis';
import { useSession } from '../../hooks/use-store';
import { clipSequence } from '../../state/playback';
import { stepHint } from '../../state/record-hint';
import type { SessionStore } from '../../state/session-store';
import { AnalysisGate } from '../analysis-gate';
import { OneConnection } from '../connection-picker';
import type { FrameLink } from '../session/session-view';
import { SequenceDiagram } from './sequence-diagram';

export function SequenceView({
  store,
  onFrame,
}: {
  readonly store: SessionStore;
  readonly onFrame: (link: FrameLink) => void;
}) {
  const analysis = useAnalysis(store);
  const { playhead } = useSession(store);
  return (
    <AnalysisGate analysis={analysis} store={store}>
      {(analyses) => (
        <OneConnection analyses={analyses}>
          {(a) => {
            return (
              <>
                <ConnectionFacts a={a} />
                <SequenceDiagram
                  sequence={playhead === null ? a.sequence : clipSequence(a.sequence, playhead.time)}
                  onStep={(row) => {
                    if (row.frame === null) return;
                    const hint = row.step === null ? undefined : stepHint(row.step, row.nsp);
                    onFrame({
                      frame: row.frame,
                      conn: a.summary.conn,
                      ...(hint === undefined ? {} : { hint }),
                    });
                  }}
                />
              </>
            );
          }}
        </OneConnection>
      )}
    </AnalysisGate>
  );
}

function ConnectionFacts({ a }: { readonly a: ConnectionAnalysis }) {
  const s = a.summary;
  const up = s.upgrade;
  const upgrade = !up.attempted
    ? 'not attempted'
    : up.completed
      ? `completed${up.ms === null ? '' : ` in ${Math.round(up.ms)} ms`}`
      : `stopped after ${up.stoppedAt ?? 'start'}`;
  return (
    <dl className="facts">
      <Fact label="Engine.IO" value={`v${s.eio}`} title={`decided by ${s.eioSource}`} />
      <Fact label="sid" value={s.sid ?? '—'} />
      <Fact label="Transport" value={s.transport ?? '—'} />
      <Fact label="Upgrade" value={upgrade} bad={up.attempted && !up.completed} />
      {up.probeMs !== null && <Fact label="Probe" value={`${Math.round(up.probeMs)} ms`} />}
      {s.closeReason !== null && <Fact label="Closed" value={s.closeReason} bad />}
      <div className="fact fact-wide">
        <dt>Namespaces</dt>
        <dd>
          {s.namespaces.length === 0 && '—'}
          {s.namespaces.map((n) => (
            <span
              key={n.nsp}
              className={`chip ${n.connected ? 'chip-ok' : n.error !== undefined ? 'chip-bad' : 'chip-wait'}`}
              title={n.error?.message ?? n.sid ?? ''}
            >
              {n.nsp} {n.connected ? '✓' : n.error !== undefined ? `✕ ${n.error.message}` : '…'}
            </span>
          ))}
        </dd>
      </div>
    </dl>
  );
}

function Fact({
  label,
  value,
  title,
  bad,
}: {
  readonly label: string;
  readonly value: string;
  readonly title?: string;
  readonly bad?: boolean;
}) {
  return (
    <div className={`fact${bad === true ? ' fact-bad' : ''}`} title={title}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
