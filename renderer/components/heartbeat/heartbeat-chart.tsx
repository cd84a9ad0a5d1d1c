// Heartbeat over time, two panels on one time axis: the interval between pings against pingInterval and
// the liveness deadline (pingInterval + pingTimeout), and each pong's latency (log scale) against
// pingTimeout and the slow-pong line. Late pings and missed pongs are marked in red.
import { useRef } from 'react';
import { SLOW_PONG_SHARE, type HeartbeatPoint } from '../../../shared/analysis/heartbeat';
import { useElementSize } from '../../hooks/use-element-size';
import type { HeartbeatShown } from '../../../shared/analysis/playback-analysis';
import { formatTime } from '../../state/record-format';
import { linearScale, logScale, msLabel, type Scale } from './chart-scale';
import './heartbeat.css';

const PANEL = 170;
const GAP = 46;
const LEFT = 64;
const RIGHT = 150;
const TOP = 20;

export function HeartbeatChart({
  heartbeat,
  onPoint,
}: {
  readonly heartbeat: HeartbeatShown;
  readonly onPoint: (frame: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { width: measured } = useElementSize(box);
  const width = Math.max(480, measured === 0 ? 760 : measured);
  const { series, summary } = heartbeat;
  const interval = summary.pingInterval;
  const timeout = summary.pingTimeout;
  const deadline = interval !== null && timeout !== null ? interval + timeout : null;

  const tMin = series[0]?.t ?? 0;
  const tMax = Math.max(tMin + 1000, series[series.length - 1]?.t ?? 0);
  const x = linearScale(
    [tMin / 1000, tMax / 1000],
    [LEFT, width - RIGHT],
    Math.max(2, Math.floor((width - LEFT - RIGHT) / 90)),
  );
  const xt = (t: number): number => x(t / 1000);

  // Scaled to the pings and pingInterval, so their spread shows; the deadline is drawn when a ping came
  // near it, and otherwise named at the top edge.
  const iMax =
    Math.max(
      maxOf(series, (p) => p.intervalMs),
      interval ?? 0,
      1,
    ) * 1.4;
  const deadlineShown = deadline !== null && deadline <= iMax;
  const yI = linearScale([0, iMax], [TOP + PANEL, TOP]);

  const lTop = TOP + PANEL + GAP;
  // Headroom above pingTimeout so the deadline reads as a line under the top edge, not the edge itself.
  const lMax =
    Math.max(
      maxOf(series, (p) => p.pongLatencyMs),
      timeout ?? 0,
      10,
    ) * 3;
  const yL = logScale([0.1, lMax], [lTop + PANEL, lTop]);
  const height = lTop + PANEL + 30;

  return (
    <div ref={box} className="chart" data-testid="heartbeat-chart">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label="Heartbeat chart"
      >
        <Panel title="Ping interval" y={TOP} width={width} scale={yI} />
        <Panel title="Pong latency (log)" y={lTop} width={width} scale={yL} />
        {interval !== null && (
          <RefLine y={yI(interval)} width={width} label={`pingInterval ${msLabel(interval)}`} kind="ref" />
        )}
        {deadline !== null &&
          (deadlineShown ? (
            <RefLine y={yI(deadline)} width={width} label={`deadline ${msLabel(deadline)}`} kind="bad" />
          ) : (
            <text x={width - RIGHT + 6} y={TOP + 10} className="refline-note">
              deadline {msLabel(deadline)} ↑
            </text>
          ))}
        {timeout !== null && (
          <RefLine y={yL(timeout)} width={width} label={`pingTimeout ${msLabel(timeout)}`} kind="bad" />
        )}
        {timeout !== null && <RefLine y={yL(timeout * SLOW_PONG_SHARE)} width={width} label="" kind="warn" />}
        <Series
          points={series}
          value={(p) => p.intervalMs}
          x={xt}
          y={yI}
          bad={(p) => p.late}
          onPoint={onPoint}
          what="interval"
        />
        <Series
          points={series}
          value={(p) => p.pongLatencyMs ?? (p.missed && timeout !== null ? timeout : null)}
          x={xt}
          y={yL}
          bad={(p) => p.missed}
          onPoint={onPoint}
          what="pong latency"
        />
        {x.ticks.map((t) => (
          <g key={t} className="axis">
            <line x1={x(t)} x2={x(t)} y1={lTop + PANEL} y2={lTop + PANEL + 4} />
            <text x={x(t)} y={lTop + PANEL + 18} textAnchor="middle">
              {t} s
            </text>
          </g>
        ))}
      </svg>
      <div className="legend">
        <span>
          <i className="legend-dot" /> ping (click to see it)
        </span>
        <span>
          <i className="legend-bad">✕</i> late ping or missed pong
        </span>
        <span>
          <i className="legend-line legend-ref" /> pingInterval
        </span>
        <span>
          <i className="legend-line legend-bad-line" /> deadline: pingInterval + pingTimeout, or pingTimeout
        </span>
        <span>
          <i className="legend-line legend-warn" /> slow: {Math.round(SLOW_PONG_SHARE * 100)}% of pingTimeout
        </span>
      </div>
    </div>
  );
}

/** Largest non-null value, 0 for none (a loop: spreading 100k values into Math.max overflows the stack). */
function maxOf<T>(items: readonly T[], value: (item: T) => number | null): number {
  let max = 0;
  for (const item of items) {
    const v = value(item);
    if (v !== null && v > max) max = v;
  }
  return max;
}

function Panel({
  title,
  y,
  width,
  scale,
}: {
  readonly title: string;
  readonly y: number;
  readonly width: number;
  readonly scale: Scale;
}) {
  return (
    <g className="panel">
      <rect x={LEFT} y={y} width={width - LEFT - RIGHT} height={PANEL} className="panel-bg" />
      <text x={LEFT} y={y - 6} className="panel-title">
        {title}
      </text>
      {scale.ticks.map((v) => (
        <g key={v} className="axis">
          <line x1={LEFT} x2={width - RIGHT} y1={scale(v)} y2={scale(v)} className="grid" />
          <text x={LEFT - 6} y={scale(v) + 4} textAnchor="end">
            {msLabel(v)}
          </text>
        </g>
      ))}
    </g>
  );
}

function RefLine({
  y,
  width,
  label,
  kind,
}: {
  readonly y: number;
  readonly width: number;
  readonly label: string;
  readonly kind: 'ref' | 'bad' | 'warn';
}) {
  return (
    <g className={`refline refline-${kind}`}>
      <line x1={LEFT} x2={width - RIGHT} y1={y} y2={y} />
      {label !== '' && (
        <text x={width - RIGHT + 6} y={y + 4}>
          {label}
        </text>
      )}
    </g>
  );
}

interface SeriesProps {
  readonly points: readonly HeartbeatPoint[];
  readonly value: (p: HeartbeatPoint) => number | null;
  readonly x: (t: number) => number;
  readonly y: Scale;
  readonly bad: (p: HeartbeatPoint) => boolean;
  readonly onPoint: (frame: number) => void;
  readonly what: string;
}

function Series({ points, value, x, y, bad, onPoint, what }: SeriesProps) {
  const drawn = points.flatMap((p) => {
    const v = value(p);
    return v === null ? [] : [{ p, v, cx: x(p.t), cy: y(v) }];
  });
  const path = drawn.map((d, i) => `${i === 0 ? 'M' : 'L'}${d.cx.toFixed(1)},${d.cy.toFixed(1)}`).join(' ');
  return (
    <g className="series">
      {drawn.length > 1 && <path d={path} className="series-line" />}
      {drawn.map(({ p, v, cx, cy }) =>
        bad(p) ? (
          <g
            key={p.frame}
            className="point point-bad"
            onClick={() => onPoint(p.frame)}
            data-testid="heartbeat-bad"
          >
            <title>{`${what} ${msLabel(v)} at ${formatTime(p.t)} — ${p.missed ? 'pong missed' : 'late ping'} (frame ${p.frame})`}</title>
            <path d={`M${cx - 5},${cy - 5} L${cx + 5},${cy + 5} M${cx - 5},${cy + 5} L${cx + 5},${cy - 5}`} />
          </g>
        ) : (
          <circle key={p.frame} cx={cx} cy={cy} r={3.5} className="point" onClick={() => onPoint(p.frame)}>
            <title>{`${what} ${msLabel(v)} at ${formatTime(p.t)} (frame ${p.frame})`}</title>
          </circle>
        ),
      )}
    </g>
  );
}
