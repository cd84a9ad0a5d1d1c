// The heartbeat tab: the negotiated timings and what the pings actually did, then the chart; during
// playback, only the pings and pongs up to the playhead.
import type { HeartbeatSummary } from '../../../shared/analysis/heartbeat';
import { useAnalysis } from '../../hooks/use-analysis';
import { useSession } from '../../hooks/use-store';
import { analysisTime } from '../../state/playback';
import { heartbeatAt } from '../../../shared/analysis/playback-analysis';
import { formatMs } from '../../state/record-format';
import type { SessionStore } from '../../state/session-store';
import { AnalysisGate } from '../analysis-gate';
import { OneConnection } from '../connection-picker';
import { Fact } from '../fact';
import type { FrameLink } from '../../state/frame-locator';
import { HeartbeatChart } from './heartbeat-chart';

export function HeartbeatView({
  store,
  onFrame,
}: {
  readonly store: SessionStore;
  readonly onFrame: (link: FrameLink) => void;
}) {
  const analysis = useAnalysis(store);
  const { playhead, total } = useSession(store);
  const time = analysisTime(playhead, total);
  return (
    <AnalysisGate analysis={analysis} store={store}>
      {(analyses) => (
        <OneConnection analyses={analyses} time={time}>
          {(a) => {
            const hb = heartbeatAt(a, time);
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
                {time === null && a.heartbeat.seriesOmitted > 0 && (
                  <p className="muted" data-testid="heartbeat-omitted">
                    The chart shows the first {hb.series.length.toLocaleString('en-US')} pings;{' '}
                    {a.heartbeat.seriesOmitted.toLocaleString('en-US')} later ones are counted above.
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

function HeartbeatFacts({ s }: { readonly s: HeartbeatSummary }) {
  return (
    <dl className="facts" data-testid="heartbeat-facts">
      <Fact label="pingInterval">{formatMs(s.pingInterval)}</Fact>
      <Fact label="pingTimeout">{formatMs(s.pingTimeout)}</Fact>
      <Fact label="Pings">
        {s.pings} <span className="muted">from the {s.pinger}</span>
      </Fact>
      <Fact label="Interval">
        {formatMs(s.intervalMs.median)}{' '}
        <span className="muted">median · max {formatMs(s.intervalMs.max)}</span>
      </Fact>
      <Fact label="Pong latency">
        {formatMs(s.pongLatencyMs.median)}{' '}
        <span className="muted">median · max {formatMs(s.pongLatencyMs.max)}</span>
      </Fact>
      <Fact label="Late pings" bad={s.late > 0}>
        {s.late}
      </Fact>
      <Fact label="Missed pongs" bad={s.missed > 0}>
        {s.missed}
      </Fact>
      {s.dropped !== undefined && (
        <Fact
          label="Given up on"
          title="Pings pushed out by 10,000 later ones left unanswered: their misses are counted, their pongs not timed"
          bad
        >
          {s.dropped.toLocaleString('en-US')}{' '}
          <span className="muted">
            {[
              s.unmeasured === undefined ? '' : `${s.unmeasured.toLocaleString('en-US')} pongs not timed`,
              s.unjudged === undefined ? '' : `${s.unjudged.toLocaleString('en-US')} not judged`,
            ]
              .filter((part) => part !== '')
              .join(' · ')}
          </span>
        </Fact>
      )}
    </dl>
  );
}
