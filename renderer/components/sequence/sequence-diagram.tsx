// The handshake / upgrade / namespace sequence as a two-lane diagram: client on the left, server on the
// right, one arrow per step with its time and timing, failed steps and the step that never came in red.
import { timeTitle } from '../../state/record-format';
import { useRef } from 'react';
import type { SequenceAnalysis } from '../../../shared/analysis/sequence';
import { useElementSize } from '../../hooks/use-element-size';
import { sequenceLayout, type SeqArrow } from './sequence-layout';
import './sequence.css';

export function SequenceDiagram({
  sequence,
  client,
  onStep,
  started,
}: {
  readonly sequence: SequenceAnalysis;
  /** The session's start, for the wall-clock time on a step's time. */
  readonly started?: string | undefined;
  /** Under the client lane's name: who the client is, when known. */
  readonly client: string;
  readonly onStep: (row: SeqArrow) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(box);
  const layout = sequenceLayout(sequence, width === 0 ? 760 : width);
  const { clientX, serverX, height, top } = layout;
  return (
    <div ref={box} className="sequence" data-testid="sequence-diagram">
      {sequence.steps.length === 0 && sequence.stoppedAt === null ? (
        <div className="empty">No handshake yet.</div>
      ) : (
        <svg
          width={layout.width}
          height={height}
          viewBox={`0 0 ${layout.width} ${height}`}
          role="img"
          aria-label="Sequence diagram"
        >
          <defs>
            <ArrowHead id="seq-arrow" className="seq-head" />
            <ArrowHead id="seq-arrow-bad" className="seq-head-bad" />
          </defs>
          <Lane x={clientX} label="Client" sub={client} height={height} />
          <Lane x={serverX} label="Server" sub="" height={height} />
          <text x={8} y={top - 14} className="seq-gutter-title">
            time
          </text>
          <text x={layout.width - 8} y={top - 14} className="seq-gutter-title" textAnchor="end">
            took
          </text>
          {layout.rows.map((row, i) => (
            <Step key={i} row={row} onStep={onStep} started={started} />
          ))}
        </svg>
      )}
    </div>
  );
}

function ArrowHead({ id, className }: { readonly id: string; readonly className: string }) {
  return (
    <marker
      id={id}
      viewBox="0 0 10 10"
      refX="9"
      refY="5"
      markerWidth="7"
      markerHeight="7"
      orient="auto-start-reverse"
    >
      <path d="M0,0 L10,5 L0,10 z" className={className} />
    </marker>
  );
}

function Lane({
  x,
  label,
  sub,
  height,
}: {
  readonly x: number;
  readonly label: string;
  readonly sub: string;
  readonly height: number;
}) {
  return (
    <g className="seq-lane">
      <rect x={x - 60} y={8} width={120} height={34} rx={6} className="seq-lane-box" />
      <text x={x} y={sub === '' ? 30 : 23} textAnchor="middle" className="seq-lane-label">
        {label}
      </text>
      {sub !== '' && (
        <text x={x} y={36} textAnchor="middle" className="seq-lane-sub">
          {sub}
        </text>
      )}
      <line x1={x} y1={42} x2={x} y2={height - 8} className="seq-lifeline" />
    </g>
  );
}

function Step({
  row,
  onStep,
  started,
}: {
  readonly row: SeqArrow;
  readonly onStep: (row: SeqArrow) => void;
  readonly started: string | undefined;
}) {
  const mid = (row.x1 + row.x2) / 2;
  const frame = row.frame;
  const clickable = frame !== null;
  const cls = `seq-step seq-${row.kind}${row.ok ? '' : ' seq-bad'}${clickable ? ' clickable' : ''}`;
  const activate = (): void => {
    if (frame !== null) onStep(row);
  };
  return (
    <g
      className={cls}
      onClick={activate}
      role={clickable ? 'button' : undefined}
      tabIndex={clickable ? 0 : undefined}
      onKeyDown={(e) => {
        if (e.key === 'Enter') activate();
      }}
      data-testid="sequence-step"
    >
      <title>{clickable ? `${row.label}: show frame ${frame} in the timeline` : row.label}</title>
      <rect x={0} y={row.y - 22} width="100%" height={44} className="seq-hover" />
      <text x={8} y={row.y + 4} className="seq-time">
        {row.t !== null && <title>{timeTitle(started, row.t)}</title>}
        {row.time}
      </text>
      {row.kind === 'divider' ? (
        <>
          <line x1={row.x1} y1={row.y} x2={row.x2} y2={row.y} className="seq-divider-line" />
          <text x={mid} y={row.y - 6} textAnchor="middle" className="seq-label">
            {row.label}
          </text>
        </>
      ) : (
        <>
          <line
            x1={row.x1}
            y1={row.y}
            x2={row.x2}
            y2={row.y}
            className="seq-line"
            markerEnd={row.ok ? 'url(#seq-arrow)' : 'url(#seq-arrow-bad)'}
          />
          <text x={mid} y={row.y - 7} textAnchor="middle" className="seq-label">
            {row.ok ? '' : '✕ '}
            {row.label}
          </text>
          {row.detail !== '' && (
            <text x={mid} y={row.y + 15} textAnchor="middle" className="seq-detail">
              {row.detail}
            </text>
          )}
        </>
      )}
      <text x="100%" dx={-8} y={row.y + 4} textAnchor="end" className="seq-timing">
        {row.timing}
      </text>
    </g>
  );
}
