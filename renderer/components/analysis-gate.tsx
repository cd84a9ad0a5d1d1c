// Shows an analysis view's content once there is an analysis (the previous one while a newer loads),
// under a line saying what it left out, if anything (a session of more connections than the analyses
// follow); and a clear line while loading (with how far the Node side got and a Stop), stopped, or failed.
import type { ReactNode } from 'react';
import { notAnalysedNote } from '../../shared/analysis/summary';
import type { ConnectionAnalysis } from '../../shared/bridge/api';
import { useSession } from '../hooks/use-store';
import { shownAnalyses, type AnalysisState, type SessionStore } from '../state/session-store';

export function AnalysisGate({
  analysis,
  store,
  children,
}: {
  readonly analysis: AnalysisState;
  readonly store: SessionStore;
  readonly children: (analyses: readonly ConnectionAnalysis[]) => ReactNode;
}) {
  const { info } = useSession(store);
  const shown = shownAnalyses(analysis);
  if (shown !== undefined) {
    const left = info.recordsNotAnalysed;
    return (
      <>
        {left !== undefined && (
          <p className="muted analysis-note" data-testid="not-analysed">
            {notAnalysedNote(left)}
          </p>
        )}
        {children(shown)}
      </>
    );
  }
  if (analysis.status === 'error') {
    return (
      <div className="empty" role={analysis.stopped ? undefined : 'alert'} data-testid="analysis-stopped">
        <p>{analysis.stopped ? 'Analysis stopped.' : `Could not analyse the session: ${analysis.message}`}</p>
        <button className="button" onClick={() => void store.loadAnalysis(true)}>
          {analysis.stopped ? 'Analyse' : 'Try again'}
        </button>
      </div>
    );
  }
  const share = info.analysing;
  return (
    <div className="empty" data-testid="analysing">
      <p>
        Analysing…
        {share !== undefined && <span data-testid="analysis-progress"> {Math.floor(share * 100)}%</span>}
      </p>
      {analysis.status === 'loading' && (
        <button className="button" data-testid="analysis-stop" onClick={() => void store.stopAnalysis()}>
          Stop
        </button>
      )}
    </div>
  );
}
