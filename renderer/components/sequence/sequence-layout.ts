// Where each step of the handshake / upgrade / namespace sequence goes in the diagram: pure geometry
// from the analysis (shared/analysis/sequence.ts), so the SVG component only draws.
import {
  EXPECTED_FROM,
  type SequenceAnalysis,
  type SequenceStep,
  type StepName,
} from '../../../shared/analysis/sequence';
import { formatMs, formatTime } from '../../state/record-format';

export interface SeqArrow {
  readonly kind: 'arrow' | 'divider' | 'missing';
  readonly y: number;
  /** Start and end x: client → server for `out`, server → client for `in`. */
  readonly x1: number;
  readonly x2: number;
  readonly label: string;
  /** Under the label: transport, what it answers. */
  readonly detail: string;
  /** Left gutter: time since the session started, and that time in ms (null: the step never came). */
  readonly time: string;
  readonly t: number | null;
  /** Right gutter: ms since the step it answers (or the previous one). */
  readonly timing: string;
  readonly ok: boolean;
  readonly frame: number | null;
  /** The step drawn (null for the one that never came), to find its packet in a shared frame. */
  readonly step: StepName | null;
  readonly nsp?: string;
}

export interface SeqLayout {
  readonly width: number;
  readonly height: number;
  readonly clientX: number;
  readonly serverX: number;
  readonly top: number;
  readonly rows: readonly SeqArrow[];
}

export const ROW = 46;
const TOP = 64;
const TIME_GUTTER = 84;
const TIMING_GUTTER = 150;

export function sequenceLayout(seq: SequenceAnalysis, width: number): SeqLayout {
  const w = Math.max(520, width);
  const clientX = TIME_GUTTER + 70;
  const serverX = w - TIMING_GUTTER - 70;
  const rows: SeqArrow[] = [];
  const stop = seq.stoppedAt;
  const place = (): number => TOP + rows.length * ROW + ROW / 2;
  if (stop !== null && stop.index === null && stop.expected !== null)
    rows.push(missing(stop.expected, place(), clientX, serverX));
  seq.steps.forEach((step, i) => {
    rows.push(arrow(step, i, seq.steps, place(), clientX, serverX, w));
    if (stop !== null && stop.index === i && stop.expected !== null)
      rows.push(missing(stop.expected, place(), clientX, serverX));
  });
  return { width: w, height: TOP + rows.length * ROW + 16, clientX, serverX, top: TOP, rows };
}

function arrow(
  step: SequenceStep,
  index: number,
  steps: readonly SequenceStep[],
  y: number,
  clientX: number,
  serverX: number,
  width: number,
): SeqArrow {
  const anchor = step.anchor === null ? undefined : steps[step.anchor];
  // Timed from the step it answers, which is worth naming when that is not the one just before.
  const answers = anchor !== undefined && step.anchor !== index - 1 ? ` after ${anchor.step}` : '';
  const timing = step.ms === null ? '' : `+${formatMs(step.ms)}${answers}`;
  const transport = step.transport === null ? '' : step.transport;
  const base = {
    y,
    time: formatTime(step.t),
    t: step.t,
    timing,
    ok: step.ok,
    frame: step.frame,
    step: step.step,
    ...(step.nsp === undefined ? {} : { nsp: step.nsp }),
  };
  if (step.dir === null) {
    return {
      ...base,
      kind: 'divider',
      x1: TIME_GUTTER,
      x2: width - TIMING_GUTTER,
      label: 'websocket opened',
      detail: step.ok ? '' : 'failed',
    };
  }
  const [x1, x2] = step.dir === 'out' ? [clientX, serverX] : [serverX, clientX];
  const label = step.nsp === undefined ? step.step : `${step.step} ${step.nsp}`;
  const detail = [transport, step.ok ? '' : failure(step)].filter((s) => s !== '').join(' · ');
  return { ...base, kind: 'arrow', x1, x2, label, detail };
}

function missing(expected: StepName, y: number, clientX: number, serverX: number): SeqArrow {
  const dir = EXPECTED_FROM[expected];
  const [x1, x2] = dir === 'out' ? [clientX, serverX] : [serverX, clientX];
  return {
    kind: 'missing',
    y,
    x1,
    x2,
    label: `${expected} never came`,
    detail: 'the sequence stopped here',
    time: '',
    t: null,
    timing: '',
    ok: false,
    frame: null,
    step: null,
  };
}

function failure(step: SequenceStep): string {
  switch (step.step) {
    case 'open':
      return 'malformed handshake';
    case 'CONNECT_ERROR':
    case 'ERROR':
      return 'refused';
    case 'upgrade':
      return 'without a completed probe';
    case '3probe':
      return 'answers no 2probe';
    default:
      return 'failed';
  }
}
