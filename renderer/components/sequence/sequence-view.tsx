// The sequence tab: per connection, what was negotiated (version, sid, transport, upgrade, namespaces)
// and the diagram of how it got there; during playback, both as they stood at the playhead.
import { useAnalysis } from '../../hooks/use-analysis';
import { useSession } from '../../hooks/use-store';
import { analysisTime } from '../../state/playback';
import {
  connectionFactsAt,
  sequenceAt,
  type ConnectionFacts,
} from '../../../shared/analysis/playback-analysis';
import { stepHint } from '../../../shared/analysis/record-hint';
import type { SessionStore } from '../../state/session-store';
import { AnalysisGate } from '../analysis-gate';
import { OneConnection } from '../connection-picker';
import { Fact } from '../fact';
import type { FrameLink } from '../../state/frame-locator';
import { SequenceDiagram } from './sequence-diagram';

export function SequenceView({
  store,
  onFrame,
}: {
  readonly store: SessionStore;
  readonly onFrame: (link: FrameLink) => void;
}) {
  const analysis = useAnalysis(store);
  const { playhead, total, info } = useSession(store);
  // The client lane names the client only when it is this app's own connection: a proxy's clients and a
  // file's are whoever they were.
  const client = info.kind === 'live' && info.proxy === undefined ? 'sio-inspector' : '';
  const time = analysisTime(playhead, total);
  return (
    <AnalysisGate analysis={analysis} store={store}>
      {(analyses) => (
        <OneConnection analyses={analyses} time={time}>
          {(a) => {
            return (
              <>
                <ConnectionFactList facts={connectionFactsAt(a, time)} />
                <SequenceDiagram
                  sequence={sequenceAt(a.sequence, time)}
                  client={client}
                  started={store.getSnapshot().info.started}
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

function ConnectionFactList({ facts }: { readonly facts: ConnectionFacts }) {
  const up = facts.upgrade;
  const stopped = up.attempted && !up.completed;
  const upgrade = !up.attempted
    ? `not attempted${facts.settled ? '' : ' yet'}`
    : up.completed
      ? `completed${up.ms === null ? '' : ` in ${Math.round(up.ms)} ms`}`
      : `${facts.settled ? 'stopped' : 'under way'} after ${up.stoppedAt ?? 'start'}`;
  return (
    <dl className="facts" data-testid="connection-facts">
      <Fact label="Engine.IO" title={`decided by ${facts.eioSource}`}>
        v{facts.eio}
      </Fact>
      <Fact label="sid">{facts.sid ?? '—'}</Fact>
      <Fact label="Transport">{facts.transport ?? '—'}</Fact>
      <Fact label="Upgrade" bad={stopped && facts.settled}>
        {upgrade}
      </Fact>
      {up.probeMs !== null && <Fact label="Probe">{`${Math.round(up.probeMs)} ms`}</Fact>}
      {facts.closeReason !== null && (
        <Fact label="Closed" bad>
          {facts.closeReason}
        </Fact>
      )}
      <Fact label="Namespaces" wide>
        {facts.namespaces.length === 0 && '—'}
        {facts.namespaces.map((n) => (
          <span
            key={n.nsp}
            className={`chip ${n.connected ? 'chip-ok' : n.error !== undefined ? 'chip-bad' : 'chip-wait'}`}
            title={n.error?.message ?? n.sid ?? ''}
          >
            {n.nsp} {n.connected ? '✓' : n.error !== undefined ? `✕ ${n.error.message}` : '…'}
          </span>
        ))}
      </Fact>
    </dl>
  );
}
