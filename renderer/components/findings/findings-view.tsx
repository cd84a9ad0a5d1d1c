// Protocol findings of every connection, errors first within each frame order: what is wrong, in one
// line, and the frame where it shows (click to see it in the timeline). During playback, the ones the
// records up to the playhead show (shared/analysis/playback-findings.ts). The first MAX_LISTED_FINDINGS
// are listed; the counts cover every one.
import { useState } from 'react';
import {
  FINDING_EXAMPLES,
  FINDING_KINDS,
  type FindingCode,
  type Severity,
} from '../../../shared/analysis/findings';
import type { ConnectionAnalysis } from '../../../shared/bridge/api';
import { MAX_LISTED_FINDINGS } from '../../../shared/limits';
import { useAnalysis } from '../../hooks/use-analysis';
import { useSession } from '../../hooks/use-store';
import { analysisTime } from '../../state/playback';
import { findingsAt } from '../../../shared/analysis/playback-findings';
import { findingHint } from '../../../shared/analysis/record-hint';
import type { SessionStore } from '../../state/session-store';
import { AnalysisGate } from '../analysis-gate';
import type { FrameLink } from '../../state/frame-locator';
import './findings.css';

const ICON: Record<Severity, string> = { error: '✕', warning: '!', info: 'i' };

export function FindingsView({
  store,
  onFrame,
}: {
  readonly store: SessionStore;
  readonly onFrame: (link: FrameLink) => void;
}) {
  const analysis = useAnalysis(store);
  const { playhead, total } = useSession(store);
  const time = analysisTime(playhead, total);
  const [min, setMin] = useState<Severity>('info');
  return (
    <AnalysisGate analysis={analysis} store={store}>
      {(analyses) => {
        const all = analyses.flatMap((a) => findingsAt(a, time).map((f) => ({ f, conn: a.summary.conn })));
        const shown = all.filter(({ f }) => rank(f.severity) >= rank(min));
        const multi = analyses.length > 1;
        // Past FINDING_EXAMPLES of a code the analysis counts instead of listing (the whole session only).
        const omitted = time === null ? omissions(analyses) : [];
        return (
          <div className="scroll-view">
            <div className="view-head">
              <div className="segmented small" role="group" aria-label="Severity">
                {(['info', 'warning', 'error'] as const).map((s) => (
                  <button
                    key={s}
                    className={min === s ? 'active' : ''}
                    aria-pressed={min === s}
                    onClick={() => setMin(s)}
                  >
                    {s === 'info' ? 'All' : s === 'warning' ? 'Warnings and errors' : 'Errors'}
                  </button>
                ))}
              </div>
              <span className="muted" data-testid="findings-counts">
                {counts([...all.map((x) => ({ code: x.f.code, n: 1 })), ...omitted])}
              </span>
            </div>
            {shown.length === 0 ? (
              <div className="empty ok-text" data-testid="findings-empty">
                {all.length > 0
                  ? 'Nothing at this severity.'
                  : time === null
                    ? '✓ No findings: the session follows the protocol.'
                    : '✓ No findings so far.'}
              </div>
            ) : (
              <ul className="findings" data-testid="findings-list">
                {shown.slice(0, MAX_LISTED_FINDINGS).map(({ f, conn }, i) => (
                  <li
                    key={i}
                    className={`finding severity-${f.severity}${f.frame === null ? '' : ' clickable'}`}
                    tabIndex={0}
                    title={FINDING_KINDS[f.code].title}
                    onClick={() =>
                      f.frame !== null && onFrame({ frame: f.frame, conn, hint: findingHint(f.code) })
                    }
                    onKeyDown={(e) =>
                      e.key === 'Enter' &&
                      f.frame !== null &&
                      onFrame({ frame: f.frame, conn, hint: findingHint(f.code) })
                    }
                    data-testid="finding"
                  >
                    <span className="finding-icon" aria-label={f.severity}>
                      {ICON[f.severity]}
                    </span>
                    <code className="finding-code">{f.code}</code>
                    <span className="finding-message">{f.message}</span>
                    <span className="finding-frame">
                      {multi ? `${conn} · ` : ''}
                      {f.frame === null ? '' : `frame ${f.frame}`}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {shown.length > MAX_LISTED_FINDINGS && (
              <p className="muted" data-testid="findings-unlisted">
                The first {MAX_LISTED_FINDINGS.toLocaleString('en-US')} of{' '}
                {shown.length.toLocaleString('en-US')} findings are listed.
              </p>
            )}
            {omitted.length > 0 && (
              <p className="muted" data-testid="findings-omitted">
                The first {FINDING_EXAMPLES.toLocaleString('en-US')} findings of each code are listed; not
                listed:{' '}
                {omitted
                  .map(
                    ({ code, n, conn }) =>
                      `${n.toLocaleString('en-US')} more ${code}${multi ? ` (${conn})` : ''}`,
                  )
                  .join(', ')}
                .
              </p>
            )}
          </div>
        );
      }}
    </AnalysisGate>
  );
}

function rank(s: Severity): number {
  return s === 'error' ? 2 : s === 'warning' ? 1 : 0;
}

interface Omitted {
  readonly code: FindingCode;
  readonly n: number;
  readonly conn?: string;
}

function omissions(analyses: readonly ConnectionAnalysis[]): Omitted[] {
  return analyses.flatMap((a) =>
    (Object.entries(a.summary.findingsOmitted ?? {}) as [FindingCode, number][]).map(([code, n]) => ({
      code,
      n,
      conn: a.summary.conn,
    })),
  );
}

function counts(findings: readonly Omitted[]): string {
  const n = (s: Severity): number =>
    findings.reduce((sum, f) => sum + (FINDING_KINDS[f.code].severity === s ? f.n : 0), 0);
  const count = (k: number, what: string): string => `${k} ${what}${k === 1 || what === 'info' ? '' : 's'}`;
  return `${count(n('error'), 'error')} · ${count(n('warning'), 'warning')} · ${count(n('info'), 'info')}`;
}
