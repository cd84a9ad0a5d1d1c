// The heartbeat tab: the negotiated timings and what the pings actually did, then the chart.
import type { HeartbeatSummary } from '../../../shared/analysis/heartbeat';
import { useAnalysis } from '../../hooks/use-analysis';
import { useSession } from '../../hooks/use-store';
import { clipHeartbeat } from '../../state/playback';
import { formatMs } from '../../state/record-format';
import type { SessionStore } from '../../state/session-store';
import { AnalysisGate } from '../analysis-gate';
import { OneConnection } from '../connection-picker';
import type { FrameLink } from '../session/session-view';
import { HeartbeatChart } from './heartbeat-chart';

export function HeartbeatView({
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
            const hb = playhead === null ? a.heartbeat : clipHeartbeat(a.heartbeat, playhead.time);
            return (
              <>
                <HeartbeatFacts s={hb.summary} />
                {hb.series.length === 0 ? (
                  <div className="empty" data-testid="heartbeat-chart">
                    No heartbeat pings yet
                    {hb.summary.pingInterval === null
                      ? ''
                      : ` (the ${hb.summary.pinger} pings every ${formatMs(hb.summary.pingInterval)})`}
                    .
                  </div>
                ) : (
                  <HeartbeatChart
                    heartbeat={hb}
                    onPoint={(frame) => onFrame({ frame, conn: a.summary.conn, hint: { eio: ['ping'] } })}
                  />
                )}
              </>
            );
          }}
        </OneConnection>
      )}
    </AnalysisGate>
  );
}

function HeartbeatFacts({ s }: { readonly s: HeartbeatSummary }) {
  return (
    <dl className="facts">
      <div className="fact">
        <dt>pingInterval</dt>
        <dd>{formatMs(s.pingInterval)}</dd>
      </div>
      <div className="fact">
        <dt>pingTimeout</dt>
        <dd>{formatMs(s.pingTimeout)}</dd>
      </div>
      <div className="fact">
        <dt>Pings</dt>
        <dd>
          {s.pings} <span className="muted">from the {s.pinger}</span>
        </dd>
      </div>
      <div className="fact">
        <dt>Interval</dt>
        <dd>
          {formatMs(s.intervalMs.median)}{' '}
          <span className="muted">median · max {formatMs(s.intervalMs.max)}</span>
        </dd>
      </div>
      <div className="fact">
        <dt>Pong latency</dt>
        <dd>
          {formatMs(s.pongLatencyMs.median)}{' '}
          <span className="muted">median · max {formatMs(s.pongLatencyMs.max)}</span>
        </dd>
      </div>
      <div className={`fact${s.late > 0 ? ' fact-bad' : ''}`}>
        <dt>Late pings</dt>
        <dd>{s.late}</dd>
      </div>
      <div className={`fact${s.missed > 0 ? ' fact-bad' : ''}`}>
        <dt>Missed pongs</dt>
        <dd>{s.missed}</dd>
      </div>
    </dl>
  );
}
